import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { listFiles, scanFiles, type FileFinding } from '../../core/scan';
import { DEFAULT_BASELINE_FILE } from '../../core/scan/baseline';
import { IGNORE_FILES } from '../../core/scan/ignoreRules';
import type { Log } from '../shared/log';
import type { GitOrigins } from './gitOrigins';
import type { LeakScanner } from './leakScanner';
import { readLeakSettings } from './leakSettings';
import type { LeakStatusBar } from './leakStatusBar';
import type { LeakStore } from './leakStore';

const WATCH_DEBOUNCE_MS = 500;

export interface WorkspaceScanSummary {
  files: number;
  findings: number;
  durationMs: number;
  cancelled: boolean;
}

/**
 * Scans every workspace folder in the engine's worker threads, publishes findings of files that are not
 * open, and keeps them current from file-system events once a scan has run.
 */
export class WorkspaceScanner implements vscode.Disposable {
  private running: AbortController | undefined;
  private scannedOnce = false;
  private readonly known = new Map<string, Set<string>>();
  private readonly changed = new Set<string>();
  /**
   * When each file last changed on disk. A scan that started before a file's latest change does
   * not publish its result for that file: the re-scan that the change scheduled will.
   */
  private readonly changedAt = new Map<string, number>();
  private changeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly store: LeakStore,
    private readonly scanner: LeakScanner,
    private readonly origins: GitOrigins,
    private readonly statusBar: LeakStatusBar,
    private readonly log: Log,
    private readonly onRulesChanged: () => void,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.fileChanged(uri)),
      watcher.onDidChange((uri) => this.fileChanged(uri)),
      watcher.onDidDelete((uri) => this.fileDeleted(uri)),
    );
  }

  get hasScanned(): boolean {
    return this.scannedOnce;
  }

  /** Scans all folders; `interactive` shows a cancellable notification, otherwise a quiet window progress. */
  async scanAll(interactive: boolean): Promise<WorkspaceScanSummary> {
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    const summary: WorkspaceScanSummary = { files: 0, findings: 0, durationMs: 0, cancelled: false };
    const started = performance.now();

    const work = async (
      progress: vscode.Progress<{ message?: string; increment?: number }>,
      token?: vscode.CancellationToken,
    ) => {
      token?.onCancellationRequested(() => controller.abort());
      this.statusBar.setScanning('Scanning the workspace...');
      try {
        for (const folder of folders) {
          const result = await this.scanFolder(folder, controller.signal, (done, total) =>
            progress.report({ message: `${folder.name}: ${done}/${total} files` }),
          );
          summary.files += result.files;
          summary.findings += result.findings;
        }
        this.scannedOnce = true;
      } catch (error) {
        if ((error as Error).name !== 'AbortError') throw error;
        summary.cancelled = true;
      } finally {
        if (this.running === controller) {
          this.running = undefined;
          this.statusBar.setScanning(undefined);
        }
      }
    };

    try {
      if (interactive) {
        await vscode.window.withProgress(
          {
            location: vscode.ProgressLocation.Notification,
            cancellable: true,
            title: 'Token Warden: scanning the workspace for secrets',
          },
          work,
        );
      } else {
        await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: 'Token Warden' },
          work,
        );
      }
    } catch (error) {
      this.log.error('leaks', `workspace scan failed: ${(error as Error).message}`);
      void vscode.window
        .showErrorMessage(`Token Warden: the workspace scan failed: ${(error as Error).message}`, 'Show Log')
        .then((choice) => choice && this.log.channel.show());
    }
    summary.durationMs = performance.now() - started;
    this.log.info(
      'leaks',
      `workspace scan ${summary.cancelled ? 'cancelled after' : 'finished in'} ` +
        `${(summary.durationMs / 1000).toFixed(2)} s: ${summary.files} files, ${summary.findings} findings`,
    );
    return summary;
  }

  dispose(): void {
    this.running?.abort();
    if (this.changeTimer) clearTimeout(this.changeTimer);
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private async scanFolder(
    folder: vscode.WorkspaceFolder,
    signal: AbortSignal,
    onProgress: (done: number, total: number) => void,
    only?: string[],
  ): Promise<{ files: number; findings: number }> {
    const started = performance.now();
    const root = folder.uri.fsPath;
    const settings = readLeakSettings(folder.uri);
    const listed = await listFiles(root, only ?? ['.'], {
      signal,
      onUnreadableFolder: (relative, code) => this.log.warn('leaks', `could not read folder ${relative}: ${code}`),
    });
    const files = listed
      .filter(
        (f) =>
          !f.relative.startsWith('/') &&
          !this.scanner.isExcluded(vscode.Uri.joinPath(folder.uri, f.relative)),
      )
      .map((f) => f.relative);
    if (files.length === 0) return { files: 0, findings: 0 };

    const result = await scanFiles(root, files, {
      minSeverity: settings.minimumSeverity,
      maxFileSize: settings.maxFileBytes,
      customRules: this.scanner.validCustomRuleDefinitions,
      // Always in worker threads: the extension host's thread also runs every other extension.
      workers: Math.max(1, Math.min(4, availableParallelism() - 1)),
      signal,
      onProgress: (p) => onProgress(p.filesDone, p.filesTotal),
    });
    signal.throwIfAborted();

    const byFile = new Map<string, FileFinding[]>();
    for (const finding of result.findings)
      byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
    const key = folder.uri.toString();
    const known = this.known.get(key) ?? new Set<string>();
    this.known.set(key, known);
    const scannedNow = new Set(files);
    let count = 0;
    for (const relative of files) {
      const uri = vscode.Uri.joinPath(folder.uri, relative);
      if ((this.changedAt.get(uri.toString()) ?? -Infinity) > started) continue;
      const findings = this.scanner.afterScan(
        uri,
        (byFile.get(relative) ?? []).map(({ file: _file, ...f }) => f),
      );
      count += findings.length;
      if (findings.length === 0) {
        if (known.delete(relative)) this.store.deleteWorkspace(uri);
        continue;
      }
      known.add(relative);
      const leaks = this.store.setWorkspace(uri, findings);
      void this.origins.resolve(leaks);
    }
    if (!only) {
      // Changes before this scan started are in its results.
      for (const [uri, at] of this.changedAt) if (at < started) this.changedAt.delete(uri);
      // Files that had findings and were not listed this time (now ignored or excluded).
      for (const relative of [...known]) {
        if (scannedNow.has(relative)) continue;
        known.delete(relative);
        this.store.deleteWorkspace(vscode.Uri.joinPath(folder.uri, relative));
      }
    }
    for (const error of result.errors)
      this.log.warn('leaks', `could not read ${error.file}: ${error.message}`);
    return { files: result.stats.files, findings: count };
  }

  private fileChanged(uri: vscode.Uri): void {
    const name = path.posix.basename(uri.path);
    if ((IGNORE_FILES as readonly string[]).includes(name) || name === DEFAULT_BASELINE_FILE) {
      this.onRulesChanged();
      return;
    }
    if (!this.scannedOnce || uri.scheme !== 'file') return;
    this.changedAt.set(uri.toString(), performance.now());
    this.changed.add(uri.toString());
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => void this.rescanChanged(), WATCH_DEBOUNCE_MS);
  }

  private fileDeleted(uri: vscode.Uri): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return;
    const known = this.known.get(folder.uri.toString());
    const relative = this.scanner.relativePath(uri);
    for (const file of [...(known ?? [])]) {
      // A deleted folder takes every file under it along.
      if (file === relative || file.startsWith(`${relative}/`)) {
        known?.delete(file);
        this.store.deleteWorkspace(vscode.Uri.joinPath(folder.uri, file));
      }
    }
  }

  private async rescanChanged(): Promise<void> {
    const uris = [...this.changed].map((u) => vscode.Uri.parse(u));
    this.changed.clear();
    const started = performance.now();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const relatives = uris
        .filter((u) => vscode.workspace.getWorkspaceFolder(u)?.uri.toString() === folder.uri.toString())
        .map((u) => this.scanner.relativePath(u))
        .filter((r) => r !== '');
      if (relatives.length === 0) continue;
      try {
        const existing = await existingFiles(folder, relatives);
        if (existing.length === 0) continue;
        await this.scanFolder(folder, new AbortController().signal, () => undefined, existing);
      } catch (error) {
        this.log.warn('leaks', `re-scan of changed files failed: ${(error as Error).message}`);
      }
    }
    const elapsed = performance.now() - started;
    if (elapsed > 1000)
      this.log.info('leaks', `re-scanned ${uris.length} changed files in ${elapsed.toFixed(0)} ms`);
  }
}

/**
 * Keeps the files and folders that still exist (a change event can race a delete). A new
 * folder is walked: the watcher may report it and miss the files written into it at once.
 */
async function existingFiles(folder: vscode.WorkspaceFolder, relatives: string[]): Promise<string[]> {
  const checks = await Promise.all(
    relatives.map(async (relative) => {
      try {
        const stat = await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder.uri, relative));
        return stat.type & (vscode.FileType.File | vscode.FileType.Directory) ? relative : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  return checks.filter((r): r is string => r !== undefined);
}
