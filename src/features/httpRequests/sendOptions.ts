import * as vscode from 'vscode';
import { shouldVerifyTls, type SendOptions } from '../../core/http/client';
import type { EnvironmentsApi } from '../environments';
import { oauth2AuthHandler } from './httpEnvironment';

/**
 * Send options from VS Code's `http.*` settings (proxy, strict SSL) and ours, shared by `.http`
 * files and the request panel so both send the same way. `scope` is the `.http` file, when there
 * is one, so folder-level settings apply.
 */
export function sendOptionsFromSettings(
  environments: EnvironmentsApi,
  envName: string,
  scope?: vscode.Uri,
): SendOptions {
  const httpSettings = vscode.workspace.getConfiguration('http');
  const ours = vscode.workspace.getConfiguration('tokenWarden.http', scope ?? null);
  const timeoutMs = Math.max(1, ours.get<number>('timeoutSeconds', 60)) * 1000;
  const proxy = httpSettings.get<string>('proxy', '').trim();
  const oauth2 = oauth2AuthHandler(environments, envName);
  return {
    timeouts: { connectMs: timeoutMs, headersMs: timeoutMs, bodyMs: timeoutMs },
    proxy: proxy ? { url: proxy, noProxy: httpSettings.get<string[]>('noProxy', []) } : undefined,
    rejectUnauthorized: shouldVerifyTls({
      proxyStrictSSL: httpSettings.get<boolean>('proxyStrictSSL', true),
      allowInsecureTls: ours.get<boolean>('insecureTls.enabled', false),
    }),
    maxRedirects: ours.get<number>('maxRedirects', 10),
    authHandlers: oauth2 ? { oauth2 } : undefined,
  };
}

/** Whether responses' cookies are kept per environment (`tokenWarden.http.cookieJar.enabled`). */
export function cookieJarEnabled(scope?: vscode.Uri): boolean {
  const ours = vscode.workspace.getConfiguration('tokenWarden.http', scope ?? null);
  return ours.get<boolean>('cookieJar.enabled', true);
}
