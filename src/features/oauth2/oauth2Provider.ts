import * as vscode from 'vscode';
import type { OAuth2TokenSet } from '../../core/environments/model';
import type { AuthHandler } from '../../core/http/client';
import { analyzeToken } from '../../core/jwt/claims';
import { tryDecodeToken } from '../../core/jwt/decode';
import { renderText } from '../../core/jwt/render';
import { OAuth2TokenManager } from '../../core/oauth/tokenManager';
import { maskSecret } from '../../core/redact';
import type { EnvironmentsApi, OAuth2Provider } from '../environments';
import type { Log } from '../shared/log';

const COMPONENT = 'oauth2';
export const TOKEN_VIEW_SCHEME = 'token-warden-oauth2';

/**
 * The environments feature's OAuth2Provider, backed by the core token manager: tokens are cached
 * in SecretStorage through the environments API, the browser is the system browser, and long
 * flows show a cancellable notification.
 */
export class EditorOAuth2Provider implements OAuth2Provider, vscode.TextDocumentContentProvider {
  readonly manager: OAuth2TokenManager;
  private readonly views = new Map<string, string>();
  private viewCounter = 0;

  constructor(
    private readonly environments: EnvironmentsApi,
    private readonly log: Log,
  ) {
    this.manager = new OAuth2TokenManager({
      cache: {
        get: (env, name) => environments.getTokenSet(name, env),
        store: (env, name, tokens) => environments.storeTokenSet(name, tokens, env),
        forget: (env, name) => environments.forgetTokens(name, env),
      },
      client: async (env, name) => {
        const found = await environments.getCredential(name, env);
        if (found?.credential.type !== 'oauth2') return undefined;
        log.addSecrets(found.secrets.clientSecret, found.secrets.refreshToken);
        return {
          credential: found.credential,
          clientSecret: found.secrets.clientSecret,
          refreshToken: found.secrets.refreshToken,
        };
      },
      interaction: {
        // Not yet: remote extension hosts (SSH, containers, a code-server on another machine).
        // The loopback listener runs next to the extension host, which the user's browser may not
        // reach; that needs the redirect to go through vscode.env.asExternalUri and a server that
        // accepts the forwarded address.
        openBrowser: async (url) => {
          const opened = await vscode.env.openExternal(vscode.Uri.parse(url, true));
          if (!opened) throw new Error('The browser could not be opened for the sign-in.');
        },
        showDeviceCode: ({ userCode, verificationUri }) => {
          void vscode.env.clipboard.writeText(userCode);
          void vscode.window.showInformationMessage(
            `Token Warden: enter the code ${userCode} at ${verificationUri} (copied to the clipboard).`,
          );
        },
      },
      onTokens: (tokens) => log.addSecrets(tokens.accessToken, tokens.refreshToken, tokens.idToken),
      log: (message) => log.info(COMPONENT, message),
    });
  }

  async getToken(env: string, credentialName: string): Promise<OAuth2TokenSet | undefined> {
    // A fresh cached token needs no notification; every send asks for one.
    const cached = await this.environments.getTokenSet(credentialName, env);
    if (cached && this.manager.isFresh(cached)) return cached;
    return this.withProgress(`Getting a token for ${credentialName}`, (signal) =>
      this.manager.getToken(env, credentialName, signal),
    );
  }

  refresh(env: string, credentialName: string): Promise<OAuth2TokenSet | undefined> {
    return this.withProgress(`Refreshing the token of ${credentialName}`, (signal) =>
      this.manager.refresh(env, credentialName, signal),
    );
  }

  async revoke(env: string, credentialName: string): Promise<void> {
    const { revoked } = await this.manager.revoke(env, credentialName);
    void vscode.window.showInformationMessage(
      revoked
        ? `Token Warden: revoked the tokens of "${credentialName}" at the server.`
        : `Token Warden: the server of "${credentialName}" offers no revocation; ` +
          'the cached tokens were forgotten.',
    );
  }

  authHandler(env: string): AuthHandler {
    return this.manager.authHandler(env);
  }

  /** Opens a read-only view of the cached token: masked values, expiry, decoded claims if a JWT. */
  async showToken(env: string, credentialName: string): Promise<void> {
    const tokens = await this.environments.getTokenSet(credentialName, env);
    if (!tokens) {
      void vscode.window.showInformationMessage(
        `Token Warden: "${credentialName}" has no token yet; run "Get OAuth2 Token Now" first.`,
      );
      return;
    }
    this.viewCounter += 1;
    const uri = vscode.Uri.from({
      scheme: TOKEN_VIEW_SCHEME,
      path: `/${credentialName} token ${this.viewCounter}.txt`,
    });
    this.views.set(uri.toString(), describeTokens(credentialName, env, tokens));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.views.get(uri.toString()) ?? 'This view is no longer available; show the token again.\n';
  }

  forgetView(uri: vscode.Uri): void {
    this.views.delete(uri.toString());
  }

  private async withProgress<T>(title: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Token Warden: ${title}`,
          cancellable: true,
        },
        (_progress, cancellation) => {
          const controller = new AbortController();
          const subscription = cancellation.onCancellationRequested(() => controller.abort());
          return run(controller.signal).finally(() => subscription.dispose());
        },
      );
    } catch (err) {
      const message = this.log.redactor.redact(err instanceof Error ? err.message : String(err));
      this.log.error(COMPONENT, message);
      throw new Error(message);
    }
  }
}

function describeTokens(name: string, env: string, tokens: OAuth2TokenSet): string {
  const lines = [
    `OAuth2 token of "${name}" (environment ${env})`,
    '',
    `Access token:  ${maskSecret(tokens.accessToken)}`,
    `Type:          ${tokens.tokenType ?? 'Bearer'}`,
    `Scope:         ${tokens.scope ?? '(not stated)'}`,
    `Expires:       ${tokens.expiresAt ? new Date(tokens.expiresAt).toISOString() : '(not stated)'}`,
    `Refresh token: ${tokens.refreshToken ? 'yes (kept in SecretStorage)' : 'no'}`,
  ];
  for (const [label, token] of [
    ['Access token', tokens.accessToken],
    ['ID token', tokens.idToken],
  ] as const) {
    if (!token) continue;
    const decoded = tryDecodeToken(token);
    if (!decoded.ok) continue;
    lines.push('', `${label}, decoded:`, renderText(decoded.token, analyzeToken(decoded.token)));
  }
  return `${lines.join('\n')}\n`;
}
