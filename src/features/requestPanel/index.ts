import * as vscode from 'vscode';
import { parseHttpFile } from '../../core/http/parser';
import { fromHttpBlock } from '../../core/requestPanel/panelRequest';
import type { Log } from '../shared/log';
import type { EnvironmentsApi } from '../environments';
import { OPEN_PANEL_COMMAND, PANEL_VIEW_TYPE, type SavedState } from './protocol';
import { RequestPanel } from './requestPanel';

const HTTP_SELECTOR: vscode.DocumentSelector = [{ language: 'http' }];

/**
 * The request panel: a form for method, URL, query, headers, body and auth, the response with
 * timings and decoded JWTs, a redacted history, Copy as cURL and Save to `.http`. Requests in
 * `.http` files get an "Open in Panel" CodeLens.
 */
export function registerRequestPanel(
  context: vscode.ExtensionContext,
  log: Log,
  environments: EnvironmentsApi,
): void {
  const panel = new RequestPanel(context, log, environments);
  context.subscriptions.push(
    panel,
    vscode.commands.registerCommand(OPEN_PANEL_COMMAND, (uri?: unknown, index?: unknown) =>
      openPanel(panel, uri, index),
    ),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (webviewPanel, state: unknown) =>
        panel.restore(webviewPanel, state as SavedState | undefined),
    }),
    vscode.languages.registerCodeLensProvider(HTTP_SELECTOR, {
      provideCodeLenses(document) {
        if (
          !vscode.workspace.getConfiguration('tokenWarden.http', document.uri).get('codeLens.enabled', true)
        )
          return [];
        return parseHttpFile(document.getText()).requests.map(
          (request) =>
            new vscode.CodeLens(new vscode.Range(request.requestLine, 0, request.requestLine, 0), {
              title: 'Open in Panel',
              command: OPEN_PANEL_COMMAND,
              arguments: [document.uri, request.index],
            }),
        );
      },
    }),
  );
}

/**
 * `tokenWarden.openRequestPanel [uri] [index]`: with a `.http` document (default: the active
 * one when it is an http document) and a request index (default: the request at the cursor),
 * the panel opens with that request; otherwise it opens with its last form.
 * Returns whether a request was loaded, for tests and other commands.
 */
async function openPanel(panel: RequestPanel, uri: unknown, index: unknown): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  const target =
    uri instanceof vscode.Uri
      ? uri
      : editor?.document.languageId === 'http'
        ? editor.document.uri
        : undefined;
  if (!target) {
    panel.show();
    return false;
  }
  const document = await vscode.workspace.openTextDocument(target);
  const file = parseHttpFile(document.getText());
  const line = editor?.document.uri.toString() === target.toString() ? editor.selection.active.line : 0;
  const block =
    typeof index === 'number'
      ? file.requests[index]
      : (file.requests.find((r) => line >= r.range.startLine && line <= r.range.endLine) ?? file.requests[0]);
  if (!block) {
    panel.show();
    return false;
  }
  panel.show(fromHttpBlock(file, block));
  return true;
}
