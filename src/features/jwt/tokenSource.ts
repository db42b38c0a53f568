import * as vscode from 'vscode';
import { findTokenAt, findTokens } from '../../core/jwt/findTokens';
import type { TokenCommandArgs } from './jwtSettings';

/**
 * Finds the token a command should act on, in this order: the command argument, the selection,
 * the token under the cursor, and finally an input box. Undefined when the user cancels.
 */
export async function tokenForCommand(
  args: TokenCommandArgs | undefined,
  prompt: string,
): Promise<string | undefined> {
  if (typeof args === 'string' && args.trim()) return args;
  if (args && typeof args === 'object') {
    if (args.token) return args.token;
    if (args.uri !== undefined && args.line !== undefined && args.character !== undefined) {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri));
      const found = fromLine(document, args.line, args.character);
      if (found) return found;
    }
  }

  const editor = vscode.window.activeTextEditor;
  if (editor) {
    const selection = editor.selection;
    if (!selection.isEmpty) {
      const text = editor.document.getText(selection);
      return findTokens(text).find((t) => t.kind !== 'malformed')?.token ?? text;
    }
    const found = fromLine(editor.document, selection.active.line, selection.active.character);
    if (found) return found;
  }

  const typed = await vscode.window.showInputBox({
    title: prompt,
    prompt:
      'Paste a JWT (a "Bearer " prefix or quotes are fine). It is decoded locally and never sent anywhere.',
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'Paste a token'),
  });
  return typed?.trim() ? typed : undefined;
}

function fromLine(document: vscode.TextDocument, line: number, character: number): string | undefined {
  if (line < 0 || line >= document.lineCount) return undefined;
  return findTokenAt(document.lineAt(line).text, character)?.token;
}
