/**
 * The error catalogue. Every error satview raises on purpose has a stable
 * code, an HTTP status for when it reaches the API, and a message that tells
 * the reader what to fix. Anything else is an internal error and is reported
 * as a generic 500 without its details.
 */

/** One entry of the catalogue. */
export interface ErrorDefinition {
  readonly code: string;
  readonly status: number;
  /** What the user can do about it; shown in the README's error table. */
  readonly fix: string;
}

function define(code: string, status: number, fix: string): ErrorDefinition {
  return { code, status, fix };
}

/** All error codes, by name. Codes never change once released. */
export const ErrorCodes = {
  configInvalid: define(
    'SV_CONFIG_INVALID',
    500,
    'Correct the named settings (flags or SATVIEW_* variables).',
  ),
  usage: define(
    'SV_USAGE',
    400,
    'Run `satview help` for the commands and their options.',
  ),
  euiInvalid: define(
    'SV_EUI_INVALID',
    400,
    'Give an EUI-64 as 16 hex digits, with or without hyphens.',
  ),
  requestIdInvalid: define(
    'SV_REQUEST_ID_INVALID',
    400,
    'A Request ID is originator:target:counter (EUI-64:EUI-64:integer).',
  ),
  duisRefused: define(
    'SV_DUIS_REFUSED',
    422,
    'The message is not DUIS that satview can read; see the reason.',
  ),
  duisUnsafe: define(
    'SV_DUIS_UNSAFE',
    422,
    'Remove the DOCTYPE or entity declarations; DUIS never needs them.',
  ),
  duisTooLarge: define(
    'SV_DUIS_TOO_LARGE',
    413,
    'Split the input or raise SATVIEW_MAX_MESSAGE_BYTES.',
  ),
  inputUnreadable: define(
    'SV_INPUT_UNREADABLE',
    400,
    'Check the path exists and holds XML, .gz, NDJSON or CSV files.',
  ),
  referenceRowInvalid: define(
    'SV_REFERENCE_ROW_INVALID',
    422,
    'Correct the CSV row named in the message and load the file again.',
  ),
  storeUnavailable: define(
    'SV_STORE_UNAVAILABLE',
    503,
    'Check the database path or postgres:// URL and that the server runs.',
  ),
  partyUnknown: define(
    'SV_PARTY_UNKNOWN',
    404,
    'Use a party_id that parties.csv (or the demo world) defines.',
  ),
  notFound: define(
    'SV_NOT_FOUND',
    404,
    'Check the identifier; satview answers the same for what does not ' +
      'exist and what you may not see.',
  ),
  unauthenticated: define(
    'SV_UNAUTHENTICATED',
    401,
    'Log in, or send a valid API token as `Authorization: Bearer …`.',
  ),
  forbiddenCsrf: define(
    'SV_CSRF',
    403,
    'Send the x-csrf-token header that the login answer gave.',
  ),
  rateLimited: define(
    'SV_RATE_LIMITED',
    429,
    'Wait a minute before trying to log in again.',
  ),
  badRequest: define('SV_BAD_REQUEST', 400, 'Correct the named parameter.'),
  accountInvalid: define(
    'SV_ACCOUNT_INVALID',
    400,
    'Check the account name, party and password rules.',
  ),
  internal: define(
    'SV_INTERNAL',
    500,
    'An unexpected error; the server log has the details.',
  ),
  duisWriteInvalid: define(
    'SV_DUIS_WRITE_INVALID',
    400,
    'Write an SRV the catalogue knows, with a Command Variant it permits, ' +
      'and an execution time only where the SRV can be future-dated.',
  ),
  requestTooLarge: define(
    'SV_REQUEST_TOO_LARGE',
    413,
    'Send a smaller request body; the API takes small JSON bodies only.',
  ),
} as const;

export type ErrorName = keyof typeof ErrorCodes;

/** The one error class satview throws on purpose. */
export class SatviewError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    name: ErrorName,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message);
    const definition = ErrorCodes[name];
    this.name = 'SatviewError';
    this.code = definition.code;
    this.status = definition.status;
    this.details = Object.freeze({ ...details });
  }
}

/** Whether a value is a SatviewError of the given kind (or any kind). */
export function isSatviewError(
  value: unknown,
  name?: ErrorName,
): value is SatviewError {
  if (!(value instanceof SatviewError)) return false;
  return name === undefined || value.code === ErrorCodes[name].code;
}
