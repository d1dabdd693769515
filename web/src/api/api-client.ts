/**
 * The one way the UI talks to the satview HTTP API: same-origin fetch with
 * the session cookie, JSON in and out, and the API's error body
 * (`{error: {code, message}}`) turned into an ApiError.
 */

/** Dispatched on window when the API answers 401. */
export const UNAUTHORIZED_EVENT = 'satview:unauthorized';

/** An answer other than 2xx, or no answer at all (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** Query parameters; undefined and empty values are left out. */
export type QueryParams = Readonly<Record<string, string | undefined>>;

/** Builds `/api/...?a=b` from a path and parameters. */
export function apiUrl(path: string, params: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(name, value);
  }
  const query = search.toString();
  return query === '' ? path : `${path}?${query}`;
}

/** GETs JSON. The type is the server's contract (record-view.ts), not
 * checked at run time: the API validates its responses against schemas. */
export async function getJson<T>(
  url: string,
  signal?: AbortSignal,
): Promise<T> {
  const response = await send(url, { method: 'GET', signal });
  return (await response.json()) as T;
}

/** POSTs JSON with the session's CSRF token (required for every write). */
export async function postJson<T>(
  url: string,
  body: unknown,
  csrfToken: string | null,
): Promise<T> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
  };
  if (csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  const response = await send(url, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return (text === '' ? null : JSON.parse(text)) as T;
}

async function send(url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: 'same-origin' });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ApiError(0, 'NETWORK', 'The satview server did not answer.');
  }
  if (response.status === 401) {
    // The session expired or was never there: the shell shows the login.
    window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
  }
  if (!response.ok) throw await toApiError(response);
  return response;
}

async function toApiError(response: Response): Promise<ApiError> {
  const fallback = `The server answered ${response.status}.`;
  try {
    const body = (await response.json()) as {
      error?: { code?: string; message?: string };
    };
    return new ApiError(
      response.status,
      body.error?.code ?? `HTTP_${response.status}`,
      body.error?.message ?? fallback,
    );
  } catch {
    return new ApiError(response.status, `HTTP_${response.status}`, fallback);
  }
}

/** Whether an error is only the cancellation of a superseded fetch. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
