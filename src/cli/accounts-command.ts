/**
 * `satview accounts add|list|disable`: the people who may log in to the
 * web UI, each acting for one party.
 */
import { SatviewError } from '../errors/satview-error.ts';
import { hashPassword } from '../server/secret-hashing.ts';
import {
  addAccount,
  disableAccount,
  listAccounts,
} from '../store/account-store.ts';
import type { Store } from '../store/database.ts';
import {
  type Command,
  type CommandIo,
  parseFlags,
  runStoreAction,
  STORE_FLAGS,
  type StoreAction,
} from './command.ts';
import { requiredFlag } from './command-flags.ts';

const USAGE =
  'satview accounts add --username U --party P [--password PW] [--db X]\n' +
  '       satview accounts list [--db X]\n' +
  '       satview accounts disable --username U [--db X]\n' +
  'add reads the password from stdin when --password is not given.';

const FLAGS = {
  ...STORE_FLAGS,
  username: { type: 'string' },
  party: { type: 'string' },
  password: { type: 'string' },
} as const;

/** Passwords people choose; the demo's short ones are made elsewhere. */
const MIN_PASSWORD_LENGTH = 8;

type Flags = ReturnType<typeof parseFlags<typeof FLAGS>>['values'];

export const command: Command = {
  name: 'accounts',
  summary: 'add, list or disable the accounts that log in to the web UI',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, FLAGS, USAGE);
    return runStoreAction(ACTIONS, positionals, values, io, USAGE);
  },
};

async function add(store: Store, values: Flags, io: CommandIo) {
  const username = requiredFlag(
    values.username,
    'username',
    USAGE,
  ).toLowerCase();
  const partyId = requiredFlag(values.party, 'party', USAGE);
  const password = values.password ?? (await readPasswordFromStdin());
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new SatviewError(
      'accountInvalid',
      `The password must have at least ${MIN_PASSWORD_LENGTH} characters`,
    );
  }
  await addAccount(store, {
    username,
    partyId,
    passwordHash: await hashPassword(password),
    createdAt: Date.now(),
  });
  io.stderr.write(`added account ${username} for party ${partyId}\n`);
  return 0;
}

async function list(store: Store, _values: Flags, io: CommandIo) {
  for (const account of await listAccounts(store)) {
    const status =
      account.disabledAt === null
        ? 'active'
        : `disabled ${new Date(account.disabledAt).toISOString()}`;
    io.stdout.write(
      [
        account.username,
        account.partyId,
        new Date(account.createdAt).toISOString(),
        status,
      ].join('\t') + '\n',
    );
  }
  return 0;
}

async function disable(store: Store, values: Flags, io: CommandIo) {
  const username = requiredFlag(
    values.username,
    'username',
    USAGE,
  ).toLowerCase();
  if (!(await disableAccount(store, username, Date.now()))) {
    throw new SatviewError(
      'accountInvalid',
      `There is no account '${username}'`,
    );
  }
  io.stderr.write(`disabled account ${username}; its sessions ended\n`);
  return 0;
}

/** The subcommands, by name. */
const ACTIONS: Readonly<Record<string, StoreAction<Flags>>> = {
  add,
  list,
  disable,
};

/** The first line of stdin: so that a password need not appear in the
 * shell history or the process list. */
async function readPasswordFromStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new SatviewError(
      'usage',
      'Pipe the password on stdin (e.g. `read -rs PW; printf %s "$PW" | ' +
        'satview accounts add …`) or give --password',
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}
