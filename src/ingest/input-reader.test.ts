import assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import type { InputFile, InputFormat } from './input-files.ts';
import { movableBuffers } from './ingest-task.ts';
import { type InputUnit, readInputs } from './input-reader.ts';
import {
  removeTempFolders,
  tempFolder,
  writeFiles,
} from './ingest-test-input.ts';

function inputFile(path: string, format: InputFormat): InputFile {
  const info = statSync(path);
  return { path, format, size: info.size, mtime: info.mtimeMs };
}

async function collect(
  files: InputFile[],
  taskBytes: number,
  maxBytes = 1 << 20,
) {
  const units: InputUnit[] = [];
  for await (const unit of readInputs(files, { taskBytes, maxBytes })) {
    units.push(unit);
  }
  return units;
}

/** Every line the tasks hold, by the number the reader gave it. */
function numberedLines(units: InputUnit[]): Map<number, string> {
  const lines = new Map<number, string>();
  for (const unit of units) {
    if (!('task' in unit) || unit.task.kind !== 'ndjson') continue;
    const { data, firstLine } = unit.task;
    const text = Buffer.from(data).toString('utf8');
    text.split('\n').forEach((line, i) => {
      if (line !== '') lines.set(firstLine + i, line);
    });
  }
  return lines;
}

after(removeTempFolders);

describe('reading SAT input files', () => {
  it('cuts NDJSON at line ends and numbers every line right across chunks', async () => {
    const root = tempFolder();
    const lines = Array.from({ length: 20_000 }, (_, i) =>
      JSON.stringify({ n: i + 1, pad: 'x'.repeat(i % 97) }),
    );
    writeFiles(root, { 'a.ndjson': `${lines.join('\r\n')}\n` });
    const units = await collect(
      [inputFile(join(root, 'a.ndjson'), 'ndjson')],
      4096,
    );
    assert.ok(units.length > 3, 'several tasks, cut inside chunks');
    const numbered = numberedLines(units);
    assert.equal(numbered.size, 20_000);
    for (const [number, line] of numbered) {
      assert.equal(JSON.parse(line).n, number);
    }
    const bytes = units.reduce((sum, unit) => sum + unit.bytesRead, 0);
    assert.equal(bytes, statSync(join(root, 'a.ndjson')).size);
  });

  it('hands out NDJSON tasks whose memory a worker can take, losing no line', async () => {
    const root = tempFolder();
    const lines = Array.from({ length: 20_000 }, (_, i) =>
      JSON.stringify({ n: i + 1, pad: 'y'.repeat(i % 89) }),
    );
    writeFiles(root, { 'b.ndjson': `${lines.join('\n')}\n` });
    const file = inputFile(join(root, 'b.ndjson'), 'ndjson');
    // Each task is moved away, as a worker takes it, before the reader
    // goes on: what the reader still needed from that memory is gone.
    const moved: InputUnit[] = [];
    const limits = { taskBytes: 4096, maxBytes: 1 << 20 };
    for await (const unit of readInputs([file], limits)) {
      if (!('task' in unit)) continue;
      const transfer = movableBuffers(unit.task);
      assert.ok(transfer.length > 0, 'the task owns its memory');
      moved.push({ ...unit, task: structuredClone(unit.task, { transfer }) });
      assert.equal(
        unit.task.kind === 'ndjson' ? unit.task.data.byteLength : -1,
        0,
        'the memory left the reader',
      );
    }
    assert.ok(moved.length > 3);
    const numbered = numberedLines(moved);
    assert.equal(numbered.size, 20_000);
    for (const [number, line] of numbered) {
      assert.equal(JSON.parse(line).n, number);
    }
  });

  it('tells a gzip of NDJSON from a gzip of one XML document by its content', async () => {
    const root = tempFolder();
    writeFiles(root, {
      'lines.gz': '{"xml":"<a/>"}\n{"xml":"<b/>"}\n',
      'doc.gz': '\uFEFF  <sr:Request/>',
    });
    const units = await collect(
      [
        inputFile(join(root, 'lines.gz'), 'gzip'),
        inputFile(join(root, 'doc.gz'), 'gzip'),
      ],
      1 << 20,
    );
    const kinds = units.map((unit) =>
      'task' in unit ? unit.task.kind : 'refused',
    );
    assert.deepEqual(kinds, ['ndjson', 'xml']);
  });

  it('groups small XML documents into one task', async () => {
    const root = tempFolder();
    const names = ['1.xml', '2.xml', '3.xml'];
    writeFiles(root, Object.fromEntries(names.map((n) => [n, `<x>${n}</x>`])));
    const units = await collect(
      names.map((n) => inputFile(join(root, n), 'xml')),
      1 << 20,
    );
    assert.equal(units.length, 1);
    const [unit] = units;
    assert.ok(unit !== undefined && 'task' in unit && unit.task.kind === 'xml');
    assert.deepEqual(
      unit.task.documents.map((d) => d.source),
      names.map((n) => join(root, n)),
    );
  });

  it('refuses an XML file over the size limit without reading it all', async () => {
    const root = tempFolder();
    writeFiles(root, { 'big.xml': `<x>${'a'.repeat(10_000)}</x>` });
    const [unit] = await collect(
      [inputFile(join(root, 'big.xml'), 'xml')],
      1 << 20,
      2048,
    );
    assert.ok(unit !== undefined && 'refused' in unit);
    assert.equal(unit.refused.code, 'SV_DUIS_TOO_LARGE');
    assert.match(unit.refused.reason, /10007 bytes/);
  });

  it('quarantines a corrupt gzip file and goes on with the next', async () => {
    const root = tempFolder();
    writeFileSync(join(root, 'bad.gz'), 'not gzip at all');
    writeFiles(root, { 'ok.xml': '<x/>' });
    const units = await collect(
      [
        inputFile(join(root, 'bad.gz'), 'gzip'),
        inputFile(join(root, 'ok.xml'), 'xml'),
      ],
      1 << 20,
    );
    assert.equal(units.length, 2);
    const [bad, ok] = units;
    assert.ok(bad !== undefined && 'refused' in bad);
    assert.equal(bad.refused.code, 'SV_INPUT_UNREADABLE');
    assert.match(bad.refused.reason, /incorrect header check/);
    assert.ok(ok !== undefined && 'task' in ok);
  });
});
