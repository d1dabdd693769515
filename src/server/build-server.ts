/**
 * The HTTP server: the JSON API under /api, GET /health, and the web UI.
 * buildServer wires it up without listening, so tests drive it in-process
 * with app.inject() and `satview serve` listens on a port.
 */
import { randomUUID } from 'node:crypto';

import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';

import type { Config } from '../config/config.ts';
import type { Logger } from '../log/logger.ts';
import { CommitWatch } from '../store/commit-watch.ts';
import type { Store } from '../store/database.ts';
import { registerAccessLogRoute } from './access-log-routes.ts';
import { AccessLogWriter } from './access-log-writer.ts';
import { ANSWER_CACHE_TTL_MS, AnswerCache } from './answer-cache.ts';
import { authenticateCallers } from './caller-authentication.ts';
import { CallerCache } from './caller-cache.ts';
import { registerDemoLoginRoute } from './demo-login-routes.ts';
import { registerDeviceRoutes } from './device-routes.ts';
import { ERROR_SCHEMA, handleError } from './error-replies.ts';
import { registerExportRoutes } from './export-routes.ts';
import { registerHealthRoute } from './health-routes.ts';
import { LoginThrottle } from './login-throttle.ts';
import { registerPortfolioRoutes } from './portfolio-routes.ts';
import { registerRequestRoutes } from './request-routes.ts';
import { addSecurityHeaders } from './security-headers.ts';
import {
  type DemoLogin,
  SESSION_TTL_MS,
  type ServerContext,
} from './server-context.ts';
import { registerLoginRoute, registerSessionRoutes } from './session-routes.ts';
import { VIEW_SCHEMAS } from './view-schemas.ts';
import { DEFAULT_WEB_ROOT, registerWebUi } from './web-ui.ts';

/** What a server is built from. */
export interface BuildServerOptions {
  readonly store: Store;
  readonly config: Config;
  readonly logger: Logger;
  /** Demo accounts to list on /api/demo-logins; none by default. */
  readonly demoLogins?: readonly DemoLogin[] | null;
  /** The built web UI; default web/dist of this project. */
  readonly webRoot?: string;
  /** The clock, epoch ms; tests move it. */
  readonly now?: () => number;
  /** How long a record answer is reused (0: never); default 10 s. */
  readonly answerCacheTtlMs?: number;
}

// The API takes small JSON bodies only (a login); anything bigger is a
// mistake or an attack.
const BODY_LIMIT = 16 * 1024;

/** Builds the server (not yet listening). */
export async function buildServer(
  options: BuildServerOptions,
): Promise<FastifyInstance> {
  const commits = new CommitWatch(options.store);
  const context: ServerContext = {
    store: options.store,
    config: options.config,
    now: options.now ?? Date.now,
    throttle: new LoginThrottle(options.store),
    demoLogins: options.demoLogins ?? null,
    sessionTtlMs: SESSION_TTL_MS,
    answers: new AnswerCache(
      commits,
      options.answerCacheTtlMs ?? ANSWER_CACHE_TTL_MS,
    ),
    accessLog: new AccessLogWriter(options.store),
    callers: new CallerCache(commits),
  };
  const app = createApp(options.logger, options.config);
  await registerPlugins(app);
  registerPublicRoutes(app, context);
  await app.register(
    async (api) => {
      api.addHook(
        'onRequest',
        authenticateCallers(context.store, context.callers, context.now),
      );
      registerApiRoutes(api, context);
      api.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
    },
    { prefix: '/api' },
  );
  await registerWebUi(app, options.webRoot ?? DEFAULT_WEB_ROOT);
  return app;
}

function createApp(logger: Logger, config: Config): FastifyInstance {
  const app = Fastify({
    // Behind a reverse proxy, request.ip (the per-address login limit, the
    // logs) and request.protocol (the cookie's Secure flag) come from its
    // X-Forwarded-* headers, when the proxy is listed; else from the
    // socket, so no client can name its own address.
    trustProxy: config.trustProxy.length > 0 ? [...config.trustProxy] : false,
    // pino's Logger is Fastify's logger interface; widening it keeps the
    // instance type the one every route module is written against.
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    genReqId: () => randomUUID(),
    // One onResponse hook below logs each request at the level its status
    // deserves, instead of Fastify's two lines at info.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
  });
  app.decorateRequest('caller', null);
  app.setErrorHandler(handleError);
  app.addHook('onSend', addSecurityHeaders);
  app.addHook('onResponse', logResponse);
  // Only JSON bodies: a cross-site HTML form can send text/plain without
  // a preflight, JSON it cannot.
  app.removeContentTypeParser('text/plain');
  return app;
}

async function registerPlugins(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'satview API',
        version: '0.1.0',
        description:
          'SRV visibility for Responsible Suppliers and Network Operators ' +
          'over the DCC Service Audit Trail (SEC MP141).',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'satview_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  app.addSchema(ERROR_SCHEMA);
  for (const schema of VIEW_SCHEMAS) app.addSchema(schema);
}

function registerPublicRoutes(
  app: FastifyInstance,
  context: ServerContext,
): void {
  registerHealthRoute(app, context);
  registerLoginRoute(app, context);
  registerDemoLoginRoute(app, context);
}

function registerApiRoutes(api: FastifyInstance, context: ServerContext) {
  registerSessionRoutes(api, context);
  registerDeviceRoutes(api, context);
  registerRequestRoutes(api, context);
  registerPortfolioRoutes(api, context);
  registerExportRoutes(api, context);
  registerAccessLogRoute(api, context);
}

/** An onResponse hook, in the callback form: it runs for every request,
 * and an async hook costs a promise each. */
function logResponse(
  request: FastifyRequest,
  reply: FastifyReply,
  done: () => void,
): void {
  const fields = {
    req: { method: request.method, url: request.url, ip: request.ip },
    res: { statusCode: reply.statusCode },
    responseTime: Math.round(reply.elapsedTime),
  };
  if (reply.statusCode >= 500) request.log.error(fields, 'request completed');
  else request.log.info(fields, 'request completed');
  done();
}
