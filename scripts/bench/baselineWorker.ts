/**
 * Worker for the benchmark's comparison passes over the same batches scanFiles hands out:
 * `floor` reads and decodes every file and does nothing else; `secretlint` also runs
 * secretlint's recommended preset on it in-process, with its profiler's marks turned off.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort } from 'node:worker_threads';
import { DEFAULT_MAX_FILE_SIZE, readFileForScanSync } from '../../src/core/scan/fileReading';
import type { FileToScan } from '../../src/core/scan/fileScan';

interface Request {
  mode: 'floor' | 'secretlint';
  files: FileToScan[];
}

type Lint = (filePath: string, content: string) => Promise<number>;

let lint: Lint | undefined;

async function loadSecretlint(): Promise<Lint> {
  // The profiler instance core uses: its own dependency, which may differ from a hoisted copy.
  const coreRequire = createRequire(path.resolve('node_modules/@secretlint/core/package.json'));
  const profilerUrl = pathToFileURL(coreRequire.resolve('@secretlint/profiler')).href;
  const profiler = (await import(profilerUrl)) as { secretLintProfiler: { mark: (marker: unknown) => void } };
  // The profiler records a performance mark per rule per file and keeps them all; its CLI has
  // no switch for it, so the bench disables the marks, which is the fair comparison.
  profiler.secretLintProfiler.mark = () => undefined;
  const { lintSource } = await import('@secretlint/core');
  const { creator } = await import('@secretlint/secretlint-rule-preset-recommend');
  const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: creator }] };
  return async (filePath, content) => {
    const result = await lintSource({
      source: { filePath, content, contentType: 'text' },
      options: { config, maskSecrets: true },
    });
    return result.messages.length;
  };
}

parentPort?.on('message', (request: Request) => {
  void (async () => {
    if (request.mode === 'secretlint') lint ??= await loadSecretlint();
    let bytes = 0;
    let findings = 0;
    for (const file of request.files) {
      const read = readFileForScanSync(file.absolute, DEFAULT_MAX_FILE_SIZE);
      if (read.kind !== 'text') continue;
      bytes += read.bytes;
      if (lint && request.mode === 'secretlint') findings += await lint(file.absolute, read.text);
    }
    parentPort?.postMessage({ bytes, findings });
  })();
});
