import * as vscode from 'vscode';
import { describeCounts } from '../../core/leaks/grouping';
import type { LeakStore } from './leakStore';

/** A shield with the number of findings; the tooltip also says when the active file was not scanned live. */
export class LeakStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'tokenWarden.leaks',
    vscode.StatusBarAlignment.Left,
    50,
  );
  private readonly disposables: vscode.Disposable[] = [];
  private scanning: string | undefined;

  constructor(private readonly store: LeakStore) {
    this.item.name = 'Token Warden Leaks';
    this.item.command = 'tokenWarden.showLeaks';
    this.disposables.push(
      this.item,
      store.onDidChange(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
    this.update();
  }

  setScanning(message: string | undefined): void {
    this.scanning = message;
    this.update();
  }

  update(): void {
    const findings = this.store.all().flatMap((l) => l.findings);
    const active = vscode.window.activeTextEditor?.document.uri;
    const skipped = active && this.store.skippedReason(active);
    this.item.text = `${this.scanning ? '$(sync~spin)' : '$(shield)'} ${findings.length}`;
    const lines = [`Token Warden: ${describeCounts(findings)} in open files and the last workspace scan.`];
    if (this.scanning) lines.push(this.scanning);
    if (skipped) lines.push(`The active file is ${skipped}.`);
    lines.push('Click to open the Leaks view.');
    this.item.tooltip = lines.join('\n');
    this.item.backgroundColor = findings.some((f) => f.severity === 'critical' || f.severity === 'high')
      ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : undefined;
    this.item.show();
  }

  /** The tooltip text, for tests. */
  get tooltip(): string {
    return String(this.item.tooltip ?? '');
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
