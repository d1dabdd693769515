/**
 * How the API answers errors: always `{error: {code, message}}` with a code
 * from the catalogue. A SatviewError says what to fix; Fastify's own client
 * errors (validation, bad JSON, a body too large) are mapped onto the
 * catalogue; anything else is an internal error, logged with the request
 * id and answered as a generic 500 so that no internals leak.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

import {
  ErrorCodes,
  type ErrorName,
  isSatviewError,
} from '../errors/satview-error.ts';

/** The body of every error answer. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

/** The JSON schema of an error answer, shared by every route. */
export const ERROR_SCHEMA = {
  $id: 'ApiError',
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
      },
    },
  },
} as const;

/** An error answer built from a catalogue entry. */
export function errorBody(name: ErrorName, message: string): ErrorBody {
  return { error: { code: ErrorCodes[name].code, message } };
}

/** Sends a catalogue error. */
export function sendError(
  reply: FastifyReply,
  name: ErrorName,
  message: string,
): FastifyReply {
  return reply.code(ErrorCodes[name].status).send(errorBody(name, message));
}

/** Fastify's error handler: maps any thrown error to an error answer. */
export function handleError(
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (isSatviewError(error)) {
    return reply
      .code(error.status)
      .send({ error: { code: error.code, message: error.message } });
  }
  const mapped = mapFastifyError(error as FastifyError);
  if (mapped !== undefined) return sendError(reply, mapped[0], mapped[1]);
  request.log.error({ err: error }, 'request failed');
  return sendError(
    reply,
    'internal',
    `An unexpected error; quote request id ${request.id} to the operator.`,
  );
}

/** Fastify's client errors, in catalogue terms; undefined for the rest. */
function mapFastifyError(error: FastifyError): [ErrorName, string] | undefined {
  if (error.validation !== undefined) {
    return ['badRequest', `Invalid request: ${error.message}`];
  }
  const status = error.statusCode ?? 500;
  if (status === 413) {
    return ['requestTooLarge', 'The request body is too large.'];
  }
  if (status === 415) {
    return ['badRequest', 'Send the body as application/json.'];
  }
  if (status >= 400 && status < 500) {
    // Fastify's messages for these name the input, never our internals.
    return ['badRequest', error.message];
  }
  return undefined;
}
