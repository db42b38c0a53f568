import * as vscode from 'vscode';
import type { EnvironmentsApi } from '../environments';
import type { Log } from '../shared/log';

export const EXPOSE_SETTING = 'secrets.exposeToTerminals.enabled';
const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * With `tokenWarden.secrets.exposeToTerminals.enabled`, the active environment's secrets become
 * environment variables of new integrated terminals and tasks. The collection is not persistent,
 * so VS Code never writes the values to disk to restore them in a later session.
 */
export function registerTerminalSecrets(context: vscode.ExtensionContext, log: Log,
  environments: EnvironmentsApi): { refresh(): Promise<void> } {
  const collection = context.environmentVariableCollection;
  collection.persistent = false;
  let generation = 0;

  const refresh = async () => {
    const mine = ++generation;
    const enabled = vscode.workspace.getConfiguration('tokenWarden').get<boolean>(EXPOSE_SETTING, false);
    let values: Record<string, string> = {};
    let env = '';
    if (enabled) {
      try {
        await environments.ready;
        env = environments.activeEnvironment();
        values = await environments.secretValues(env);
      } catch (e) {
        log.warn('migrate', `could not read secrets for terminals: ${(e as Error).message}`);
      }
    }
    // A later refresh started while this one waited for SecretStorage: its view wins.
    if (mine !== generation) return;
    collection.clear();
    const names = Object.keys(values).filter((n) => ENV_VAR_NAME.test(n)).sort();
    for (const name of names) collection.replace(name, values[name]);
    collection.description = names.length > 0
      ? new vscode.MarkdownString(`Token Warden: secrets of environment \`${env}\` as ` +
        names.map((n) => `\`${n}\``).join(', '))
      : undefined;
    if (enabled) log.info('migrate', `terminals get ${names.length} secrets of environment "${env}"`);
  };

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`tokenWarden.${EXPOSE_SETTING}`)) void refresh();
    }),
    environments.onDidChangeActiveEnvironment(() => void refresh()),
    environments.onDidChange(() => void refresh()),
  );
  void refresh();
  return { refresh };
}
