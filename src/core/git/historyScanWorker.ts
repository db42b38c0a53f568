/**
 * Worker-thread entry for the git history scan (bundled to dist/historyScanWorker.js), so parsing and
 * scanning megabytes of patches never runs on the editor's extension host thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { scanText } from '../scan';
import { compileCustomRules, type CustomRuleDefinition } from '../scan/customRules';
import { IgnoreRules } from '../scan/ignoreRules';
import type { Severity } from '../scan/types';
import { historyOnly, scanGitHistory, scanTrackedFiles, type HistoryFinding } from './historyScan';

export interface HistoryWorkerInput {
  repoRoot: string;
  minSeverity?: Severity;
  /** Custom rules from settings that compiled (invalid ones were reported by the editor already). */
  customRules?: CustomRuleDefinition[];
}

export type HistoryWorkerMessage =
  | { type: 'progress'; commits: number; total: number | undefined }
  | {
      type: 'done';
      all: HistoryFinding[];
      historyOnly: HistoryFinding[];
      commits: number;
      bytes: number;
      durationMs: number;
      treeMs: number;
    }
  | { type: 'error'; message: string; cancelled: boolean };

async function main(input: HistoryWorkerInput): Promise<void> {
  const controller = new AbortController();
  parentPort?.on('message', (message: { type?: string }) => {
    if (message?.type === 'cancel') controller.abort();
  });
  const extraRules = compileCustomRules(input.customRules ?? []).rules;
  const scan = (text: string, relativePath: string) =>
    scanText(text, { path: relativePath, minSeverity: input.minSeverity, extraRules });
  // Today's ignore files decide for old commits too: fixtures with fake tokens stay out of the results.
  const ignoreRules = IgnoreRules.forRoot(input.repoRoot);
  const isIgnored = (relativePath: string) => ignoreRules.isIgnored(relativePath);
  try {
    const result = await scanGitHistory(input.repoRoot, {
      scan,
      isIgnored,
      signal: controller.signal,
      onProgress: (commits, total) => post({ type: 'progress', commits, total }),
    });
    const treeStarted = performance.now();
    const current = await scanTrackedFiles(input.repoRoot, { scan, isIgnored, signal: controller.signal });
    post({
      type: 'done',
      all: result.findings,
      historyOnly: historyOnly(result.findings, current),
      commits: result.commits,
      bytes: result.bytes,
      durationMs: result.durationMs,
      treeMs: performance.now() - treeStarted,
    });
  } catch (error) {
    post({
      type: 'error',
      message: (error as Error).message ?? String(error),
      cancelled: controller.signal.aborted,
    });
  }
}

function post(message: HistoryWorkerMessage): void {
  parentPort?.postMessage(message);
}

if (parentPort) void main(workerData as HistoryWorkerInput);
