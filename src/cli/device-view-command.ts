/**
 * The commands that show one device to one party (`satview why`,
 * `satview pending`) read the same flags, open the store the same way and
 * answer the same "no record visible" for what the party may not see;
 * only the question asked and how the answer is written differ.
 */
import { parseEui64, type Eui64 } from '../domain/eui64.ts';
import type { Store } from '../store/database.ts';
import type { Viewer } from '../visibility/record-view.ts';
import {
  type Command,
  type CommandIo,
  parseFlags,
  STORE_FLAGS,
  withStore,
} from './command.ts';
import {
  formatFlag,
  requiredFlag,
  timeFlag,
  viewerFlag,
} from './command-flags.ts';

const FLAGS = {
  ...STORE_FLAGS,
  as: { type: 'string' },
  device: { type: 'string' },
  at: { type: 'string' },
  format: { type: 'string' },
} as const;

/** What a device view command asks and how it writes the answer. */
export interface DeviceViewSpec<T> {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** The formats --format takes; the first is the default. */
  readonly formats: readonly string[];
  /** The answer for the viewer, or null when it may see nothing. */
  ask(
    store: Store,
    viewer: Viewer,
    deviceId: Eui64,
    at: number | undefined,
  ): Promise<T | null>;
  write(io: CommandIo, answer: T, format: string): void;
}

/** A command taking --as PARTY --device ID [--at T] [--format F]. */
export function deviceViewCommand<T>(spec: DeviceViewSpec<T>): Command {
  const { name, summary, usage } = spec;
  return {
    name,
    summary,
    usage,
    async run(args, io) {
      const { values } = parseFlags(args, FLAGS, usage);
      const viewer = viewerFlag(values.as, usage);
      const format = formatFlag(values.format, spec.formats, usage);
      const at = timeFlag(values.at, 'at', usage);
      const deviceId = parseEui64(requiredFlag(values.device, 'device', usage));
      return withStore(values, async (store) => {
        const answer = await spec.ask(store, viewer, deviceId, at);
        if (answer === null) return notVisible(io, viewer);
        spec.write(io, answer, format);
        return 0;
      });
    },
  };
}

/** The answer for anything the viewer may not see (or that is not). */
export function notVisible(io: CommandIo, viewer: Viewer): number {
  io.stderr.write(`no record visible to ${viewer.partyId}\n`);
  return 1;
}
