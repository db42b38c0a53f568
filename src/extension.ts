import * as vscode from 'vscode';
import { registerLog } from './features/shared/log';
import { registerEnvironments } from './features/environments';
import { registerLeaks } from './features/leaks';
import { registerSecretMigration } from './features/secretMigration';
import { registerJwt } from './features/jwt';
import { registerHttpRequests } from './features/httpRequests';
import { registerRequestPanel } from './features/requestPanel';
import { registerOAuth2 } from './features/oauth2';

export function activate(context: vscode.ExtensionContext): void {
  const log = registerLog(context);
  const environments = registerEnvironments(context, log);
  registerLeaks(context, log);
  registerSecretMigration(context, log, environments);
  registerJwt(context, log, environments);
  registerOAuth2(context, log, environments);
  registerHttpRequests(context, log, environments);
  registerRequestPanel(context, log, environments);
}

export function deactivate(): void {}
