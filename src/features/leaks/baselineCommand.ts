import * as vscode from 'vscode';
import { BaselineError, loadBaseline, saveBaseline } from '../../core/scan/baseline';
import type { Log } from '../shared/log';
import { ADD_TO_BASELINE_COMMAND } from './leakCodeActions';
import type { LeakScanner } from './leakScanner';
import type { LeakStore } from './leakStore';
import type { LiveScanner } from './liveScanner';

/**
 * Adds one finding to `.token-warden-baseline.json` at the root of its workspace folder. A baseline that
 * cannot be read is never overwritten: the user gets the reason and the file stays as it was.
 */
export function registerBaselineCommand(
  store: LeakStore,
  scanner: LeakScanner,
  live: LiveScanner,
  log: Log,
): vscode.Disposable {
  return vscode.commands.registerCommand(
    ADD_TO_BASELINE_COMMAND,
    async (uri: vscode.Uri, fingerprint: string, ruleId: string): Promise<boolean> => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (!folder) {
        void vscode.window.showWarningMessage(
          'Token Warden: only files inside a workspace folder have a baseline.',
        );
        return false;
      }
      const file = scanner.baselineFile(folder);
      try {
        const existing = await loadBaseline(file.fsPath);
        const entries = existing?.entries ?? [];
        if (!entries.some((e) => e.fingerprint === fingerprint)) {
          await saveBaseline(file.fsPath, [
            ...entries,
            { file: scanner.relativePath(uri), ruleId, fingerprint },
          ]);
        }
      } catch (error) {
        const message =
          error instanceof BaselineError
            ? error.message
            : `could not update ${file.fsPath}: ${(error as Error).message}`;
        log.error('leaks', message);
        void vscode.window.showErrorMessage(`Token Warden: ${message}`);
        return false;
      }
      log.info('leaks', `added a ${ruleId} finding in ${scanner.relativePath(uri)} to the baseline`);

      await scanner.reloadBaselines();
      store.dropWorkspaceFindings(uri, (f) => f.fingerprint === fingerprint);
      live.rescanOpenDocuments();
      return true;
    },
  );
}
