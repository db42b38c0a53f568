import * as vscode from 'vscode';
import type { HistoryFinding } from '../../core/git/historyScan';
import type { CommitOrigin } from '../../core/leaks/leakMessage';
import type { Finding } from '../../core/scan/types';

/** The findings of one file from one source, with the commit each finding's line came from once known. */
export interface FileLeaks {
  uri: vscode.Uri;
  findings: Finding[];
  origins: (CommitOrigin | undefined)[];
}

export type DiagnosticFactory = (leaks: FileLeaks, index: number) => vscode.Diagnostic;

/**
 * Every finding the features know about. Open documents are scanned live and their results win over
 * the workspace scan's results for the same file; both end up in one diagnostic collection.
 */
export class LeakStore implements vscode.Disposable {
  private readonly live = new Map<string, FileLeaks>();
  private readonly workspace = new Map<string, FileLeaks>();
  private historyOnlyFindings: { repoRoot: string; findings: HistoryFinding[] }[] = [];
  /** Every secret git history holds, by secret hash, to name a commit when blame cannot. */
  private readonly historyBySecret = new Map<string, HistoryFinding>();
  /** Documents not scanned live, with the reason shown in the status bar tooltip. */
  private readonly skipped = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<void>();
  private pendingFire: ReturnType<typeof setTimeout> | undefined;

  /** Fires (coalesced) after any change to findings. */
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly diagnostics: vscode.DiagnosticCollection,
    private readonly toDiagnostic: DiagnosticFactory,
  ) {}

  setLive(uri: vscode.Uri, findings: Finding[]): FileLeaks {
    const leaks = { uri, findings, origins: findings.map(() => undefined) };
    this.live.set(uri.toString(), leaks);
    this.skipped.delete(uri.toString());
    this.publish(uri);
    return leaks;
  }

  clearLive(uri: vscode.Uri): void {
    if (!this.live.delete(uri.toString())) return;
    this.publish(uri);
  }

  setWorkspace(uri: vscode.Uri, findings: Finding[]): FileLeaks {
    const leaks = { uri, findings, origins: findings.map(() => undefined) };
    if (findings.length === 0) this.workspace.delete(uri.toString());
    else this.workspace.set(uri.toString(), leaks);
    this.publish(uri);
    return leaks;
  }

  /** Removes workspace-scan findings of a file that no longer count (e.g. just added to the baseline). */
  dropWorkspaceFindings(uri: vscode.Uri, drop: (finding: Finding) => boolean): void {
    const leaks = this.workspace.get(uri.toString());
    if (!leaks) return;
    const keep = leaks.findings.map((f, i) => [f, leaks.origins[i]] as const).filter(([f]) => !drop(f));
    leaks.findings = keep.map(([f]) => f);
    leaks.origins = keep.map(([, o]) => o);
    if (leaks.findings.length === 0) this.workspace.delete(uri.toString());
    this.publish(uri);
  }

  deleteWorkspace(uri: vscode.Uri): void {
    if (!this.workspace.delete(uri.toString())) return;
    this.publish(uri);
  }

  /** Drops workspace results under a folder, or all of them. */
  clearWorkspace(): void {
    const uris = [...this.workspace.values()].map((l) => l.uri);
    this.workspace.clear();
    for (const uri of uris) this.publish(uri);
  }

  markSkipped(uri: vscode.Uri, reason: string): void {
    this.live.delete(uri.toString());
    this.skipped.set(uri.toString(), reason);
    this.publish(uri);
  }

  clearSkipped(uri: vscode.Uri): void {
    if (this.skipped.delete(uri.toString())) this.changed();
  }

  skippedReason(uri: vscode.Uri): string | undefined {
    return this.skipped.get(uri.toString());
  }

  /** Records blame results if `leaks` is still the current set for its file. */
  setOrigins(leaks: FileLeaks, origins: (CommitOrigin | undefined)[]): void {
    const key = leaks.uri.toString();
    if (this.live.get(key) !== leaks && this.workspace.get(key) !== leaks) return;
    leaks.origins = origins;
    this.publish(leaks.uri);
  }

  /** The findings that count for a file: the live scan's while it is open, else the workspace scan's. */
  effective(uri: vscode.Uri): FileLeaks | undefined {
    const key = uri.toString();
    return this.live.get(key) ?? this.workspace.get(key);
  }

  all(): FileLeaks[] {
    const result = [...this.live.values()];
    for (const [key, leaks] of this.workspace) if (!this.live.has(key)) result.push(leaks);
    return result.filter((l) => l.findings.length > 0);
  }

  setHistory(repoRoot: string, all: HistoryFinding[], historyOnly: HistoryFinding[]): void {
    for (const finding of all) this.historyBySecret.set(finding.secretHash, finding);
    this.historyOnlyFindings = [
      ...this.historyOnlyFindings.filter((h) => h.repoRoot !== repoRoot),
      { repoRoot, findings: historyOnly },
    ];
    this.changed();
  }

  historyOnly(): { repoRoot: string; findings: HistoryFinding[] }[] {
    return this.historyOnlyFindings;
  }

  historyFor(secretHash: string): HistoryFinding | undefined {
    return this.historyBySecret.get(secretHash);
  }

  dispose(): void {
    if (this.pendingFire) clearTimeout(this.pendingFire);
    this.emitter.dispose();
  }

  private publish(uri: vscode.Uri): void {
    const leaks = this.effective(uri);
    if (!leaks || leaks.findings.length === 0) this.diagnostics.delete(uri);
    else
      this.diagnostics.set(
        uri,
        leaks.findings.map((_, i) => this.toDiagnostic(leaks, i)),
      );
    this.changed();
  }

  private changed(): void {
    if (this.pendingFire) return;
    this.pendingFire = setTimeout(() => {
      this.pendingFire = undefined;
      this.emitter.fire();
    }, 50);
  }
}
