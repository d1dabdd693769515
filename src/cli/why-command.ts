/**
 * `satview why`: explains a device to a party: its facts and installation,
 * who was Responsible Supplier and Network Operator when, and why the
 * party sees what it sees. Exit 1 ("no record visible to PARTY") when the
 * party may see nothing of the device.
 */
import { explanationLines } from '../visibility/record-text.ts';
import { explainDevice } from '../visibility/visibility-api.ts';
import type { Command } from './command.ts';
import { deviceViewCommand } from './device-view-command.ts';

export const command: Command = deviceViewCommand({
  name: 'why',
  summary: "explain a device's responsibility history and what a party sees",
  usage:
    'satview why [--db X] --as PARTY --device ID [--at T] [--format text|json]',
  formats: ['text', 'json'],
  ask: explainDevice,
  write(io, explanation, format) {
    const text =
      format === 'json'
        ? JSON.stringify(explanation, null, 2)
        : explanationLines(explanation).join('\n');
    io.stdout.write(text + '\n');
  },
});
