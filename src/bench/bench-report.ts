/**
 * What the benches' reports share: the machine they ran on, Markdown table
 * rows, whole numbers, and rewriting a bench's own section of
 * docs/BENCHMARKS.md between its markers.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

/** docs/BENCHMARKS.md, where the benches write their figures. */
export const BENCHMARKS_FILE = fileURLToPath(
  new URL('../../docs/BENCHMARKS.md', import.meta.url),
);

/** A bench's section: the name in its markers and its heading. */
export interface BenchSection {
  /** `api-bench` for `<!-- api-bench:start -->` … `:end -->`. */
  readonly marker: string;
  /** The `##` heading to add when the file has no such section yet. */
  readonly heading: string;
}

/** The machine a bench runs on: cores, memory, kernel (unless
 * `withKernel` is false), Node and the load average now. */
export function describeMachine(withKernel = true): string {
  const cpu = cpus();
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');
  const parts = [
    `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}`,
    `${Math.round(totalmem() / 2 ** 30)} GiB RAM`,
    ...(withKernel ? [`Linux ${release()}`] : []),
    `Node ${process.version}`,
  ];
  return `${parts.join(', ')}; load average at the start ${load}`;
}

/** One row of a Markdown table, header and rule rows included. */
export function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** A count rounded to a whole number, with thousands separators. */
export function whole(value: number): string {
  return Math.round(value).toLocaleString('en-GB');
}

/** Puts the figures between the section's markers, adding the section at
 * the end of the file if it has none. */
export function replaceSection(
  markdown: string,
  figures: string,
  section: BenchSection,
): string {
  const startMarker = `<!-- ${section.marker}:start -->`;
  const endMarker = `<!-- ${section.marker}:end -->`;
  const block = `${startMarker}\n${figures}\n${endMarker}`;
  const start = markdown.indexOf(startMarker);
  const end = markdown.indexOf(endMarker);
  if (start !== -1 && end > start) {
    return (
      markdown.slice(0, start) + block + markdown.slice(end + endMarker.length)
    );
  }
  const base = markdown.trim() === '' ? '# Benchmarks' : markdown.trimEnd();
  return `${base}\n\n## ${section.heading}\n\n${block}\n`;
}

/** Rewrites the section's figures in docs/BENCHMARKS.md (or `path`). */
export async function updateBenchmarksFile(
  figures: string,
  section: BenchSection,
  path: string = BENCHMARKS_FILE,
): Promise<void> {
  const current = await readFile(path, 'utf8').catch(() => '');
  await writeFile(path, replaceSection(current, figures, section));
}
