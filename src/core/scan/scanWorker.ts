/**
 * Worker-thread entry (bundled as dist/scanWorker.js): scans batches of files posted by
 * scanFiles and posts back one FileOutcome per file.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileCustomRules } from './customRules';
import { prepareEngine } from './engine';
import { scanOneFileSync, type FileOutcome, type WorkerRequest, type WorkerStart } from './fileScan';
import type { Rule } from './types';

let compiledFor: string | undefined;
let extraRules: Rule[] | undefined;

function rulesFor(request: WorkerStart): Rule[] | undefined {
  const key = JSON.stringify(request.customRules ?? []);
  if (key !== compiledFor) {
    compiledFor = key;
    const { rules } = compileCustomRules(request.customRules ?? []);
    extraRules = rules.length > 0 ? rules : undefined;
  }
  return extraRules;
}

// Compiled before the first batch arrives, while the main thread is still listing files.
prepareEngine(rulesFor((workerData as WorkerStart | null) ?? {}));

parentPort?.on('message', (request: WorkerRequest) => {
  const settings = {
    minSeverity: request.minSeverity, maxFileSize: request.maxFileSize, extraRules: rulesFor(request),
  };
  const outcomes: FileOutcome[] = request.files.map((file) => scanOneFileSync(file, settings));
  parentPort?.postMessage(outcomes);
});
