import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import { findRepositoryRoot } from '../../core/git/gitProcess';
import type { HistoryWorkerInput, HistoryWorkerMessage } from '../../core/git/historyScanWorker';
import { commitDate, shortSha } from '../../core/leaks/leakMessage';
import type { Log } from '../shared/log';
import { readLeakSettings } from './leakSettings';
import type { LeakScanner } from './leakScanner';
import type { LeakStore } from './leakStore';

/** What the command returns (masked), so tests and other commands can read the outcome. */
export interface HistoryScanSummary {
  repoRoot: string;
  commits: number;
  durationMs: number;
  historyOnly: { ruleId: string; path: string; line: number; commit: string; time: number; masked: string }[];
}

const CANCEL_GRACE_MS = 2000;

/**
 * "Scan Git History": runs the history scan in a worker thread per repository, with a cancellable
 * progress notification, and lists secrets that were removed from the files but remain in history.
 */
export class GitHistoryScan {
  constructor(
    private readonly store: LeakStore,
    private readonly scanner: LeakScanner,
    private readonly log: Log,
  ) {}

  async run(target?: string | vscode.Uri): Promise<HistoryScanSummary[] | undefined> {
    if (!vscode.workspace.isTrusted) {
      const choice = await vscode.window.showWarningMessage(
        'Scanning git history runs git, which can start ' +
          "programs named in a repository's configuration. Trust this workspace to scan its history.",
        'Manage Workspace Trust',
      );
      if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
      return undefined;
    }
    const folders = target
      ? [typeof target === 'string' ? target : target.fsPath]
      : (vscode.workspace.workspaceFolders ?? [])
          .filter((f) => f.uri.scheme === 'file')
          .map((f) => f.uri.fsPath);
    const roots = [
      ...new Set((await Promise.all(folders.map(findRepositoryRoot))).filter((r): r is string => !!r)),
    ];
    if (roots.length === 0) {
      void vscode.window.showInformationMessage(
        'Token Warden: no git repository to scan in ' +
          (folders.length > 0 ? folders.map((f) => path.basename(f)).join(', ') : 'this window') +
          '.',
      );
      return undefined;
    }

    const minSeverity = readLeakSettings().minimumSeverity;
    return vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        cancellable: true,
        title: 'Token Warden: scanning git history',
      },
      async (progress, token) => {
        const summaries: HistoryScanSummary[] = [];
        for (const repoRoot of roots) {
          if (token.isCancellationRequested) break;
          const summary = await this.scanRepository(
            { repoRoot, minSeverity, customRules: this.scanner.validCustomRuleDefinitions },
            progress,
            token,
            roots.length,
          );
          if (summary) summaries.push(summary);
        }
        this.announce(summaries, token.isCancellationRequested);
        return summaries;
      },
    );
  }

  private scanRepository(
    input: HistoryWorkerInput,
    progress: vscode.Progress<{ message?: string; increment?: number }>,
    token: vscode.CancellationToken,
    repositories: number,
  ): Promise<HistoryScanSummary | undefined> {
    const name = path.basename(input.repoRoot);
    const worker = new Worker(path.join(__dirname, 'historyScanWorker.js'), { workerData: input });
    let reported = 0;
    return new Promise((resolve) => {
      const cancel = token.onCancellationRequested(() => {
        worker.postMessage({ type: 'cancel' });
        // The worker stops git and answers; terminate it anyway if it does not within the grace period.
        setTimeout(() => void worker.terminate(), CANCEL_GRACE_MS).unref();
      });
      const finish = (summary: HistoryScanSummary | undefined) => {
        cancel.dispose();
        void worker.terminate();
        resolve(summary);
      };
      worker.on('error', (error) => {
        this.log.error('leaks', `git history scan of ${name} failed: ${error.message}`);
        finish(undefined);
      });
      worker.on('exit', () => finish(undefined));
      worker.on('message', (message: HistoryWorkerMessage) => {
        if (message.type === 'progress') {
          const percent = message.total ? Math.floor((message.commits / message.total) * 100) : 0;
          progress.report({
            message: `${name}: ${message.commits}/${message.total ?? '?'} commits`,
            increment: Math.max(0, percent - reported) / repositories,
          });
          reported = Math.max(reported, percent);
          return;
        }
        if (message.type === 'error') {
          if (message.cancelled) this.log.info('leaks', `git history scan of ${name} cancelled`);
          else {
            this.log.error('leaks', `git history scan of ${name} failed: ${message.message}`);
            void vscode.window
              .showErrorMessage(
                `Token Warden: scanning the git history of ${name} failed: ` + message.message,
                'Show Log',
              )
              .then((choice) => choice && this.log.channel.show());
          }
          finish(undefined);
          return;
        }
        this.store.setHistory(input.repoRoot, message.all, message.historyOnly);
        this.log.info(
          'leaks',
          `git history of ${name}: ${message.commits} commits, ` +
            `${(message.bytes / 1024 / 1024).toFixed(1)} MiB of patches ` +
            `in ${(message.durationMs / 1000).toFixed(2)} s; ` +
            `current tree checked in ${(message.treeMs / 1000).toFixed(2)} s; ` +
            `${message.all.length} distinct secrets in history, ` +
            `${message.historyOnly.length} no longer in the files`,
        );
        for (const f of message.historyOnly) {
          this.log.warn(
            'leaks',
            `only in history: ${f.title} ${f.masked} in ${f.path}:${f.line}, added in ` +
              `${shortSha(f.commit)} (${commitDate(f.time)}) - rotate it at ${f.revokeUrl || 'its issuer'}`,
          );
        }
        finish({
          repoRoot: input.repoRoot,
          commits: message.commits,
          durationMs: message.durationMs,
          historyOnly: message.historyOnly.map((f) => ({
            ruleId: f.ruleId,
            path: f.path,
            line: f.line,
            commit: f.commit,
            time: f.time,
            masked: f.masked,
          })),
        });
      });
    });
  }

  private announce(summaries: HistoryScanSummary[], cancelled: boolean): void {
    if (cancelled) {
      void vscode.window.showInformationMessage('Token Warden: git history scan cancelled.');
      return;
    }
    const commits = summaries.reduce((n, s) => n + s.commits, 0);
    const only = summaries.reduce((n, s) => n + s.historyOnly.length, 0);
    const text =
      only === 0
        ? `Token Warden: ${commits} commits scanned; no secret is left only in git history.`
        : `Token Warden: ${commits} commits scanned; ` +
          `${only} secret${only === 1 ? ' was' : 's were'} removed from the files ` +
          'but remain in git history. Rotate them: deleting does not help once pushed.';
    void vscode.window
      .showInformationMessage(text, ...(only > 0 ? ['Show Leaks'] : []))
      .then((choice) => choice && vscode.commands.executeCommand('tokenWarden.showLeaks'));
  }
}
