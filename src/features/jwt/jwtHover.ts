import * as vscode from 'vscode';
import { viewTokenAt } from '../../core/jwt/tokenAt';
import { commandUri, DECODE_COMMAND, jwtSettings, VERIFY_COMMAND } from './jwtSettings';

// Hovers stay readable; the decoded view shows everything.
const HOVER_JSON_LIMIT = 4000;

/** Hover on any JWT in any file or untitled document, including lines far longer than 1,000 characters. */
export class JwtHoverProvider implements vscode.HoverProvider {
  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const settings = jwtSettings(document.uri);
    if (!settings.hoverEnabled) return undefined;

    // The editor's word range gives up on long lines, so the whole line is searched here.
    const line = document.lineAt(position.line).text;
    if (!line.includes('e')) return undefined;
    const location = { uri: document.uri.toString(), line: position.line, character: position.character };
    const view = viewTokenAt(
      line,
      position.character,
      { clockToleranceSeconds: settings.clockToleranceSeconds, maxLifetimeHours: settings.maxLifetimeHours },
      {
        maxJsonChars: HOVER_JSON_LIMIT,
        links: [
          { label: 'Open Decoded View', uri: commandUri(DECODE_COMMAND, location) },
          { label: 'Verify Signature…', uri: commandUri(VERIFY_COMMAND, location) },
        ],
      },
    );
    if (!view) return undefined;

    const markdown = new vscode.MarkdownString(view.markdown);
    // Only our two commands may run from this hover; claims are escaped besides.
    markdown.isTrusted = { enabledCommands: [DECODE_COMMAND, VERIFY_COMMAND] };
    markdown.supportHtml = false;
    const range = new vscode.Range(position.line, view.location.start, position.line, view.location.end);
    return new vscode.Hover(markdown, range);
  }
}
