/**
 * What an analyst can do about an error. The API answers 404 both for what
 * does not exist and for what the viewer may not see (PRODUCT.md §3 rule 4),
 * so the advice for 404 covers both without telling them apart.
 */
import type { ApiError } from '../api/api-client.ts';

/** One sentence that says what to do next. */
export function errorAdvice(error: ApiError): string {
  switch (true) {
    case error.status === 0:
      return 'The satview server did not answer. Check that it is running, then retry.';
    case error.status === 400:
      return 'The request was not understood. Check the identifier or filters you entered.';
    case error.status === 401:
      return 'Your session has ended. Log in again.';
    case error.status === 404:
      return 'Nothing visible here: it does not exist, or your party is not responsible for it. Check the identifier or search again.';
    case error.status === 429:
      return 'Too many attempts. Wait a few minutes before trying again.';
    case error.status >= 500:
      return 'The server failed. Retry; if it keeps failing, tell the operator of the service.';
    default:
      return 'Retry, or go back to the search.';
  }
}
