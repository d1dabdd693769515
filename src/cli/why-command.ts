/**
 * `satview why`: explains a device to a party: its facts and installation,
 * who was Responsible Supplier and Network Operator when, and why the
 * party sees what it sees. Exit 1 ("no record visible to PARTY") when the
 * party may see nothing of the device.
 */
import { parseEui64 } from '../domain/eui64.ts';
import { explanationLines } from '../visibility/record-text.ts';
import { explainDevice } from '../visibility/visibility-api.ts';
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
  'satview why [--db X] --as PARTY --device ID [--at T] [--format text|json]';

const FLAGS = {
  ...STORE_FLAGS,
  as: { type: 'string' },
  device: { type: 'string' },
  at: { type: 'string' },
  format: { type: 'string' },
} as const;

export const command: Command = {
  name: 'why',
  summary: "explain a device's responsibility history and what a party sees",
  usage: USAGE,
  async run(args, io) {
    const { values } = parseFlags(args, FLAGS, USAGE);
    const viewer = viewerFlag(values.as, USAGE);
    const format = formatFlag(values.format, ['text', 'json'], USAGE);
    const at = timeFlag(values.at, 'at', USAGE);
    const deviceId = parseEui64(requiredFlag(values.device, 'device', USAGE));
    return withStore(values, async (store) => {
      const explanation = await explainDevice(store, viewer, deviceId, at);
      if (explanation === null) return notVisible(io, viewer);
      const text =
        format === 'json'
          ? JSON.stringify(explanation, null, 2)
          : explanationLines(explanation).join('\n');
      io.stdout.write(text + '\n');
      return 0;
    });
  },
};
