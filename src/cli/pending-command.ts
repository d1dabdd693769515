/**
 * `satview pending`: the future-dated commands on a device that have not
 * executed yet, soonest first, with who sent them: what a gaining supplier
 * most needs on the day of the switch. Exit 1 ("no record visible to
 * PARTY") when the party may see nothing of the device.
 */
import { threadTable } from '../visibility/record-text.ts';
import { listPendingCommands } from '../visibility/visibility-api.ts';
import type { Command } from './command.ts';
import { deviceViewCommand } from './device-view-command.ts';

export const command: Command = deviceViewCommand({
  name: 'pending',
  summary: 'list the future-dated commands still waiting on a device',
  usage:
    'satview pending [--db X] --as PARTY --device ID [--at T] ' +
    '[--format table|ndjson]',
  formats: ['table', 'ndjson'],
  ask: listPendingCommands,
  write(io, threads, format) {
    if (format === 'ndjson') {
      for (const thread of threads) {
        io.stdout.write(JSON.stringify(thread) + '\n');
      }
    } else if (threads.length === 0) {
      io.stderr.write('no future-dated command is pending on the device\n');
    } else {
      io.stdout.write(threadTable(threads).join('\n') + '\n');
    }
  },
});
