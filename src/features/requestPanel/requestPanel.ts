import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  applyAuth,
  maskUrl,
  sendRequest,
  type HttpResponse,
  type OutgoingRequest,
  type SendOptions,
  type SendResult,
} from '../../core/http/client';
import { parseHttpFile } from '../../core/http/parser';
import { formatRequestLogLine } from '../../core/http/requestLog';
import { resolveRequest, type ResolvedRequest } from '../../core/http/resolve';
import {
  maskTokens,
  redactRequest,
  toHttpText,
  type PanelRequest,
} from '../../core/requestPanel/panelRequest';
import { isInsideFolder, parsePanelMessage } from '../../core/requestPanel/panelMessage';
import { responseView, toCurl } from '../../core/requestPanel/responseView';
import { Redactor } from '../../core/redact';
import type { EnvironmentsApi } from '../environments';
import { environmentForResolver } from '../httpRequests/httpEnvironment';
import { sendOptionsFromSettings } from '../httpRequests/sendOptions';
import type { Log } from '../shared/log';
import { panelHtml, panelOptions } from './panelHtml';
import {
  PANEL_VIEW_TYPE,
  type HistoryEntry,
  type SavedState,
  type ToExtension,
  type ToWebview,
} from './protocol';

const COMPONENT = 'panel';
const HISTORY_KEY = 'tokenWarden.requestPanel.history';
const HISTORY_LIMIT = 50;

/**
 * The single request panel: owns the webview, sends what the form describes through the same
 * resolver and client as `.http` files, and keeps a redacted history in workspaceState.
 * The last response lives only in memory here, so it survives hide/show without being saved.
 */
export class RequestPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private controller: AbortController | undefined;
  private lastResponse: HttpResponse | undefined;
  private revealed = false;
  /** The webview listens only after it said "ready"; state posted before that would be lost. */
  private webviewReady = false;
  private pendingRequest: { request: PanelRequest; environment?: string } | undefined;
  private readonly confirmed = new Set<string>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Log,
    private readonly environments: EnvironmentsApi,
  ) {}

  /** Shows the panel, creating it when needed; `request` replaces the form. */
  show(request?: PanelRequest, environment?: string): void {
    if (this.panel) {
      const listening = this.panel.visible && this.webviewReady;
      if (request && listening) this.post({ type: 'load', request, environment });
      else if (request) this.pendingRequest = { request, environment };
      this.panel.reveal();
      return;
    }
    if (request) this.pendingRequest = { request, environment };
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      'Token Warden Request',
      vscode.ViewColumn.Active,
      panelOptions(this.context.extensionUri),
    );
    this.attach(panel);
  }

  /** Takes over a panel VS Code restored after a restart; its saved state holds the form only. */
  restore(panel: vscode.WebviewPanel, state: SavedState | undefined): void {
    if (this.panel) {
      panel.dispose();
      return;
    }
    if (state?.request) this.pendingRequest = { request: state.request, environment: state.environment };
    panel.webview.options = panelOptions(this.context.extensionUri);
    this.attach(panel);
  }

  get isOpen(): boolean {
    return !!this.panel;
  }

  history(): HistoryEntry[] {
    return this.context.workspaceState.get<HistoryEntry[]>(HISTORY_KEY, []);
  }

  dispose(): void {
    this.controller?.abort();
    this.panel?.dispose();
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.webviewReady = false;
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'icon-activitybar.svg');
    panel.webview.html = panelHtml(panel.webview, this.context.extensionUri);
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parsePanelMessage(raw);
        if (message) void this.onMessage(message);
        else this.log.warn(COMPONENT, 'ignored a malformed message from the request panel');
      }),
      panel.onDidDispose(() => {
        this.controller?.abort();
        this.panel = undefined;
        this.lastResponse = undefined;
        for (const s of this.subscriptions.splice(0)) s.dispose();
      }),
      // A hidden webview is destroyed (retainContextWhenHidden is off) and says "ready" again.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.webviewReady = false;
      }),
      this.environments.onDidChange(() => this.postState()),
      this.environments.onDidChangeActiveEnvironment(() => this.postState()),
    );
  }

  private post(message: ToWebview): void {
    void this.panel?.webview.postMessage(message);
  }

  private postState(): void {
    if (!this.panel || !this.webviewReady) return;
    const names = this.environments.environmentNames();
    const credentials: Record<string, string[]> = {};
    for (const name of names) credentials[name] = this.environments.secretNames(name);
    const pending = this.pendingRequest;
    this.pendingRequest = undefined;
    this.post({
      type: 'state',
      environments: names.length ? names : [this.environments.activeEnvironment()],
      activeEnvironment: pending?.environment ?? this.environments.activeEnvironment(),
      credentials,
      history: this.history(),
      request: pending?.request,
      response: this.lastResponse
        ? responseView(this.lastResponse, this.log.redactor, this.revealed)
        : undefined,
      sending: !!this.controller,
    });
  }

  private async onMessage(message: ToExtension): Promise<void> {
    try {
      switch (message.type) {
        case 'ready':
          this.webviewReady = true;
          await this.environments.ready;
          this.postState();
          return;
        case 'send':
          await this.send(message.request, message.environment);
          return;
        case 'cancel':
          this.controller?.abort();
          return;
        case 'copyCurl':
          await this.copyCurl(message.request, message.environment);
          return;
        case 'saveHttp':
          await this.saveHttp(message.request, message.environment);
          return;
        case 'resend': {
          const entry = this.history().find((h) => h.id === message.id);
          if (!entry) return;
          const left = [...entry.request.headers, ...entry.request.query].filter((r) => r.redacted).length;
          this.post({ type: 'load', request: entry.request, environment: entry.environment });
          if (left) {
            this.post({
              type: 'notice',
              message:
                `${left} masked value${left > 1 ? 's were' : ' was'} left out; ` +
                'credentials are looked up again.',
            });
          }
          await this.send(entry.request, entry.environment);
          return;
        }
        case 'reveal':
          if (!this.lastResponse) return;
          this.revealed = true;
          this.post({ type: 'response', response: responseView(this.lastResponse, this.log.redactor, true) });
          return;
        case 'clearHistory':
          await this.context.workspaceState.update(HISTORY_KEY, []);
          this.post({ type: 'history', history: [] });
          return;
      }
    } catch (err) {
      const text = this.log.redactor.redact(err instanceof Error ? err.message : String(err));
      this.log.error(COMPONENT, text);
      this.post({ type: 'failed', message: text });
    }
  }

  /** Resolves the form like a one-request `.http` file. */
  private async resolve(
    request: PanelRequest,
    environment: string,
  ): Promise<{ ok: true; request: ResolvedRequest } | { ok: false; message: string }> {
    const file = parseHttpFile(toHttpText(request));
    const block = file.requests[0];
    if (!block) return { ok: false, message: 'Enter a URL to send.' };
    if (block.errors.length) return { ok: false, message: block.errors[0].message };
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const resolved = await resolveRequest(file, block, {
      environment: environmentForResolver(this.environments, environment),
      httpFilePath: folder?.scheme === 'file' ? path.join(folder.fsPath, 'request.http') : undefined,
      files: { readFile: (p) => readInsideFolder(folder, p) },
    });
    if (!resolved.ok) return { ok: false, message: resolved.errors[0].message };
    this.log.addSecrets(...resolved.request.secrets);
    return resolved;
  }

  private async send(form: PanelRequest, environment: string): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      this.post({ type: 'failed', message: 'Sending requests is disabled until you trust this workspace.' });
      return;
    }
    if (this.controller) {
      this.post({ type: 'notice', message: 'A request is already running; cancel it first.' });
      return;
    }
    const resolved = await this.resolve(form, environment);
    if (!resolved.ok) {
      this.post({ type: 'failed', message: `Not sent: ${this.log.redactor.redact(resolved.message)}` });
      return;
    }
    const request = resolved.request;
    const controller = (this.controller = new AbortController());
    this.post({ type: 'sending' });
    try {
      const options = this.sendOptions(environment);
      let result = await sendRequest(request, { ...options, signal: controller.signal });
      if (result.kind === 'needsConfirmation') {
        const key = `${environment}\n${result.credential}\n${result.origin}`;
        if (!this.confirmed.has(key) && !(await this.confirmOrigin(result.credential, result.origin))) {
          this.post({
            type: 'failed',
            message: `Not sent: credential "${result.credential}" is not allowed for ${result.origin}.`,
          });
          return;
        }
        this.confirmed.add(key);
        const confirmedOrigins = [{ credential: result.credential, origin: result.origin }];
        result = await sendRequest(request, { ...options, confirmedOrigins, signal: controller.signal });
      }
      await this.report(form, request, environment, result);
    } finally {
      this.controller = undefined;
    }
  }

  private async confirmOrigin(credential: string, origin: string): Promise<boolean> {
    const answer = await vscode.window.showWarningMessage(
      `Send credential "${credential}" to ${origin}?`,
      { modal: true, detail: 'Add the origin to the credential to stop this question.' },
      'Send',
    );
    return answer === 'Send';
  }

  private sendOptions(environment: string): SendOptions {
    return sendOptionsFromSettings(this.environments, environment);
  }

  private async report(
    form: PanelRequest,
    request: ResolvedRequest,
    environment: string,
    result: SendResult,
  ): Promise<void> {
    if (result.kind === 'needsConfirmation') return;
    const secrets = result.kind === 'failed' ? result.secrets : result.response.secrets;
    this.log.addSecrets(...secrets);
    const outcome = result.kind === 'failed' ? result.error.code : result.response.status;
    const durationMs = result.kind === 'failed' ? 0 : result.response.timings.totalMs;
    const url = result.kind === 'failed' ? request.url : result.response.url;
    const logLine = formatRequestLogLine(
      { method: request.method, url, outcome, durationMs },
      this.log.redactor,
      secrets,
    );
    this.log.info(COMPONENT, logLine);

    await this.remember(form, environment, request.method, url, outcome, durationMs, secrets);
    if (result.kind === 'failed') {
      this.post({ type: 'failed', message: this.log.redactor.redact(result.error.message) });
      return;
    }
    this.lastResponse = result.response;
    this.revealed = false;
    this.post({ type: 'response', response: responseView(result.response, this.log.redactor) });
  }

  private async remember(
    form: PanelRequest,
    environment: string,
    method: string,
    url: string,
    outcome: number | string,
    durationMs: number,
    secrets: string[],
  ): Promise<void> {
    const redactor = new Redactor().add(...secrets);
    const mask = (text: string) => redactor.redact(this.log.redactor.redact(text));
    const entry: HistoryEntry = {
      id: randomUUID(),
      time: Date.now(),
      environment,
      method,
      url: maskTokens(mask(URL.canParse(url) ? maskUrl(url, secrets) : url)),
      outcome,
      durationMs: Math.round(durationMs),
      request: redactRequest(form, mask),
    };
    const history = [entry, ...this.history()].slice(0, HISTORY_LIMIT);
    await this.context.workspaceState.update(HISTORY_KEY, history);
    this.post({ type: 'history', history });
  }

  /** Copies the request as curl; secrets stay masked unless the user confirms including them. */
  private async copyCurl(form: PanelRequest, environment: string): Promise<void> {
    const resolved = await this.resolve(form, environment);
    if (!resolved.ok) {
      this.post({ type: 'failed', message: `Cannot copy: ${this.log.redactor.redact(resolved.message)}` });
      return;
    }
    const request = resolved.request;
    const outgoing: OutgoingRequest = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers.map(([n, v]) => [n, v]),
      body: request.body,
      secrets: new Set(request.secrets),
    };
    if (request.auth) {
      // Applying OAuth2 auth talks to the token endpoint, which is sending like any request.
      if (!vscode.workspace.isTrusted) {
        this.post({ type: 'failed', message: 'Cannot copy with auth until you trust this workspace.' });
        return;
      }
      await applyAuth(outgoing, request.auth, this.sendOptions(environment));
    }
    const answer = outgoing.secrets.size
      ? await vscode.window.showWarningMessage(
          'Copy the request as cURL with its secrets masked?',
          {
            modal: true,
            detail:
              'Including secrets puts credential values on the clipboard, where other apps can read them.',
          },
          'Copy Masked',
          'Include Secrets',
        )
      : 'Copy Masked';
    if (!answer) return;
    const redactor = new Redactor().add(...outgoing.secrets);
    const mask = answer === 'Include Secrets' ? undefined : (s: string) => maskTokens(redactor.redact(s));
    const body = outgoing.body ? Buffer.from(outgoing.body).toString('utf8') : undefined;
    await vscode.env.clipboard.writeText(
      toCurl(
        { method: outgoing.method, url: outgoing.url.toString(), headers: outgoing.headers, body },
        mask,
      ),
    );
    this.post({
      type: 'notice',
      message: mask ? 'Copied as cURL with secrets masked.' : 'Copied as cURL including secrets.',
    });
  }

  /** Appends the request to a `.http` file; credential values become `{{NAME}}` references. */
  private async saveHttp(form: PanelRequest, environment: string): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, 'requests.http') : undefined,
      filters: { 'HTTP requests': ['http', 'rest'] },
      saveLabel: 'Save Request',
    });
    if (!target) return;
    const text = toHttpText(form, await this.environments.secretValues(environment));
    let existing = '';
    try {
      existing = Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8');
    } catch {
      // A new file.
    }
    const joined = existing ? `${existing.replace(/\s*$/, '')}\n\n${text}` : text;
    await vscode.workspace.fs.writeFile(target, Buffer.from(joined, 'utf8'));
    this.post({ type: 'notice', message: `Saved to ${vscode.workspace.asRelativePath(target)}.` });
    await vscode.window.showTextDocument(target, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }
}

/**
 * Body includes typed in the panel may read only files of the workspace folder (symlinks
 * resolved): the form comes from a webview, which must not be able to send arbitrary files.
 */
async function readInsideFolder(folder: vscode.Uri | undefined, file: string): Promise<Uint8Array> {
  if (folder?.scheme !== 'file') throw new Error('no workspace folder');
  const [root, real] = await Promise.all([fs.realpath(folder.fsPath), fs.realpath(file)]);
  if (!isInsideFolder(root, real)) {
    throw Object.assign(new Error('outside the workspace folder'), { code: 'outside the workspace folder' });
  }
  return fs.readFile(real);
}
