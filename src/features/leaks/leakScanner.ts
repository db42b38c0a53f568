import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import * as vscode from 'vscode';
import { scanText, type Finding, type Rule } from '../../core/scan';
import { baselineFingerprints, DEFAULT_BASELINE_FILE, loadBaseline } from '../../core/scan/baseline';
import { compileCustomRules, type CustomRuleDefinition } from '../../core/scan/customRules';
import { IgnoreRules } from '../../core/scan/ignoreRules';
import { excludePatterns } from '../../core/leaks/excludeGlobs';
import type { Log } from '../shared/log';
import { readLeakSettings } from './leakSettings';

interface FolderState {
  ignoreFiles: IgnoreRules;
  /** files.exclude and tokenWarden.scan.exclude, as gitignore patterns relative to the folder. */
  excludes: Ignore;
  baseline: Set<string>;
}

/**
 * The engine as the editor uses it: paths relative to the workspace folder (the engine's file-type
 * handling and fingerprints depend on them), the user's minimum severity and custom rules, the
 * baseline, and the ignore rules (.gitignore, .tokenwardenignore, files.exclude, tokenWarden.scan.exclude).
 */
export class LeakScanner {
  private customRules: Rule[] = [];
  private validDefinitions: CustomRuleDefinition[] = [];
  private reportedErrors = '';
  private readonly folders = new Map<string, FolderState>();

  constructor(private readonly log: Log) {}

  /** Re-reads settings, ignore files and baselines. Reports invalid custom rules once per call. */
  async reload(): Promise<void> {
    this.compileRules();
    this.folders.clear();
    await Promise.all((vscode.workspace.workspaceFolders ?? []).map((folder) => this.loadFolder(folder)));
  }

  /** Re-reads the baseline files only. */
  async reloadBaselines(): Promise<void> {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const state = this.folders.get(folder.uri.toString());
      if (state) state.baseline = await this.readBaseline(folder);
    }
  }

  /** Path relative to the workspace folder holding `uri`, `/`-separated; the file name for other files. */
  relativePath(uri: vscode.Uri): string {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return path.posix.basename(uri.path);
    return uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1);
  }

  scan(text: string, uri: vscode.Uri): Finding[] {
    const settings = readLeakSettings(uri);
    const findings = scanText(text, {
      path: this.relativePath(uri),
      minSeverity: settings.minimumSeverity,
      extraRules: this.customRules,
    });
    return this.afterScan(uri, findings);
  }

  /** Drops baselined findings and teaches the log redactor the secret values. */
  afterScan(uri: vscode.Uri, findings: Finding[]): Finding[] {
    this.log.addSecrets(...findings.map((f) => f.secret));
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const baseline = folder && this.folders.get(folder.uri.toString())?.baseline;
    return baseline && baseline.size > 0 ? findings.filter((f) => !baseline.has(f.fingerprint)) : findings;
  }

  /** The custom rules from settings that compiled, as definitions for the engine's worker threads. */
  get validCustomRuleDefinitions(): CustomRuleDefinition[] {
    return this.validDefinitions;
  }

  isExcluded(uri: vscode.Uri): boolean {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return false;
    const state = this.folders.get(folder.uri.toString());
    const relative = this.relativePath(uri);
    if (!state || !relative) return false;
    return state.excludes.ignores(relative) || state.ignoreFiles.isIgnoredAbsolute(uri.fsPath);
  }

  baselineFile(folder: vscode.WorkspaceFolder): vscode.Uri {
    return vscode.Uri.joinPath(folder.uri, DEFAULT_BASELINE_FILE);
  }

  private compileRules(): void {
    const definitions = readLeakSettings().customRules;
    const { rules, errors } = compileCustomRules(definitions);
    this.customRules = rules;
    const failed = new Set(errors.map((e) => e.index));
    this.validDefinitions = definitions.filter((_, i) => !failed.has(i)) as CustomRuleDefinition[];
    const described = errors.map(
      (e) => `custom rule ${e.id ? `"${e.id}"` : `#${e.index + 1}`}: ${e.message}`,
    );
    // Other settings changes reload the rules too; the same mistake is reported once.
    const key = described.join('\n');
    if (key === this.reportedErrors) return;
    this.reportedErrors = key;
    if (errors.length === 0) return;
    for (const line of described) this.log.error('leaks', `tokenWarden.scan.customRules: ${line}`);
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    void vscode.window
      .showErrorMessage(
        `Token Warden: ${described[0]}${more}. The other rules keep working.`,
        'Open Settings',
        'Show Log',
      )
      .then((choice) => {
        if (choice === 'Open Settings') {
          void vscode.commands.executeCommand('workbench.action.openSettingsJson', {
            revealSetting: {
              key: 'tokenWarden.scan.customRules',
            },
          });
        } else if (choice === 'Show Log') this.log.channel.show();
      });
  }

  private async loadFolder(folder: vscode.WorkspaceFolder): Promise<void> {
    const settings = readLeakSettings(folder.uri);
    const filesExclude = vscode.workspace
      .getConfiguration('files', folder.uri)
      .get<Record<string, unknown>>('exclude', {});
    const patterns = excludePatterns(filesExclude, settings.exclude);
    this.folders.set(folder.uri.toString(), {
      ignoreFiles: IgnoreRules.forRoot(folder.uri.fsPath),
      excludes: ignore().add(patterns),
      baseline: await this.readBaseline(folder),
    });
  }

  private async readBaseline(folder: vscode.WorkspaceFolder): Promise<Set<string>> {
    try {
      return baselineFingerprints(await loadBaseline(this.baselineFile(folder).fsPath));
    } catch (error) {
      this.log.error('leaks', (error as Error).message);
      void vscode.window.showErrorMessage(`Token Warden: ${(error as Error).message}`);
      return new Set();
    }
  }
}
