import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { SecretStore } from '../../core/environments/model';
import type { Log } from '../shared/log';

/** The SecretStore over `context.secrets`; every value it sees is handed to the log's redactor. */
export function createSecretStore(secrets: vscode.SecretStorage, log: Log): SecretStore {
  return {
    async get(key) {
      const value = await secrets.get(key);
      log.addSecrets(value);
      return value;
    },
    async store(key, value) {
      log.addSecrets(value);
      await secrets.store(key, value);
    },
    delete: (key) => Promise.resolve(secrets.delete(key)),
  };
}

const WARNING_SETTING = 'environments.secretStorageWarning.enabled';
const DISMISSED_KEY = 'tokenWarden.secretStorageWarningDismissed';

/**
 * Warns once when secrets will not be kept in an OS keyring.
 *
 * Two signals, because the API does not say where SecretStorage keeps values:
 * - A probe (store, read back, delete a random value). A keyring that is missing or locked
 *   makes VS Code throw or hand back nothing; then values last at most for this session.
 * - `vscode.env.uiKind === Web`: in a browser workbench (code-server, `code serve-web`, VS Code
 *   Server) `context.secrets` is forwarded to the page. Stock VS Code Server keeps it in memory
 *   only, code-server in the browser's localStorage; either way there is no OS keyring, and
 *   values are tied to one browser profile or lost on reload.
 * A desktop on Linux without a keyring falls back to in-memory storage silently (VS Code shows
 * its own notice); the probe cannot see that case, since values do read back within a session.
 */
export async function checkSecretStorage(
  context: vscode.ExtensionContext,
  store: SecretStore,
  log: Log,
): Promise<void> {
  const probeKey = 'tokenWarden/probe';
  const probe = randomBytes(12).toString('hex');
  let reason: string | undefined;
  try {
    await store.store(probeKey, probe);
    const back = await store.get(probeKey);
    await store.delete(probeKey);
    if (back !== probe) reason = 'SecretStorage did not return a value just stored';
  } catch (err) {
    reason = `SecretStorage failed (${err instanceof Error ? err.name : 'error'})`;
  }

  let message: string | undefined;
  if (reason) {
    message =
      `Token Warden: the OS keyring is not available (${reason}). ` +
      'Secrets you enter are kept only for this session.';
  } else if (vscode.env.uiKind === vscode.UIKind.Web) {
    message =
      'Token Warden: this editor runs in a browser, so secrets are kept by the browser page, ' +
      'not an OS keyring. They may be lost when the page reloads and are not shared with other browsers.';
  }
  log.info(
    'environments',
    `secret storage check: ${message ? 'not persistent' : 'ok'} ` +
      `(uiKind=${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'}, ` +
      `appHost=${vscode.env.appHost}, remote=${vscode.env.remoteName ?? 'none'})`,
  );
  if (!message) return;
  log.warn('environments', message);

  const enabled = vscode.workspace.getConfiguration('tokenWarden').get<boolean>(WARNING_SETTING, true);
  if (!enabled || context.globalState.get<boolean>(DISMISSED_KEY)) return;
  const choice = await vscode.window.showWarningMessage(message, "Don't Show Again");
  if (choice) await context.globalState.update(DISMISSED_KEY, true);
}
