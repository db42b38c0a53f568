import * as vscode from 'vscode';
import type { Log } from '../shared/log';
import type { EnvironmentsApi } from '../environments';
import { MigrationCodeActions, MOVE_SECRET_COMMAND } from './migrationCodeActions';
import { MigrateSecretsArgs, MoveSecretArgs, SecretMigrator } from './secretMigrator';
import { registerTerminalSecrets } from './terminalSecrets';

/** Quick fixes and a command that move leaked secrets into .env or SecretStorage. */
export function registerSecretMigration(context: vscode.ExtensionContext, log: Log,
  environments: EnvironmentsApi): void {
  const migrator = new SecretMigrator(log, environments);
  const terminals = registerTerminalSecrets(context, log, environments);

  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new MigrationCodeActions(migrator, log),
      { providedCodeActionKinds: MigrationCodeActions.kinds }),
    vscode.commands.registerCommand(MOVE_SECRET_COMMAND, async (args: MoveSecretArgs) => {
      const result = await migrator.moveSecret(args);
      if (result.ok && args?.target === 'secretStorage') await terminals.refresh();
      return result;
    }),
    vscode.commands.registerCommand('tokenWarden.migrateSecrets', async (args?: MigrateSecretsArgs) => {
      const result = await migrator.migrateSecrets(args);
      if (result.ok && result.environment !== undefined) await terminals.refresh();
      return result;
    }),
  );
}
