import * as vscode from 'vscode';
import type { Log } from '../shared/log';
import type { EnvironmentsApi } from '../environments';
import { EditorOAuth2Provider, TOKEN_VIEW_SCHEME } from './oauth2Provider';

/**
 * OAuth2 for credentials of type `oauth2`: plugs the token manager into the environments
 * feature, whose commands (Get Token, Refresh, Revoke, Show, Forget) and whose `.http` and panel
 * senders then obtain, cache and renew tokens through it.
 */
export function registerOAuth2(
  context: vscode.ExtensionContext,
  log: Log,
  environments: EnvironmentsApi,
): void {
  const provider = new EditorOAuth2Provider(environments, log);
  context.subscriptions.push(
    environments.setOAuth2Provider(provider),
    vscode.workspace.registerTextDocumentContentProvider(TOKEN_VIEW_SCHEME, provider),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      if (doc.uri.scheme === TOKEN_VIEW_SCHEME) provider.forgetView(doc.uri);
    }),
  );
}
