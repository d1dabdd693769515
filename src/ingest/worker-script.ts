/**
 * Worker threads as one CommonJS script each, bundled by esbuild from the
 * TypeScript sources once per process (well under 100 ms). Loading the
 * sources module by module through tsx instead cost each worker about half
 * a second of CPU, stolen from parsing; and the bundle is built from the
 * sources of this very run, so it can never be stale.
 */
import { fileURLToPath } from 'node:url';

import { buildSync } from 'esbuild';

const scripts = new Map<string, string>();

/**
 * The script of the worker whose entry module is `entry` (a file URL), to
 * start with `new Worker(script, { eval: true })`.
 *
 * Packages stay outside the bundle (snappy and better-sqlite3 have native
 * parts that cannot be bundled), and an evaluated worker's own `require`
 * resolves from the working directory, so the script gets one that
 * resolves from its entry.
 */
export function workerScript(entry: URL): string {
  const path = fileURLToPath(entry);
  const known = scripts.get(path);
  if (known !== undefined) return known;
  const bundle = buildSync({
    entryPoints: [path],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'error',
  }).outputFiles[0]?.text;
  if (bundle === undefined) {
    throw new Error(`esbuild wrote no script for ${path}`);
  }
  const script =
    `(function (require) {\n${bundle}\n})(` +
    `require('node:module').createRequire(${JSON.stringify(path)}));`;
  scripts.set(path, script);
  return script;
}
