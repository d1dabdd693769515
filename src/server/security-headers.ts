/**
 * The headers every answer carries. The web UI is a same-origin single
 * page with no inline script or style, so a strict policy costs nothing
 * and limits what an injected string could do. API answers hold other
 * parties' traffic metadata, so no cache may keep them.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

/** An onSend hook: adds the security headers and the request id. In the
 * callback form, as every answer passes through it: an async hook costs a
 * promise a request. */
export function addSecurityHeaders(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (error: null, payload: unknown) => void,
): void {
  reply.headers(HEADERS);
  reply.header('x-request-id', request.id);
  if (request.url.startsWith('/api/')) {
    reply.header('cache-control', 'no-store');
  }
  done(null, payload);
}
