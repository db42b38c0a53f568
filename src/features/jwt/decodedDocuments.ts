import * as vscode from 'vscode';

export const DECODED_SCHEME = 'token-warden-jwt';

/**
 * Read-only documents holding decoded views. URIs carry only a counter, never the token, so
 * editor history and recently-opened lists cannot leak it; the content lives in memory until
 * the document closes.
 */
export class DecodedDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private counter = 0;
  private readonly onDidChangeEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.onDidChangeEmitter.event;
  private readonly closeListener = vscode.workspace.onDidCloseTextDocument((doc) => {
    if (doc.uri.scheme === DECODED_SCHEME) this.contents.delete(doc.uri.toString());
  });

  add(markdown: string): vscode.Uri {
    this.counter += 1;
    const uri = vscode.Uri.from({ scheme: DECODED_SCHEME, path: `/Decoded JWT ${this.counter}.md` });
    this.contents.set(uri.toString(), markdown);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return (
      this.contents.get(uri.toString()) ??
      '*This decoded view is no longer available; decode the token again.*\n'
    );
  }

  dispose(): void {
    this.closeListener.dispose();
    this.onDidChangeEmitter.dispose();
    this.contents.clear();
  }
}
