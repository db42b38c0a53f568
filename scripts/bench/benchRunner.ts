/**
 * One measurement, in a fresh process so its peak memory is its own: lists the tree, runs one
 * tool over it with the same worker-thread fan-out, and prints a JSON line with bytes, time and
 * the process's RSS high-water mark (threads share the process, so workers are included).
 * Bundled by scripts/bench/scan.ts; run as
 * `node runner.js <tool> <root> <workers> <workerDir> [sampleEvery]`.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { listFiles, scanFiles } from '../../src/core/scan';
import type { FileToScan } from '../../src/core/scan/fileScan';

export interface RunnerResult {
  tool: string;
  files: number;
  bytes: number;
  ms: number;
  maxRssMB: number;
  /** CPU time of the whole process, every thread: steadier than wall time on a busy machine. */
  cpuMs: number;
  findings: number;
}

interface BatchReply {
  bytes: number;
  findings: number;
}

const BATCH_SIZE = 64;

/**
 * The same dispatch as scanFiles: workers started before the tree is listed, then batches of 64
 * files, two in flight per worker.
 */
function runInWorkers(workers: Worker[], files: FileToScan[], mode: string): Promise<BatchReply> {
  const batches: FileToScan[][] = [];
  for (let i = 0; i < files.length; i += BATCH_SIZE) batches.push(files.slice(i, i + BATCH_SIZE));
  const total: BatchReply = { bytes: 0, findings: 0 };
  let next = 0;
  let pending = batches.length;
  return new Promise((resolve, reject) => {
    const feed = (worker: Worker) => {
      if (next < batches.length) worker.postMessage({ mode, files: batches[next++] });
    };
    for (const worker of workers) {
      worker.on('message', (reply: BatchReply) => {
        total.bytes += reply.bytes;
        total.findings += reply.findings;
        if (--pending === 0) {
          for (const w of workers) void w.terminate();
          resolve(total);
          return;
        }
        feed(worker);
      });
      worker.on('error', reject);
      feed(worker);
      feed(worker);
    }
  });
}

async function main(): Promise<void> {
  const [tool, root, workersArg, workerDirArg, sampleArg] = process.argv.slice(2);
  const workerDir = path.resolve(workerDirArg);
  const workers = Number(workersArg);
  const sampleEvery = Number(sampleArg ?? '1');
  const started = performance.now();
  let result: Omit<RunnerResult, 'ms' | 'maxRssMB' | 'tool' | 'cpuMs'>;
  const cpuBefore = process.cpuUsage();
  if (tool === 'token-warden') {
    const scan = await scanFiles(root, ['.'], { workers, workerScript: path.join(workerDir,
      'scanWorker.js') });
    result = { files: scan.stats.files, bytes: scan.stats.bytes, findings: scan.findings.length };
  } else {
    const pool = Array.from({ length: workers }, () => new Worker(path.join(workerDir, 'baselineWorker.mjs')));
    const all = await listFiles(root, ['.']);
    const files = all.filter((_, i) => i % sampleEvery === 0);
    const reply = await runInWorkers(pool, files, tool);
    result = { files: files.length, ...reply };
  }
  const ms = performance.now() - started;
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(JSON.stringify({ tool, ...result, ms, maxRssMB, cpuMs } satisfies RunnerResult));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
