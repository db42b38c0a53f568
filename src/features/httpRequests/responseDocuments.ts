import * as vscode from 'vscode';

export const RESPONSE_SCHEME = 'token-warden-response';
const KEEP = 20;

/**
 * Read-only virtual documents holding formatted responses. The text is already masked when it
 * arrives here; only the last few responses are kept, in memory, for this session.
 */
export class ResponseDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;

  register(context: vscode.ExtensionContext): void {
    context.subscriptions.push(
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(RESPONSE_SCHEME, this),
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This response is no longer kept; send the request again.';
  }

  /** Stores `text` under a new URI whose `.http` name gives it the http language. */
  add(label: string, text: string): vscode.Uri {
    const safe = label.replace(/[^\w.-]+/g, '-').slice(0, 60) || 'response';
    const uri = vscode.Uri.from({
      scheme: RESPONSE_SCHEME,
      path: `/Response ${safe}.http`,
      query: `${++this.counter}`,
    });
    this.texts.set(uri.toString(), text);
    while (this.texts.size > KEEP) this.texts.delete(this.texts.keys().next().value!);
    return uri;
  }
}
