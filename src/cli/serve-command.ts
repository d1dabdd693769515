/**
 * `satview serve`: the HTTP API and the web UI. With --demo-if-empty (what
 * `npm start` passes), an empty embedded store is first filled with the
 * demo world and given one demo account per party of the demo tour.
 */
import { type Config, loadConfig } from '../config/config.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { buildServer } from '../server/build-server.ts';
import { prepareDemoServer } from '../server/demo-setup.ts';
import type { DemoLogin } from '../server/server-context.ts';
import { closeOnSignal } from '../server/server-lifecycle.ts';
import { describeTarget, openStore, type Store } from '../store/database.ts';
import {
  type Command,
  type CommandIo,
  parseFlags,
  STORE_FLAGS,
} from './command.ts';

const USAGE =
  'satview serve [--db X] [--port P] [--host H] [--trust-proxy LIST] ' +
  '[--demo-if-empty] [--log-level L]';

const FLAGS = {
  ...STORE_FLAGS,
  port: { type: 'string' },
  host: { type: 'string' },
  'trust-proxy': { type: 'string' },
  'demo-if-empty': { type: 'boolean' },
} as const;

export const command: Command = {
  name: 'serve',
  summary: 'serve the HTTP API and the web UI (default port 8080)',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseFlags(args, FLAGS, USAGE);
    const config = loadConfig({
      database: values.db,
      logLevel: values['log-level'],
      port: values.port,
      host: values.host,
      trustProxy: values['trust-proxy'],
    });
    const logger = createLogger(config.logLevel);
    const store = await openStore(config.database);
    const demoLogins = values['demo-if-empty']
      ? await demoIfEmpty(store, config, logger, io)
      : null;
    const app = await buildServer({ store, config, logger, demoLogins });
    const stopped = closeOnSignal(app, store, logger);
    await app.listen({ port: config.port, host: config.host });
    printWelcome(io, urlOf(config.host, config.port), store, demoLogins);
    logger.info(
      { store: describeTarget(config.database), port: config.port },
      'serving',
    );
    await stopped;
    return 0;
  },
};

async function demoIfEmpty(
  store: Store,
  config: Config,
  logger: Logger,
  io: CommandIo,
): Promise<readonly DemoLogin[] | null> {
  if (store.dialect !== 'sqlite') {
    io.stderr.write(
      '--demo-if-empty applies to the embedded store only; serving the ' +
        'PostgreSQL store as it is\n',
    );
    return null;
  }
  const say = (line: string) => io.stderr.write(`${line}\n`);
  return prepareDemoServer(store, logger, say, {
    batchSize: config.batchSize,
    maxBytes: config.maxMessageBytes,
  });
}

function urlOf(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

function printWelcome(
  io: CommandIo,
  url: string,
  store: Store,
  demoLogins: readonly DemoLogin[] | null,
): void {
  io.stdout.write(`satview serving on ${url} (${store.dialect} store)\n`);
  io.stdout.write(
    `  health:  ${url}/health\n  API doc: ${url}/api/openapi.json\n`,
  );
  if (demoLogins === null || demoLogins.length === 0) return;
  io.stdout.write('demo logins:\n');
  for (const login of demoLogins) {
    io.stdout.write(
      `  ${login.username.padEnd(10)} password ${login.password}  ` +
        `${login.party.padEnd(8)} ${login.role}\n`,
    );
  }
}
