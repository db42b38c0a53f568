import * as vscode from 'vscode';
import type { Log } from '../shared/log';
import type { GitOrigins } from './gitOrigins';
import type { LeakScanner } from './leakScanner';
import { readLeakSettings, type LeakSettings } from './leakSettings';
import type { LeakStore } from './leakStore';
import { TextScanWorkerClient } from './textScanWorkerClient';

const DEBOUNCE_MS = 300;
const SLOW_SCAN_MS = 100;
/** Above this size a document is scanned in a worker thread (about 25 ms of scanning on this thread). */
const WORKER_THRESHOLD_BYTES = 512 * 1024;

/** Schemes of documents a user edits; output channels, git diff views and the like are left alone. */
const SCANNED_SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-userdata']);

/** Scans open documents as the user types, debounced, and hands committed lines to git blame. */
export class LiveScanner implements vscode.Disposable {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];
  /** False until settings, ignore files and baselines are loaded, so nothing ignored gets flagged. */
  private started = false;
  private readonly worker = new TextScanWorkerClient();

  constructor(
    private readonly store: LeakStore,
    private readonly scanner: LeakScanner,
    private readonly origins: GitOrigins,
    private readonly log: Log,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((doc) => this.scanNow(doc)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.schedule(event.document);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.closed(doc)),
      vscode.workspace.onDidSaveTextDocument((doc) => this.scanNow(doc)),
    );
  }

  start(): void {
    this.started = true;
    this.rescanOpenDocuments();
  }

  /** Scans every open document again, e.g. after a settings or baseline change. */
  rescanOpenDocuments(): void {
    for (const doc of vscode.workspace.textDocuments) this.scanNow(doc);
  }

  scanNow(doc: vscode.TextDocument): void {
    this.cancelTimer(doc);
    if (!this.started || !SCANNED_SCHEMES.has(doc.uri.scheme)) return;
    const settings = readLeakSettings(doc.uri);
    if (!settings.liveEnabled || this.scanner.isExcluded(doc.uri)) {
      this.store.clearLive(doc.uri);
      this.store.clearSkipped(doc.uri);
      return;
    }

    // Measured from the line index the host already keeps, so a huge document is never copied to measure it.
    const last = doc.lineAt(doc.lineCount - 1);
    const length = doc.offsetAt(last.range.end);
    if (length > settings.maxFileBytes) {
      const mb = (length / 1024 / 1024).toFixed(1);
      this.store.markSkipped(
        doc.uri,
        `too large to scan live (${mb} MB; limit ` +
          `${settings.maxFileBytes / 1024 / 1024} MB, setting tokenWarden.scan.maxFileSizeMB)`,
      );
      return;
    }
    const head = doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount - 1, 200), 0)).slice(0, 8000);
    if (head.includes('\0')) {
      this.store.markSkipped(doc.uri, 'looks binary, not scanned');
      return;
    }

    if (length > WORKER_THRESHOLD_BYTES) {
      void this.scanInWorker(doc, settings, length);
      return;
    }
    const started = performance.now();
    const text = doc.getText();
    const findings = this.scanner.scan(text, doc.uri);
    const elapsed = performance.now() - started;
    if (elapsed > SLOW_SCAN_MS) {
      this.log.info(
        'leaks',
        `live scan of ${vscode.workspace.asRelativePath(doc.uri)} took ${elapsed.toFixed(0)} ms` +
          ` (${(length / 1024).toFixed(0)} KiB)`,
      );
    }
    const leaks = this.store.setLive(doc.uri, findings);
    if (findings.length > 0 && doc.uri.scheme === 'file') {
      void this.origins.resolve(leaks, doc.isDirty ? text : undefined);
    }
  }

  private async scanInWorker(
    doc: vscode.TextDocument,
    settings: LeakSettings,
    length: number,
  ): Promise<void> {
    const version = doc.version;
    const text = doc.getText();
    const relative = vscode.workspace.asRelativePath(doc.uri);
    try {
      const { findings, ms } = await this.worker.scan({
        text,
        path: this.scanner.relativePath(doc.uri),
        minSeverity: settings.minimumSeverity,
        customRules: this.scanner.validCustomRuleDefinitions,
      });
      // A newer version is already scheduled for its own scan; this result would be stale.
      if (doc.isClosed || doc.version !== version) return;
      if (ms > SLOW_SCAN_MS) {
        this.log.info(
          'leaks',
          `live scan of ${relative} took ${ms.toFixed(0)} ms in a worker thread ` +
            `(${(length / 1024).toFixed(0)} KiB)`,
        );
      }
      const leaks = this.store.setLive(doc.uri, this.scanner.afterScan(doc.uri, findings));
      if (leaks.findings.length > 0 && doc.uri.scheme === 'file') {
        void this.origins.resolve(leaks, doc.isDirty ? text : undefined);
      }
    } catch (error) {
      this.log.warn('leaks', `live scan of ${relative} failed: ${(error as Error).message}`);
    }
  }

  dispose(): void {
    this.worker.dispose();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private schedule(doc: vscode.TextDocument): void {
    this.cancelTimer(doc);
    this.timers.set(
      doc.uri.toString(),
      setTimeout(() => this.scanNow(doc), DEBOUNCE_MS),
    );
  }

  private cancelTimer(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  private closed(doc: vscode.TextDocument): void {
    this.cancelTimer(doc);
    this.store.clearLive(doc.uri);
    this.store.clearSkipped(doc.uri);
  }
}
