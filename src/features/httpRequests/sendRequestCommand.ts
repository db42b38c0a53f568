import * as vscode from 'vscode';
import { promises as fs } from 'node:fs';
import { sendRequest, type SendOptions, type SendResult } from '../../core/http/client';
import { CookieJar } from '../../core/http/cookieJar';
import { requestAtLine, type HttpRequestBlock } from '../../core/http/parser';
import { formatRequestLogLine } from '../../core/http/requestLog';
import { formatResponseText } from '../../core/http/responseText';
import { resolveRequest, type NamedExchange, type ResolvedRequest } from '../../core/http/resolve';
import type { Log } from '../shared/log';
import type { EnvironmentsApi } from '../environments';
import { environmentForResolver } from './httpEnvironment';
import { cookieJarEnabled, sendOptionsFromSettings } from './sendOptions';
import { HttpDocuments, isHttpDocument } from './httpLanguageFeatures';
import type { ResponseDocuments } from './responseDocuments';

/** What `tokenWarden.sendRequest` resolves to; tests and other features may read it. */
export type SendCommandResult =
  | { kind: 'response'; status: number; statusText: string; documentUri: string; durationMs: number }
  | {
      kind: 'notSent';
      reason:
        'noRequest' | 'untrusted' | 'syntax' | 'unknownVariables' | 'unresolved' | 'refused' | 'cancelled';
      message: string;
    }
  | { kind: 'failed'; code: string; message: string };

/** Second argument of the command: a request index, or `{ line }` for the request around a line. */
export type RequestTarget = number | { line: number } | undefined;

const COMPONENT = 'http';

/** Session state of the sender: cookie jars per environment, confirmations, chained responses. */
export class RequestSender {
  private readonly jars = new Map<string, CookieJar>();
  private readonly confirmed = new Set<string>();
  private readonly exchanges = new Map<string, Map<string, NamedExchange>>();

  constructor(
    private readonly log: Log,
    private readonly environments: EnvironmentsApi,
    private readonly documents: HttpDocuments,
    private readonly responses: ResponseDocuments,
  ) {}

  clearCookies(): void {
    for (const jar of this.jars.values()) jar.clear();
    this.log.info(COMPONENT, 'cookies cleared');
  }

  /** The command handler: every failure becomes a result and a short, masked message. */
  async send(uri?: vscode.Uri, target?: RequestTarget): Promise<SendCommandResult> {
    try {
      return await this.sendUnguarded(uri, target);
    } catch (err) {
      const message = this.log.redactor.redact(err instanceof Error ? err.message : String(err));
      this.log.error(COMPONENT, `send failed: ${message}`);
      void this.showError(`Request failed: ${message}`);
      return { kind: 'failed', code: 'internal', message };
    }
  }

  private async sendUnguarded(uri?: vscode.Uri, target?: RequestTarget): Promise<SendCommandResult> {
    const document = uri
      ? await vscode.workspace.openTextDocument(uri)
      : vscode.window.activeTextEditor?.document;
    if (!document || !isHttpDocument(document)) {
      return this.notSent('noRequest', 'Open a .http or .rest file to send a request.');
    }
    if (!vscode.workspace.isTrusted) {
      return this.notSent('untrusted', 'Sending requests is disabled until you trust this workspace.');
    }
    const file = this.documents.get(document);
    const line =
      target === undefined
        ? (vscode.window.activeTextEditor?.selection.active.line ?? 0)
        : typeof target === 'number'
          ? undefined
          : target.line;
    const block = typeof target === 'number' ? file.requests[target] : requestAtLine(file, line ?? 0);
    if (!block) return this.notSent('noRequest', 'There is no request at this position.');
    if (block.errors.length) {
      return this.notSent('syntax', `Not sent: line ${block.errors[0].line + 1}: ${block.errors[0].message}`);
    }

    if ('note' in block.metadata) {
      // `# @note` marks a request to confirm before sending, as in REST Client.
      const answer = await vscode.window.showWarningMessage(
        `Send ${block.name ?? block.title ?? `${block.method} request`}?`,
        { modal: true, detail: block.metadata.note || undefined },
        'Send',
      );
      if (answer !== 'Send') return { kind: 'notSent', reason: 'cancelled', message: 'Not sent.' };
    }

    const answers = await this.askPrompts(block);
    if (!answers)
      return { kind: 'notSent', reason: 'cancelled', message: 'Not sent: a prompt was cancelled.' };

    await this.environments.ready;
    const envName = this.environments.activeEnvironment();
    const resolved = await resolveRequest(file, block, {
      requestVariables: answers,
      httpFilePath: document.uri.scheme === 'file' ? document.uri.fsPath : undefined,
      environment: environmentForResolver(this.environments, envName),
      responses: this.exchanges.get(document.uri.toString()),
      files: { readFile: (p) => fs.readFile(p) },
    });
    if (!resolved.ok) {
      const unknown = resolved.errors.find((e) => e.kind === 'unknown');
      const first = unknown ?? resolved.errors[0];
      return this.notSent(unknown ? 'unknownVariables' : 'unresolved', `Not sent: ${first.message}`);
    }
    this.log.addSecrets(...resolved.request.secrets);
    return this.sendResolved(document, block, resolved.request, envName);
  }

  /** Asks for `# @prompt` values; names that sound secret get a password box and are masked. */
  private async askPrompts(block: HttpRequestBlock): Promise<Record<string, string> | undefined> {
    const answers: Record<string, string> = {};
    for (const prompt of block.prompts) {
      const secret = /pass|secret|token|key|otp|pin|code/i.test(prompt.name);
      const value = await vscode.window.showInputBox({
        title: `Value for {{${prompt.name}}}`,
        prompt: prompt.description,
        password: secret,
        ignoreFocusOut: true,
      });
      if (value === undefined) return undefined;
      if (secret) this.log.addSecrets(value);
      answers[prompt.name] = value;
    }
    return answers;
  }

  private async sendResolved(
    document: vscode.TextDocument,
    block: HttpRequestBlock,
    request: ResolvedRequest,
    envName: string,
  ): Promise<SendCommandResult> {
    const options = this.optionsFor(document.uri, envName);
    // The path may carry a credential (`/bot{{TOKEN}}/getMe`); the label titles a notification and a tab.
    const label =
      block.name ??
      block.title ??
      this.log.redactor.redact(`${request.method} ${new URL(request.url).pathname}`);
    let result = await this.withProgress(label, request, options);

    if (result.kind === 'needsConfirmation') {
      const key = `${envName}\n${result.credential}\n${result.origin}`;
      const allowed = result.allowedOrigins.length ? result.allowedOrigins.join(', ') : 'no origin yet';
      const answer = this.confirmed.has(key)
        ? 'Send'
        : await vscode.window.showWarningMessage(
            `Send credential "${result.credential}" to ${result.origin}?`,
            {
              modal: true,
              detail:
                `It is allowed for: ${allowed}. ` + 'Add the origin to the credential to stop this question.',
            },
            'Send',
          );
      if (answer !== 'Send') {
        this.log.warn(
          COMPONENT,
          `not sent: credential "${result.credential}" is not allowed for ${result.origin}`,
        );
        return this.notSent(
          'refused',
          `Not sent: credential "${result.credential}" is not allowed for ${result.origin}.`,
        );
      }
      this.confirmed.add(key);
      options.confirmedOrigins = [...this.confirmed]
        .map((k) => k.split('\n'))
        .filter(([env]) => env === envName)
        .map(([, credential, origin]) => ({ credential, origin }));
      result = await this.withProgress(label, request, options);
    }
    return this.report(document, block, request, result, label);
  }

  private optionsFor(uri: vscode.Uri, envName: string): SendOptions {
    let jar = this.jars.get(envName);
    if (!jar) this.jars.set(envName, (jar = new CookieJar()));
    return {
      ...sendOptionsFromSettings(this.environments, envName, uri),
      cookieJar: cookieJarEnabled(uri) ? jar : undefined,
    };
  }

  private withProgress(label: string, request: ResolvedRequest, options: SendOptions): Thenable<SendResult> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Sending ${label}`, cancellable: true },
      (_progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        return sendRequest(request, { ...options, signal: controller.signal }).finally(() =>
          subscription.dispose(),
        );
      },
    );
  }

  private async report(
    document: vscode.TextDocument,
    block: HttpRequestBlock,
    request: ResolvedRequest,
    result: SendResult,
    label: string,
  ): Promise<SendCommandResult> {
    if (result.kind === 'needsConfirmation') {
      return this.notSent(
        'refused',
        `Not sent: credential "${result.credential}" is not allowed for ${result.origin}.`,
      );
    }
    if (result.kind === 'failed') {
      this.log.addSecrets(...result.secrets);
      this.log.warn(
        COMPONENT,
        formatRequestLogLine(
          { method: request.method, url: request.url, outcome: result.error.code, durationMs: 0 },
          this.log.redactor,
          result.secrets,
        ),
      );
      if (result.error.code !== 'cancelled') void this.showError(`Request failed: ${result.error.message}`);
      return {
        kind: 'failed',
        code: result.error.code,
        message: this.log.redactor.redact(result.error.message),
      };
    }

    const response = result.response;
    this.log.addSecrets(...response.secrets);
    this.log.info(
      COMPONENT,
      formatRequestLogLine(
        {
          method: request.method,
          url: response.url,
          outcome: response.status,
          durationMs: response.timings.totalMs,
          redirects: response.redirects.length,
        },
        this.log.redactor,
        response.secrets,
      ),
    );
    if (block.name) {
      const byName = this.exchanges.get(document.uri.toString()) ?? new Map<string, NamedExchange>();
      byName.set(block.name, {
        request: { headers: response.request.headers },
        response: { headers: response.headers, body: response.text },
      });
      this.exchanges.set(document.uri.toString(), byName);
    }

    const uri = this.responses.add(label, formatResponseText(response, this.log.redactor));
    const shown = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(shown, {
      viewColumn: vscode.ViewColumn.Beside,
      preview: true,
      preserveFocus: true,
    });
    return {
      kind: 'response',
      status: response.status,
      statusText: response.statusText,
      documentUri: uri.toString(),
      durationMs: response.timings.totalMs,
    };
  }

  private notSent(
    reason: Extract<SendCommandResult, { kind: 'notSent' }>['reason'],
    message: string,
  ): SendCommandResult {
    const clean = this.log.redactor.redact(message);
    this.log.warn(COMPONENT, clean);
    void this.showError(clean);
    return { kind: 'notSent', reason, message: clean };
  }

  private async showError(message: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(message, 'Show Log');
    if (choice === 'Show Log') this.log.channel.show();
  }
}
