import * as vscode from 'vscode';
import type { Log } from '../shared/log';
import type { EnvironmentsApi } from '../environments';
import {
  HttpDocuments,
  SEND_COMMAND,
  registerCodeLens,
  registerCompletion,
  registerDiagnostics,
  registerHover,
} from './httpLanguageFeatures';
import { ResponseDocuments } from './responseDocuments';
import { RequestSender, type RequestTarget } from './sendRequestCommand';

/**
 * `.http` / `.rest` files: "Send Request" CodeLens, `{{variable}}` completion, diagnostics for
 * unknown variables, and the send command that shows the response in a read-only document.
 * The language id `http` is shared with REST Client on purpose; both extensions work side by side.
 */
export function registerHttpRequests(
  context: vscode.ExtensionContext,
  log: Log,
  environments: EnvironmentsApi,
): void {
  const documents = new HttpDocuments();
  const responses = new ResponseDocuments();
  responses.register(context);
  const sender = new RequestSender(log, environments, documents, responses);

  registerCodeLens(context, documents);
  registerCompletion(context, documents, environments);
  registerDiagnostics(context, documents, environments);
  registerHover(context, documents, environments);

  context.subscriptions.push(
    vscode.commands.registerCommand(SEND_COMMAND, (uri?: vscode.Uri, target?: RequestTarget) =>
      sender.send(uri instanceof vscode.Uri ? uri : undefined, target),
    ),
    vscode.commands.registerCommand('tokenWarden.clearCookies', () => sender.clearCookies()),
  );
}
