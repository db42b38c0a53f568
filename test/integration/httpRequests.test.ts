import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { readExtensionLog } from './support/extensionLog';
import { waitFor } from './support/waitFor';
import { workspaceRoot } from './support/workspaceFolders';

const EXTENSION_ID = 'tokenwarden.token-warden';

interface Received {
  url: string;
  apiKey?: string;
}

type SendCommandResult =
  | { kind: 'response'; status: number; statusText: string; documentUri: string }
  | { kind: 'notSent'; reason: string; message: string }
  | { kind: 'failed'; code: string; message: string };

suite('HTTP requests (.http files)', () => {
  let server: http.Server;
  let origin: string;
  const received: Received[] = [];
  // Built at test time so no secret-looking literal lives in the repository.
  const canary = `canary-${Math.random().toString(36).slice(2, 12)}-${Date.now().toString(36)}`;
  let fileUri: vscode.Uri;

  suiteSetup(async () => {
    server = http.createServer((req, res) => {
      received.push({ url: req.url!, apiKey: req.headers['x-api-key'] as string | undefined });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url, echoedKey: req.headers['x-api-key'] ?? null }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const folder = path.join(workspaceRoot(), 'http-requests');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, '.env'), `CANARY_KEY=${canary}\n`);
    const file = path.join(folder, 'api.http');
    fs.writeFileSync(
      file,
      [
        `@base = ${origin}`,
        '',
        '### Hello',
        'GET {{base}}/hello',
        '',
        '### With canary',
        'GET {{base}}/canary-path?key={{$dotenv CANARY_KEY}}',
        'X-Api-Key: {{$dotenv CANARY_KEY}}',
        '',
        '### Unknown',
        'GET {{base}}/never?x={{notDefinedAnywhere}}',
        '',
        '###',
        'GET {{base}}/bot{{$dotenv CANARY_KEY}}/getMe',
        '',
      ].join('\n'),
    );
    fileUri = vscode.Uri.file(file);

    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    const document = await vscode.workspace.openTextDocument(fileUri);
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'http');
  });

  suiteTeardown(() => {
    server.closeAllConnections();
    server.close();
  });

  test('HTTP: a Send Request CodeLens is provided above every request', async () => {
    const lenses = await waitFor(
      async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>(
          'vscode.executeCodeLensProvider',
          fileUri,
        );
        const ours = (found ?? []).filter((l) => l.command?.command === 'tokenWarden.sendRequest');
        return ours.length === 4 ? ours : undefined;
      },
      40_000,
      'four Token Warden CodeLenses',
    );
    assert.deepEqual(
      lenses.map((l) => l.range.start.line),
      [3, 6, 10, 13],
    );
    assert.deepEqual(
      lenses.map((l) => l.command!.arguments![1]),
      [0, 1, 2, 3],
    );
  });

  test('HTTP: completion inside {{ offers file variables and system variables', async () => {
    // Line 3 is "GET {{base}}/hello": ask right after "{{".
    const list = await waitFor(
      async () => {
        const items = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          fileUri,
          new vscode.Position(3, 6),
          '{',
        );
        const labels = items.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
        return labels.includes('base') ? labels : undefined;
      },
      40_000,
      'completion items',
    );
    assert.ok(list.includes('$guid') && list.includes('$dotenv'), list.join(', '));
  });

  test('HTTP: hovering a {{variable}} tells where its value comes from', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      fileUri,
      new vscode.Position(3, 7),
    );
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    assert.match(text, /file variable, line 1/);
    assert.ok(text.includes(origin), text);
  });

  test('HTTP: sending a request reaches the server and opens the response document', async () => {
    const result = await vscode.commands.executeCommand<SendCommandResult>(
      'tokenWarden.sendRequest',
      fileUri,
      0,
    );
    assert.equal(result.kind, 'response', JSON.stringify(result));
    if (result.kind !== 'response') return;
    assert.equal(result.status, 200);
    assert.ok(received.some((r) => r.url === '/hello'));

    const shown = vscode.workspace.textDocuments.find((d) => d.uri.toString() === result.documentUri);
    assert.ok(shown, 'the response document is open');
    assert.match(shown.getText(), /^HTTP\/1\.1 200 OK\n/);
    assert.match(shown.getText(), /"path": "\/hello"/);
  });

  test('HTTP: an unknown variable gets a diagnostic and the request is not sent', async () => {
    const diagnostic = await waitFor(
      () =>
        vscode.languages
          .getDiagnostics(fileUri)
          .find((d) => d.source === 'Token Warden' && d.message.includes('notDefinedAnywhere')),
      40_000,
      'diagnostic',
    );
    assert.equal(diagnostic.range.start.line, 10);

    const before = received.length;
    const result = await vscode.commands.executeCommand<SendCommandResult>(
      'tokenWarden.sendRequest',
      fileUri,
      { line: 10 },
    );
    assert.equal(result.kind, 'notSent');
    if (result.kind === 'notSent') assert.equal(result.reason, 'unknownVariables');
    assert.equal(received.length, before, 'nothing reached the server');
    assert.ok(!received.some((r) => r.url.startsWith('/never')));
  });

  test('HTTP: a secret value reaches the server but never the log or the response document', async () => {
    const result = await vscode.commands.executeCommand<SendCommandResult>(
      'tokenWarden.sendRequest',
      fileUri,
      1,
    );
    assert.equal(result.kind, 'response', JSON.stringify(result));
    if (result.kind !== 'response') return;
    const hit = received.find((r) => r.url.startsWith('/canary-path'));
    assert.equal(hit?.apiKey, canary, 'the server got the real value');

    const log = await waitFor(
      () => {
        const text = readExtensionLog();
        return text.includes('/canary-path') ? text : undefined;
      },
      30_000,
      'the request line in the log',
    );
    assert.ok(!log.includes(canary), 'the canary is not in the log');
    assert.match(log, /GET http:\/\/127\.0\.0\.1:\d+\/canary-path\?key=\*{4} -> 200/);

    const shown = vscode.workspace.textDocuments.find((d) => d.uri.toString() === result.documentUri);
    assert.ok(shown);
    assert.match(shown.getText(), /"echoedKey": "/);
    assert.ok(!shown.getText().includes(canary), 'the echoed canary is masked in the response document');
  });

  test('HTTP: a secret in the URL path of an untitled request stays out of the response tab', async () => {
    const result = await vscode.commands.executeCommand<SendCommandResult>(
      'tokenWarden.sendRequest',
      fileUri,
      3,
    );
    assert.equal(result.kind, 'response', JSON.stringify(result));
    if (result.kind !== 'response') return;
    assert.ok(received.some((r) => r.url === `/bot${canary}/getMe`), 'the server got the real path');
    assert.ok(!result.documentUri.includes(canary), result.documentUri);
    const shown = vscode.workspace.textDocuments.find((d) => d.uri.toString() === result.documentUri);
    assert.ok(shown && !shown.getText().includes(canary));
  });
});
