/**
 * `satview tokens create|list|revoke`: API tokens for programs, each
 * acting for one party. A new token is printed once, on stdout, and only
 * its hash is kept.
 */
import { SatviewError } from '../errors/satview-error.ts';
import { issueApiToken } from '../server/api-tokens.ts';
import { listApiTokens, revokeApiToken } from '../store/account-store.ts';
import type { Store } from '../store/database.ts';
import {
  type Command,
  type CommandIo,
  parseFlags,
  runStoreAction,
  STORE_FLAGS,
  type StoreAction,
} from './command.ts';
import { requiredFlag, usageError } from './command-flags.ts';

const USAGE =
  'satview tokens create --party P [--name N] [--db X]\n' +
  '       satview tokens list [--party P] [--db X]\n' +
  '       satview tokens revoke --party P --id ID [--db X]';

const FLAGS = {
  ...STORE_FLAGS,
  party: { type: 'string' },
  name: { type: 'string' },
  id: { type: 'string' },
} as const;

type Flags = ReturnType<typeof parseFlags<typeof FLAGS>>['values'];

export const command: Command = {
  name: 'tokens',
  summary: 'create, list or revoke API tokens for programs',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, FLAGS, USAGE);
    return runStoreAction(ACTIONS, positionals, values, io, USAGE);
  },
};

async function create(store: Store, values: Flags, io: CommandIo) {
  const partyId = requiredFlag(values.party, 'party', USAGE);
  const name = values.name?.trim() || 'api';
  const { token, record } = await issueApiToken(
    store,
    partyId,
    name,
    Date.now(),
  );
  io.stdout.write(`${token}\n`);
  io.stderr.write(
    `token ${record.id} '${name}' for party ${partyId}; it is shown only ` +
      'this once, keep it secret\n',
  );
  return 0;
}

async function list(store: Store, values: Flags, io: CommandIo) {
  for (const token of await listApiTokens(store, values.party)) {
    const status =
      token.revokedAt === null
        ? 'active'
        : `revoked ${new Date(token.revokedAt).toISOString()}`;
    io.stdout.write(
      [
        token.id,
        token.partyId,
        token.name,
        new Date(token.createdAt).toISOString(),
        status,
      ].join('\t') + '\n',
    );
  }
  return 0;
}

async function revoke(store: Store, values: Flags, io: CommandIo) {
  const partyId = requiredFlag(values.party, 'party', USAGE);
  const id = Number(requiredFlag(values.id, 'id', USAGE));
  if (!Number.isSafeInteger(id) || id < 1) {
    throw usageError(`--id '${values.id}' is not a token id`);
  }
  if (!(await revokeApiToken(store, partyId, id, Date.now()))) {
    throw new SatviewError(
      'notFound',
      `Party ${partyId} has no live token ${id}`,
    );
  }
  io.stderr.write(`revoked token ${id} of party ${partyId}\n`);
  return 0;
}

/** The subcommands, by name. */
const ACTIONS: Readonly<Record<string, StoreAction<Flags>>> = {
  create,
  list,
  revoke,
};
