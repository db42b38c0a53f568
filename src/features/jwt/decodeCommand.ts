import * as vscode from 'vscode';
import { analyzeToken } from '../../core/jwt/claims';
import { tryDecodeToken } from '../../core/jwt/decode';
import { printable, renderMarkdown } from '../../core/jwt/render';
import type { Log } from '../shared/log';
import type { DecodedDocuments } from './decodedDocuments';
import { jwtSettings, type TokenCommandArgs } from './jwtSettings';
import { tokenForCommand } from './tokenSource';

/**
 * Opens the full decoded view in a read-only Markdown document. Resolves to the document's URI,
 * or undefined when cancelled or the input is not a token.
 */
export async function decodeJwtCommand(
  documents: DecodedDocuments,
  log: Log,
  args?: TokenCommandArgs,
): Promise<vscode.Uri | undefined> {
  const input = await tokenForCommand(args, 'Token Warden: Decode JWT');
  if (input === undefined) return undefined;

  const result = tryDecodeToken(input);
  if (!result.ok) {
    const where = result.error.part === 'token' ? '' : ` (${result.error.part})`;
    const message = `Not a valid JWT${where}: ${result.error.message.replace(/`/g, '')}`;
    void vscode.window.showErrorMessage(printable(message, 400));
    return undefined;
  }

  const settings = jwtSettings(vscode.window.activeTextEditor?.document.uri);
  const token = result.token;
  const analysis = analyzeToken(token, {
    clockToleranceSeconds: settings.clockToleranceSeconds,
    maxLifetimeHours: settings.maxLifetimeHours,
  });
  const body = renderMarkdown(token, analysis);
  const intro =
    '<!-- Decoded locally by Token Warden. The signature is not verified here: ' +
    'run "Token Warden: Verify JWT..." for that. -->';
  const uri = documents.add(`${intro}\n\n${body}\n`);

  // The ".md" path makes it a Markdown document.
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  log.info(
    'jwt',
    printable(`decoded a ${token.kind.toUpperCase()} (alg ${String(token.header.alg)}), ${analysis.status}`),
  );
  return uri;
}
