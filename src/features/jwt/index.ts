import * as vscode from 'vscode';
import type { Log } from '../shared/log';
import type { EnvironmentsApi } from '../environments';
import { decodeJwtCommand } from './decodeCommand';
import { DECODED_SCHEME, DecodedDocuments } from './decodedDocuments';
import { JwtHoverProvider } from './jwtHover';
import { DECODE_COMMAND, VERIFY_COMMAND, type TokenCommandArgs } from './jwtSettings';
import { JwtVerifier, type VerifyArgs } from './verifyCommand';

/** JWT hover, "Decode JWT" and "Verify JWT..." for every file and untitled document. */
export function registerJwt(context: vscode.ExtensionContext, log: Log, environments: EnvironmentsApi): void {
  const documents = new DecodedDocuments();
  const verifier = new JwtVerifier(context, log, environments);

  context.subscriptions.push(
    documents,
    vscode.workspace.registerTextDocumentContentProvider(DECODED_SCHEME, documents),
    vscode.languages.registerHoverProvider(
      [{ scheme: 'file' }, { scheme: 'untitled' }],
      new JwtHoverProvider(),
    ),
    vscode.commands.registerCommand(DECODE_COMMAND, (args?: TokenCommandArgs) =>
      decodeJwtCommand(documents, log, args),
    ),
    vscode.commands.registerCommand(VERIFY_COMMAND, (args?: VerifyArgs) => verifier.run(args)),
  );
}
