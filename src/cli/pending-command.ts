/**
 * `satview pending`: the future-dated commands on a device that have not
 * executed yet, soonest first, with who sent them: what a gaining supplier
 * most needs on the day of the switch. Exit 1 ("no record visible to
 * PARTY") when the party may see nothing of the device.
 */
import { parseEui64 } from '../domain/eui64.ts';
import { threadTable } from '../visibility/record-text.ts';
import { listPendingCommands } from '../visibility/visibility-api.ts';
import { type Command, parseFlags, STORE_FLAGS } from './command.ts';
import {
  formatFlag,
  notVisible,
  requiredFlag,
  timeFlag,
  viewerFlag,
  withStore,
} from './query-command.ts';

const USAGE =
  'satview pending [--db X] --as PARTY --device ID [--at T] ' +
  '[--format table|ndjson]';

const FLAGS = {
  ...STORE_FLAGS,
  as: { type: 'string' },
  device: { type: 'string' },
  at: { type: 'string' },
  format: { type: 'string' },
} as const;

export const command: Command = {
  name: 'pending',
  summary: 'list the future-dated commands still waiting on a device',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseFlags(args, FLAGS, USAGE);
    const viewer = viewerFlag(values.as, USAGE);
    const format = formatFlag(values.format, ['table', 'ndjson'], USAGE);
    const at = timeFlag(values.at, 'at', USAGE);
    const deviceId = parseEui64(requiredFlag(values.device, 'device', USAGE));
    return withStore(values, async (store) => {
      const threads = await listPendingCommands(store, viewer, deviceId, at);
      if (threads === null) return notVisible(io, viewer);
      if (format === 'ndjson') {
        for (const thread of threads) {
          io.stdout.write(JSON.stringify(thread) + '\n');
        }
      } else if (threads.length === 0) {
        io.stderr.write('no future-dated command is pending on the device\n');
      } else {
        io.stdout.write(threadTable(threads).join('\n') + '\n');
      }
      return 0;
    });
  },
};
