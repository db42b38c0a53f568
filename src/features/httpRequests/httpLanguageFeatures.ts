import * as vscode from 'vscode';
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import * as dotenv from 'dotenv';
import { parseHttpFile, type HttpFile } from '../../core/http/parser';
import { findUnknownReferences } from '../../core/http/resolve';
import type { EnvironmentsApi } from '../environments';
import { environmentForResolver } from './httpEnvironment';

export const HTTP_LANGUAGE = 'http';
/** Our features apply to files on disk and untitled buffers, never to response documents. */
export const HTTP_SELECTOR: vscode.DocumentSelector = [
  { language: HTTP_LANGUAGE, scheme: 'file' },
  { language: HTTP_LANGUAGE, scheme: 'untitled' },
];
export const SEND_COMMAND = 'tokenWarden.sendRequest';

/** Parses each document version once; CodeLens, completion, diagnostics and send share it. */
export class HttpDocuments {
  private readonly cache = new Map<string, { version: number; file: HttpFile }>();

  get(document: vscode.TextDocument): HttpFile {
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached?.version === document.version) return cached.file;
    const file = parseHttpFile(document.getText());
    this.cache.set(key, { version: document.version, file });
    return file;
  }

  forget(document: vscode.TextDocument): void {
    this.cache.delete(document.uri.toString());
  }
}

export function isHttpDocument(document: vscode.TextDocument): boolean {
  return (
    document.languageId === HTTP_LANGUAGE &&
    (document.uri.scheme === 'file' || document.uri.scheme === 'untitled')
  );
}

export function registerCodeLens(context: vscode.ExtensionContext, documents: HttpDocuments): void {
  // REST Client shows its own "Send Request" lens on the same line; ours must be told apart.
  const title = () =>
    vscode.extensions.getExtension('humao.rest-client') ? 'Send with Token Warden' : 'Send Request';
  const provider: vscode.CodeLensProvider = {
    provideCodeLenses(document) {
      if (!vscode.workspace.getConfiguration('tokenWarden.http', document.uri).get('codeLens.enabled', true))
        return [];
      return documents.get(document).requests.map((request) => {
        const range = new vscode.Range(request.requestLine, 0, request.requestLine, 0);
        return new vscode.CodeLens(range, {
          title: title(),
          command: SEND_COMMAND,
          arguments: [document.uri, request.index],
          tooltip: "Send this request with the active environment's credentials",
        });
      });
    },
  };
  context.subscriptions.push(vscode.languages.registerCodeLensProvider(HTTP_SELECTOR, provider));
}

const SYSTEM_VARIABLES: { label: string; snippet: string; detail: string }[] = [
  { label: '$guid', snippet: '\\$guid', detail: 'A random UUID v4 (also $uuid)' },
  { label: '$isoTimestamp', snippet: '\\$isoTimestamp', detail: 'Current UTC time, ISO 8601' },
  {
    label: '$timestamp',
    snippet: '\\$timestamp',
    detail: 'Unix time in seconds; optional offset: $timestamp -1 d',
  },
  {
    label: '$randomInt',
    snippet: '\\$randomInt ${1:0} ${2:100}',
    detail: 'Random integer, min included, max excluded',
  },
  {
    label: '$datetime',
    snippet: '\\$datetime ${1|iso8601,rfc1123|}',
    detail: 'Current date; optional offset: 1 h',
  },
  {
    label: '$dotenv',
    snippet: '\\$dotenv ${1:NAME}',
    detail: 'Value from the .env next to this file (secret)',
  },
  {
    label: '$processEnv',
    snippet: '\\$processEnv ${1:NAME}',
    detail: 'Value from the VS Code process environment (secret)',
  },
];

export function registerCompletion(
  context: vscode.ExtensionContext,
  documents: HttpDocuments,
  environments: EnvironmentsApi,
): void {
  const provider: vscode.CompletionItemProvider = {
    provideCompletionItems(document, position) {
      const before = document.lineAt(position.line).text.slice(0, position.character);
      const open = before.lastIndexOf('{{');
      if (open < 0 || before.indexOf('}}', open) >= 0) return undefined;
      const replace = new vscode.Range(position.line, open + 2, position.line, position.character);
      const file = documents.get(document);
      const envName = environments.activeEnvironment();
      const env = environments.getEnvironment(envName);
      const items: vscode.CompletionItem[] = [];
      const add = (
        label: string,
        kind: vscode.CompletionItemKind,
        detail: string,
        insert?: vscode.SnippetString,
      ) => {
        const item = new vscode.CompletionItem(label, kind);
        item.detail = detail;
        item.range = replace;
        if (insert) item.insertText = insert;
        items.push(item);
      };
      for (const v of new Map(file.fileVariables.map((fv) => [fv.name, fv])).values()) {
        add(v.name, vscode.CompletionItemKind.Variable, `file variable (line ${v.line + 1})`);
      }
      for (const name of Object.keys(env?.variables ?? {})) {
        add(name, vscode.CompletionItemKind.Variable, `variable in environment "${envName}"`);
      }
      for (const [name, credential] of Object.entries(env?.credentials ?? {})) {
        // The detail names the type only: a completion list is no place for a secret's value.
        add(
          name,
          vscode.CompletionItemKind.Constant,
          `${credential.type} credential in "${envName}" (secret)`,
        );
      }
      for (const request of file.requests) {
        if (!request.name) continue;
        add(
          `${request.name}.response.body.$`,
          vscode.CompletionItemKind.Reference,
          `JSON value from the last response of "${request.name}"`,
          new vscode.SnippetString(`${request.name}.response.body.\\$.\${1:field}`),
        );
      }
      for (const sys of SYSTEM_VARIABLES) {
        add(sys.label, vscode.CompletionItemKind.Function, sys.detail, new vscode.SnippetString(sys.snippet));
      }
      return items;
    },
  };
  context.subscriptions.push(vscode.languages.registerCompletionItemProvider(HTTP_SELECTOR, provider, '{'));
}

/**
 * Hover on `{{name}}`: where the value comes from. Plain values are shown; credentials show their
 * type and allowed origins only, and no secret is read to build the hover.
 */
export function registerHover(
  context: vscode.ExtensionContext,
  documents: HttpDocuments,
  environments: EnvironmentsApi,
): void {
  const provider: vscode.HoverProvider = {
    provideHover(document, position) {
      const file = documents.get(document);
      const refs = [
        ...file.fileVariables.flatMap((v) => v.references),
        ...file.requests.flatMap((r) => r.references),
      ];
      const ref = refs.find(
        (r) => r.line === position.line && position.character >= r.start && position.character < r.end,
      );
      if (!ref) return undefined;
      const text = describeReference(ref.name, file, environments);
      const markdown = new vscode.MarkdownString();
      markdown.appendMarkdown(`**{{${escapeMarkdown(ref.name)}}}**: `);
      markdown.appendMarkdown(escapeMarkdown(text.source));
      if (text.value !== undefined) markdown.appendCodeblock(text.value, 'text');
      return new vscode.Hover(markdown, new vscode.Range(ref.line, ref.start, ref.line, ref.end));
    },
  };
  context.subscriptions.push(vscode.languages.registerHoverProvider(HTTP_SELECTOR, provider));
}

function describeReference(
  name: string,
  file: HttpFile,
  environments: EnvironmentsApi,
): { source: string; value?: string } {
  const chained = /^([\w-]+)\.(request|response)\./.exec(name);
  if (chained)
    return { source: `taken from the last response of request "${chained[1]}" (treated as secret)` };
  const definitions = file.fileVariables.filter((v) => v.name === name);
  if (definitions.length) {
    const last = definitions[definitions.length - 1];
    return { source: `file variable, line ${last.line + 1}`, value: last.value };
  }
  const envName = environments.activeEnvironment();
  const env = environments.getEnvironment(envName);
  const credentialName = name.split('.')[0];
  if (env && Object.prototype.hasOwnProperty.call(env.credentials, credentialName)) {
    const credential = env.credentials[credentialName];
    const origins = credential.origins.length ? credential.origins.join(', ') : 'none (asks before sending)';
    const field = name === credentialName ? '' : `, field "${name.slice(credentialName.length + 1)}"`;
    return {
      source:
        `${credential.type} credential in environment "${envName}"${field} (value hidden); ` +
        `allowed for ${origins}`,
    };
  }
  if (env && Object.prototype.hasOwnProperty.call(env.variables, name)) {
    return { source: `variable in environment "${envName}"`, value: env.variables[name] };
  }
  const system = SYSTEM_VARIABLES.find((s) => name.split(/\s+/)[0] === s.label);
  if (system) return { source: `system variable: ${system.detail}` };
  return {
    source: `unknown: not a file variable and not in environment "${envName}"; the request will not be sent`,
  };
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

/** Parse errors and unknown `{{variables}}` as Problems, refreshed on edits and environment changes. */
export function registerDiagnostics(
  context: vscode.ExtensionContext,
  documents: HttpDocuments,
  environments: EnvironmentsApi,
): void {
  const collection = vscode.languages.createDiagnosticCollection('token-warden-http');
  const timers = new Map<string, NodeJS.Timeout>();
  context.subscriptions.push(collection, { dispose: () => timers.forEach((t) => clearTimeout(t)) });

  const update = async (document: vscode.TextDocument) => {
    if (!isHttpDocument(document)) return;
    const file = documents.get(document);
    const version = document.version;
    const envName = environments.activeEnvironment();
    const dotenvNames = await readDotenvNames(document);
    if (document.version !== version || document.isClosed) return;

    const diagnostics: vscode.Diagnostic[] = [];
    for (const error of file.errors) {
      const line = document.lineAt(Math.min(error.line, document.lineCount - 1));
      const d = new vscode.Diagnostic(line.range, error.message, vscode.DiagnosticSeverity.Error);
      d.source = 'Token Warden';
      diagnostics.push(d);
    }
    for (const warning of file.warnings) {
      const line = document.lineAt(Math.min(warning.line, document.lineCount - 1));
      const d = new vscode.Diagnostic(line.range, warning.message, vscode.DiagnosticSeverity.Information);
      d.source = 'Token Warden';
      diagnostics.push(d);
    }
    const unknown = findUnknownReferences(file, environmentForResolver(environments, envName), {
      dotenv: dotenvNames,
    });
    for (const ref of unknown) {
      const d = new vscode.Diagnostic(
        new vscode.Range(ref.line, ref.start, ref.line, ref.end),
        `Unknown variable "${ref.name}": not a file variable, not in environment "${envName}". ` +
          'Requests using it are not sent.',
        vscode.DiagnosticSeverity.Error,
      );
      d.source = 'Token Warden';
      d.code = 'unknown-variable';
      diagnostics.push(d);
    }
    collection.set(document.uri, diagnostics);
  };
  const schedule = (document: vscode.TextDocument, delayMs = 250) => {
    if (!isHttpDocument(document)) return;
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        void update(document);
      }, delayMs),
    );
  };
  const refreshAll = () => vscode.workspace.textDocuments.forEach((d) => schedule(d, 50));

  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((d) => schedule(d, 0)),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => {
      collection.delete(d.uri);
      documents.forget(d);
    }),
    environments.onDidChange(refreshAll),
    environments.onDidChangeActiveEnvironment(refreshAll),
  );
  void environments.ready.then(refreshAll, refreshAll);
  refreshAll();
}

async function readDotenvNames(document: vscode.TextDocument): Promise<string[]> {
  if (document.uri.scheme !== 'file') return [];
  try {
    return Object.keys(dotenv.parse(await fs.readFile(path.join(path.dirname(document.uri.fsPath), '.env'))));
  } catch {
    return [];
  }
}
