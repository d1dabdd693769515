/**
 * The satview command line: dispatches to one command module per verb and
 * turns errors into a message and an exit code.
 */
import { isSatviewError } from '../errors/satview-error.ts';
import type { Command, CommandIo } from './command.ts';

/** Each command's module, loaded on demand. */
const COMMANDS: Record<string, () => Promise<{ command: Command }>> = {
  ingest: () => import('./ingest-command.ts'),
  quarantine: () => import('./quarantine-command.ts'),
  query: () => import('./query-command.ts'),
  why: () => import('./why-command.ts'),
  pending: () => import('./pending-command.ts'),
  demo: () => import('./demo-command.ts'),
  serve: () => import('./serve-command.ts'),
  accounts: () => import('./accounts-command.ts'),
  tokens: () => import('./tokens-command.ts'),
  bench: () => import('./bench-command.ts'),
};

const PROCESS_IO: CommandIo = {
  stdout: process.stdout,
  stderr: process.stderr,
};

/** Runs `satview ARGS`; answers the exit code. */
export async function main(
  args: readonly string[],
  io: CommandIo = PROCESS_IO,
): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === 'help' || name === '--help') {
    await printHelp(io);
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (load === undefined) {
    io.stderr.write(`satview: unknown command '${name}'\n`);
    await printHelp(io);
    return 2;
  }
  try {
    const { command } = await load();
    if (asksForHelp(rest)) {
      io.stdout.write(`${command.summary}\nusage: ${command.usage}\n`);
      return 0;
    }
    return await command.run(rest, io);
  } catch (error) {
    return reportError(error, io);
  }
}

/** `--help` or `-h` anywhere before a `--` that ends the options. */
function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  const options = end === -1 ? args : args.slice(0, end);
  return options.includes('--help') || options.includes('-h');
}

function reportError(error: unknown, io: CommandIo): number {
  if (isSatviewError(error)) {
    io.stderr.write(`satview: ${error.message} [${error.code}]\n`);
    return error.code === 'SV_USAGE' ? 2 : 1;
  }
  const detail = error instanceof Error ? error.stack : String(error);
  io.stderr.write(`satview: internal error [SV_INTERNAL]\n${detail}\n`);
  return 1;
}

async function printHelp(io: CommandIo): Promise<void> {
  io.stdout.write('usage: satview COMMAND [OPTIONS]\n\ncommands:\n');
  for (const [name, load] of Object.entries(COMMANDS)) {
    const summary = await load().then(
      ({ command }) => command.summary,
      () => '(not available in this build)',
    );
    io.stdout.write(`  ${name.padEnd(11)} ${summary}\n`);
  }
}
