/**
 * Loads a demo world straight into a store, without files: the reference
 * CSVs go through the reference loader as texts, and each SAT message
 * through the DUIS reader and the record writer, in batched transactions. The result is the world
 * that writing it with `--out` and ingesting the folder gives; each
 * record's source names the NDJSON file and line it would have had, with
 * a `demo:` prefix.
 */
import { createHash } from 'node:crypto';

import { formatRequestId, type RequestId } from '../domain/request-id.ts';
import type { NewSatRecord, ParsedMessage } from '../domain/sat-record.ts';
import { readDuisMessage } from '../duis/duis-reader.ts';
import { isSatviewError } from '../errors/satview-error.ts';
import {
  loadReferenceTexts,
  type ReferenceSummary,
} from '../ingest/reference-loader.ts';
import type { Store } from '../store/database.ts';
import { quarantine, type QuarantineInput } from '../store/quarantine-store.ts';
import { writeRecords } from '../store/sat-record-writer.ts';
import {
  CSV_HEADERS,
  marketLines,
  premisesLines,
  REFERENCE_FILES,
  type ReferenceFile,
} from './demo-csv.ts';
import {
  countRows,
  LINES_PER_FILE,
  satFileName,
  type WorldProgress,
  type WorldSummary,
} from './demo-files.ts';
import {
  type DemoWorld,
  generateWorld,
  worldParties,
  worldUsers,
} from './demo-world.ts';

/** Options of {@link loadWorld}. */
export interface LoadOptions {
  /** Records per write transaction (config `batchSize`). */
  readonly batchSize: number;
  /** The largest message accepted (config `maxMessageBytes`). */
  readonly maxBytes: number;
  readonly onProgress?: (progress: WorldProgress) => void;
}

/** What a direct load did. */
export interface LoadSummary extends WorldSummary {
  readonly accepted: number;
  readonly duplicates: number;
  /** Messages the reader refused (a bug in the world if ever non-zero). */
  readonly quarantined: number;
  readonly references: ReferenceSummary;
}

/** Generates the world and loads it into the store. */
export async function loadWorld(
  store: Store,
  world: DemoWorld,
  options: LoadOptions,
): Promise<LoadSummary> {
  const csv = new CsvTexts();
  const batch = new RecordBatch(store, options);
  const totals = {
    premises: 0,
    devices: 0,
    referenceRows: 0,
    records: 0,
    bytes: 0,
  };
  for (const part of generateWorld(world)) {
    csv.add(premisesLines(part.reference));
    for (const message of part.messages) {
      const line = totals.records + 1;
      const file = satFileName(Math.floor((line - 1) / LINES_PER_FILE));
      const source = `demo:${file}:${((line - 1) % LINES_PER_FILE) + 1}`;
      totals.records += 1;
      totals.bytes += message.xml.length;
      await batch.add(message.xml, message.at, source);
    }
    totals.premises += 1;
    totals.devices += part.reference.devices.length;
    totals.referenceRows += countRows(part.reference);
    options.onProgress?.({ ...totals, totalPremises: world.premises });
  }
  const written = await batch.close();
  const references = await loadReferenceTexts(store, csv.texts());
  return { ...totals, ...written, references, files: [] };
}

/** The reference files as texts, grown one premises at a time. */
class CsvTexts {
  readonly #chunks = new Map<ReferenceFile, string[]>();

  constructor() {
    const market = marketLines(worldParties(), worldUsers());
    for (const file of REFERENCE_FILES) {
      const first = CSV_HEADERS[file] + '\n';
      const rows = file === 'parties' || file === 'users' ? market[file] : '';
      this.#chunks.set(file, [first + rows]);
    }
  }

  add(lines: Partial<Record<ReferenceFile, string>>): void {
    for (const [file, text] of Object.entries(lines)) {
      if (text) this.#chunks.get(file as ReferenceFile)?.push(text);
    }
  }

  texts(): { name: string; text: string }[] {
    return REFERENCE_FILES.map((file) => ({
      name: `demo/${file}.csv`,
      text: (this.#chunks.get(file) ?? []).join(''),
    }));
  }
}

/** Reads messages and writes them in batches of `batchSize`. */
class RecordBatch {
  seen = 0;
  accepted = 0;
  quarantined = 0;
  #records: NewSatRecord[] = [];
  #refused: QuarantineInput[] = [];
  readonly #store: Store;
  readonly #options: LoadOptions;

  constructor(store: Store, options: LoadOptions) {
    this.#store = store;
    this.#options = options;
  }

  async add(xml: string, loggedAt: number, source: string): Promise<void> {
    this.seen += 1;
    try {
      const parsed = readDuisMessage(xml, { maxBytes: this.#options.maxBytes });
      this.#records.push(satRecord(parsed, xml, loggedAt, source));
    } catch (error) {
      this.#refused.push(refusal(error, xml, source));
    }
    if (this.#records.length >= this.#options.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    const written = await writeRecords(this.#store, this.#records);
    this.accepted += written.accepted;
    this.quarantined += await quarantine(this.#store, this.#refused);
    this.#records = [];
    this.#refused = [];
  }

  async close(): Promise<{
    accepted: number;
    duplicates: number;
    quarantined: number;
  }> {
    await this.flush();
    const { seen, accepted, quarantined } = this;
    return { accepted, duplicates: seen - accepted - quarantined, quarantined };
  }
}

/**
 * The record the ingest path makes of an NDJSON line: dated by its
 * envelope, deduplicated by the SHA-256 of its text (see
 * src/ingest/message-decoder.ts, which this must agree with).
 */
function satRecord(
  parsed: ParsedMessage,
  xml: string,
  loggedAt: number,
  source: string,
): NewSatRecord {
  const id = (value: RequestId | null): string | null =>
    value === null ? null : formatRequestId(value);
  return {
    digest: createHash('sha256').update(xml, 'utf8').digest('hex'),
    kind: parsed.kind,
    requestId: id(parsed.requestId),
    responseId: id(parsed.responseId),
    precedingRequestId: id(parsed.precedingRequestId),
    originatorId: parsed.requestId?.originator ?? null,
    targetId: parsed.requestId?.target ?? null,
    counter: parsed.requestId?.counter ?? null,
    deviceId: parsed.deviceId,
    userId: parsed.userId,
    srv: parsed.srv,
    serviceReference: parsed.serviceReference,
    commandVariant: parsed.commandVariant,
    responseCode: parsed.responseCode,
    loggedAt,
    loggedAtSource: 'envelope',
    responseAt: parsed.responseAt,
    executionAt: parsed.executionAt,
    alertCode: parsed.alertCode,
    payloadElement: parsed.payloadElement,
    schemaVersion: parsed.schemaVersion,
    flags: parsed.flags,
    source,
    xml,
  };
}

function refusal(error: unknown, xml: string, source: string): QuarantineInput {
  const known = isSatviewError(error);
  return {
    source,
    code: known ? error.code : 'SV_INTERNAL',
    reason: error instanceof Error ? error.message : String(error),
    content: xml,
  };
}
