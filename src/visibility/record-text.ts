/**
 * Plain-text renderings of what a viewer sees, for a terminal: aligned
 * tables of records and threads, and a device explanation. Pure; the CLI
 * writes the lines.
 */
import type {
  DeviceExplanation,
  IsoInterval,
  RecordView,
  ThreadView,
} from './record-view.ts';

/** Lines of a table with columns padded to their widest cell. */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string[] {
  const widths = headers.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)];
}

const RECORD_HEADERS = [
  'LOGGED AT',
  'KIND',
  'SRV',
  'CV',
  'SENDER',
  'DEVICE',
  'CODE',
  'EXECUTION AT',
  'VISIBLE AS',
  'WITHHELD',
];

/** Records as table lines, one per record. */
export function recordTable(records: readonly RecordView[]): string[] {
  return formatTable(
    RECORD_HEADERS,
    records.map((r) => [
      r.loggedAt,
      r.kind,
      r.srv ?? '',
      r.commandVariant === null ? '' : String(r.commandVariant),
      sender(r.sender),
      r.deviceId ?? '',
      r.responseCode ?? r.alertCode ?? '',
      r.executionAt ?? '',
      r.visibility.basis,
      r.withheld.length === 0 ? '' : `${r.withheld.length} parts`,
    ]),
  );
}

/** Threads as table lines, one per thread. */
export function threadTable(threads: readonly ThreadView[]): string[] {
  return formatTable(
    ['EXECUTION AT', 'REQUEST ID', 'SRV', 'NAME', 'SENDER', 'STATUS'],
    threads.map((t) => [
      t.executionAt ?? '',
      t.requestId,
      t.srv ?? '',
      t.srvName ?? '',
      sender(t.sender),
      t.status,
    ]),
  );
}

/** The heading lines of one thread. */
export function threadHeading(thread: ThreadView): string[] {
  return [
    `Request ${thread.requestId}`,
    `  SRV ${thread.srv ?? '?'} ${thread.srvName ?? ''}`.trimEnd(),
    `  sent by ${sender(thread.sender)} to ${thread.deviceId ?? 'no device'}`,
    `  status ${thread.status}` +
      (thread.executionAt === null
        ? ''
        : `, execution at ${thread.executionAt}`),
  ];
}

/** A device explanation as readable lines. */
export function explanationLines(e: DeviceExplanation): string[] {
  const lines = [
    `Device ${e.deviceId}: ` +
      (e.deviceType === null
        ? 'not in the reference data'
        : `${e.deviceType}, SMETS${e.smets}`),
    '',
    e.viewer.explanation,
  ];
  if (e.meterPoints.length > 0) {
    lines.push('', 'Meter points:');
    lines.push(
      ...indent(
        formatTable(
          ['MPXN', 'FUEL', 'METER', 'VIA', 'FROM', 'TO'],
          e.meterPoints.map((m) => [
            m.mpxn,
            m.fuel,
            m.meterId,
            m.viaHanLink ? 'HAN link' : 'meter',
            ...span(m),
          ]),
        ),
      ),
    );
  }
  if (e.installation.length > 0) {
    lines.push('', 'Installation (same HAN):');
    lines.push(
      ...indent(
        formatTable(
          ['DEVICE', 'TYPE', 'METER', 'FROM', 'TO'],
          e.installation.map((m) => [
            m.deviceId,
            m.deviceType,
            m.meterId,
            ...span(m),
          ]),
        ),
      ),
    );
  }
  lines.push('', responsibilityTitle(e));
  lines.push(
    ...indent(
      formatTable(
        ['AS', 'PARTY', 'BY', 'MPXN', 'FROM', 'TO'],
        e.responsibility.map((p) => [
          p.role,
          p.partyName === null ? p.partyId : `${p.partyId} (${p.partyName})`,
          p.source === 'credential'
            ? 'credential'
            : `${p.registeredRole} registration`,
          p.mpxn ?? '',
          ...span(p),
        ]),
      ),
    ),
  );
  return lines;
}

function responsibilityTitle(e: DeviceExplanation): string {
  const scope =
    e.viewer.basis === 'own'
      ? ` (only ${e.viewer.partyId}'s own periods are shown)`
      : '';
  const source =
    e.networkOperatorSource === 'credential'
      ? 'Network Operator from the device credentials'
      : 'no credential data: the registered ED/GT stands in as Network ' +
        'Operator';
  return `Responsibility history${scope}; ${source}:`;
}

function span(interval: IsoInterval): [string, string] {
  return [interval.from, interval.to ?? '(open)'];
}

function indent(lines: readonly string[]): string[] {
  return lines.map((line) => `  ${line}`);
}

function sender(s: RecordView['sender']): string {
  if (s.partyId === null) return s.userId ?? '';
  return `${s.partyId}/${s.role ?? '?'}`;
}
