// Conformance of the DUIS reader with the third-party corpus beside the
// project (../shared/fixtures/duis, GPL data: read in place, never copied).
// Every XML file is read; the expected SRV, RequestID and kind are found
// independently of the reader, from the file name and by regular
// expressions. The corpus's deliberately odd files (its SOURCES.md) behave
// as described there. Signature verification is out of satview's scope, so
// files whose signature or signer is wrong are simply accepted.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { formatRequestId } from '../domain/request-id.ts';
import type { ParsedMessage } from '../domain/sat-record.ts';
import { SatviewError } from '../errors/satview-error.ts';
import { readDuisMessage } from './duis-reader.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CORPUS = join(PROJECT_ROOT, '../shared/fixtures/duis');
const CORPUS_PRESENT = existsSync(CORPUS);

/** SOURCES.md: "Total: 284 XML files (271 requests, 13 responses)". */
const CORPUS_FILES = 284;

/** Files the corpus means to be refused, by name. */
const REFUSED: Readonly<Record<string, { code: string; reason: RegExp }>> = {
  'duis-xxe.xml': {
    code: 'SV_DUIS_UNSAFE',
    reason: /DOCTYPE with entity declarations/,
  },
  'ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS-invalid.XML': {
    code: 'SV_DUIS_REFUSED',
    reason: /^RequestID '[^']+::1000' has an empty part/,
  },
};

/** Odd files that are valid DUIS: the flags they must carry. */
const ODD_BUT_VALID: Readonly<Record<string, readonly string[]>> = {
  'readfw-response-no-signature.xml': ['unsigned'],
  'readfw-response-no-serial.xml': ['signature-without-serial'],
  'readfw-response-badsignature.xml': [],
  'readfw-response-nonexist-serial.xml': [],
  'ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS-nonexist-businessid.XML': [
    'unsigned',
  ],
  '8.2_READ_INVENTORY_REQUEST_DUIS-unknown-originator.XML': [],
  '8.2_READ_INVENTORY_REQUEST_DUIS-unknown-serial.XML': [],
  'GCS13a_4.1.1_ERROR_REQUEST_DUIS.XML': [],
  'ECS99b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML': [],
  'acknowledgement-error.xml': [],
};

function xmlFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return xmlFiles(path);
    return /\.xml$/i.test(name) ? [path] : [];
  });
}

/** The SRV a corpus file name carries, e.g. `ECS17b_4.1.1_SINGLE_…`,
 * `8.2_READ_INVENTORY_…` or `ECS21a_5.1._DCC_…` (one name has a stray
 * dot); undefined for names like `message.xml`. */
function srvOfName(path: string): string | undefined {
  const tokens = basename(path).split('_').slice(0, 2);
  const token = tokens.find((part) => /^\d+(\.\d+)*\.?$/.test(part));
  return token?.replace(/\.$/, '');
}

/** The text of the first RequestID element, whatever its prefix. */
function requestIdText(xml: string): string | undefined {
  return /<(?:[\w.-]+:)?RequestID>([^<]*)</.exec(xml)?.[1]?.trim();
}

/** The local name of the element that carries the schemaVersion. */
function rootName(xml: string): string | undefined {
  return /<(?:[\w.-]+:)?(\w+)\s[^>]*schemaVersion=/.exec(xml)?.[1];
}

/** What is wrong with the reading of one valid file, if anything. */
function problemsOf(path: string, xml: string, parsed: ParsedMessage) {
  const problems: string[] = [];
  const srv = srvOfName(path);
  if (srv !== undefined && parsed.srv !== srv) {
    problems.push(`srv ${parsed.srv}, name says ${srv}`);
  }
  const idText = requestIdText(xml);
  const idRead = parsed.requestId && formatRequestId(parsed.requestId);
  if ((idText?.toUpperCase() ?? null) !== idRead) {
    problems.push(`requestId ${idRead}, file says ${idText}`);
  }
  const isRequest = rootName(xml) === 'Request';
  if (isRequest !== (parsed.kind === 'request')) {
    problems.push(`kind ${parsed.kind} under root ${rootName(xml)}`);
  }
  return problems;
}

/** Whether the reader accepts the file; a refusal answers false. */
function readsOrRefuses(bytes: Buffer): boolean {
  try {
    readDuisMessage(bytes);
    return true;
  } catch (error) {
    if (error instanceof SatviewError) return false;
    throw error;
  }
}

describe(
  'the DUIS conformance corpus',
  CORPUS_PRESENT
    ? {}
    : {
        skip:
          'the third-party DUIS corpus is not beside the project ' +
          `(looked for ${CORPUS})`,
      },
  () => {
    const files = CORPUS_PRESENT ? xmlFiles(CORPUS) : [];
    const isRefused = (path: string) => basename(path) in REFUSED;

    it('reads every valid file with the SRV of its name, its RequestID and its root’s kind', () => {
      const failures: string[] = [];
      for (const path of files.filter((file) => !isRefused(file))) {
        const xml = readFileSync(path, 'utf8');
        const where = relative(CORPUS, path);
        try {
          const problems = problemsOf(path, xml, readDuisMessage(xml));
          for (const problem of problems) failures.push(`${where}: ${problem}`);
        } catch (error) {
          failures.push(`${where}: refused: ${(error as Error).message}`);
        }
      }
      assert.deepEqual(failures, []);
    });

    it('refuses the XXE file as unsafe and the invalid RequestID naming the empty part', () => {
      const refused = files.filter(isRefused);
      assert.equal(refused.length, Object.keys(REFUSED).length);
      for (const path of refused) {
        const { code, reason } = REFUSED[basename(path)]!;
        assert.throws(
          () => readDuisMessage(readFileSync(path)),
          (error: unknown) => {
            assert.ok(error instanceof SatviewError, path);
            assert.equal(error.code, code, path);
            assert.match(error.message, reason, path);
            return true;
          },
        );
      }
    });

    it('accepts the odd but valid files, flagging a missing signature or serial', () => {
      for (const [name, flags] of Object.entries(ODD_BUT_VALID)) {
        const paths = files.filter((path) => basename(path) === name);
        assert.ok(paths.length > 0, `${name} is in the corpus`);
        for (const path of paths) {
          const parsed = readDuisMessage(readFileSync(path));
          assert.deepEqual(parsed.flags, flags, path);
        }
      }
    });

    it('accounts for every file: accepted, refused, distinct contents', (t) => {
      let accepted = 0;
      const digests = new Set<string>();
      for (const path of files) {
        const bytes = readFileSync(path);
        digests.add(createHash('sha256').update(bytes).digest('hex'));
        if (readsOrRefuses(bytes)) accepted += 1;
      }
      const refused = files.length - accepted;
      t.diagnostic(
        `files ${files.length}, accepted ${accepted}, refused ${refused}, ` +
          `distinct contents ${digests.size}`,
      );
      assert.equal(files.length, CORPUS_FILES);
      assert.equal(refused, Object.keys(REFUSED).length);
    });
  },
);
