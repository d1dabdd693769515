/**
 * `satview tokens create|list|revoke`: API tokens for programs, each
 * acting for one party. A new token is printed once, on stdout, and only
 * its hash is kept.
 */
import { loadConfig } from '../config/config.ts';
import { SatviewError } from '../errors/satview-error.ts';
import { issueApiToken } from '../server/api-tokens.ts';
import { listApiTokens, revokeApiToken } from '../store/account-store.ts';
import { openStore, type Store } from '../store/database.ts';
import {
  type Command,
  type CommandIo,
  parseFlags,
  STORE_FLAGS,
} from './command.ts';
import { requiredFlag } from './command-flags.ts';

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

const ACTIONS: readonly string[] = ['create', 'list', 'revoke'];

type Flags = ReturnType<typeof parseFlags<typeof FLAGS>>['values'];

export const command: Command = {
  name: 'tokens',
  summary: 'create, list or revoke API tokens for programs',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, FLAGS, USAGE);
    // Checked before the store opens, so a typo creates no database.
    if (!ACTIONS.includes(positionals[0] ?? '')) {
      throw new SatviewError('usage', `usage: ${USAGE}`);
    }
    const store = await openStore(
      loadConfig({ database: values.db, logLevel: values['log-level'] })
        .database,
    );
    try {
      return await dispatch(positionals[0], store, values, io);
    } finally {
      await store.close();
    }
  },
};

async function dispatch(
  action: string | undefined,
  store: Store,
  values: Flags,
  io: CommandIo,
): Promise<number> {
  switch (action) {
    case 'create':
      return create(store, values, io);
    case 'list':
      return list(store, values, io);
    case 'revoke':
      return revoke(store, values, io);
    default:
      throw new SatviewError('usage', `usage: ${USAGE}`);
  }
}

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
    throw new SatviewError('usage', `--id '${values.id}' is not a token id`);
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
