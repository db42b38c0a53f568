import * as vscode from 'vscode';
import type { Log } from '../shared/log';
import { EnvironmentsError } from '../../core/environments/environmentStore';

/**
 * Registers a command whose failures are shown and logged instead of thrown, and which then
 * returns `failed` (so scripted callers see the outcome without a second error popup).
 * Messages pass through the log's redactor before they are shown.
 */
export function registerGuardedCommand(
  log: Log,
  id: string,
  body: (...args: never[]) => Promise<unknown>,
  failed: unknown = false,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await (body as (...a: unknown[]) => Promise<unknown>)(...args);
    } catch (err) {
      const message = err instanceof EnvironmentsError ? err.message : `${(err as Error)?.message ?? err}`;
      log.error('environments', `${id} failed: ${message}`);
      void vscode.window.showErrorMessage(`Token Warden: ${log.redactor.redact(message)}`);
      return failed;
    }
  });
}
