import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startOidcServer, type OidcTestServer } from '../support/oidcServer';
import { readExtensionLog } from './support/extensionLog';
import { waitFor } from './support/waitFor';
import { workspaceRoot } from './support/workspaceFolders';

const EXTENSION_ID = 'tokenwarden.token-warden';
const run = <T = unknown>(id: string, ...args: unknown[]) =>
  vscode.commands.executeCommand<T>(`tokenWarden.${id}`, ...args);

type SendCommandResult =
  | { kind: 'response'; status: number }
  | { kind: 'notSent'; reason: string; message: string }
  | { kind: 'failed'; code: string; message: string };

// The environment the other suites expect to be active; the credential goes there.
const ENV = 'default';
const CREDENTIAL = 'OAUTH_API';

suite('Request panel and OAuth2', () => {
  let oidc: OidcTestServer;
  let httpFile: vscode.Uri;

  suiteSetup(async function () {
    this.timeout(120_000);
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    oidc = await startOidcServer();
    // Fails harmlessly when an earlier suite already created it.
    await run('addEnvironment', ENV);
    assert.equal(
      await run('addCredential', ENV, CREDENTIAL, {
        type: 'oauth2',
        grant: 'client_credentials',
        issuer: oidc.issuer,
        clientId: 'cc-client',
        origins: [oidc.resourceUrl],
        secrets: { clientSecret: oidc.clientSecret },
      }),
      true,
    );
    const folder = path.join(workspaceRoot(), 'oauth2');
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, 'api.http');
    fs.writeFileSync(file, `### Items\n# @auth ${CREDENTIAL}\nGET ${oidc.resourceUrl}/items\n`);
    httpFile = vscode.Uri.file(file);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await run('deleteCredential', { env: ENV, name: CREDENTIAL }, { confirm: true });
    await oidc?.close();
  });

  const send = () => run<SendCommandResult>('sendRequest', httpFile, 0);
  const tokenHits = () => oidc.hits.get('/token') ?? 0;

  test('Request panel: the command is registered and opens a webview panel', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('tokenWarden.openRequestPanel'));
    await run('openRequestPanel');
    await waitFor(
      () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .some(
            (t) =>
              t.input instanceof vscode.TabInputWebview &&
              t.input.viewType.endsWith('tokenWarden.requestPanel'),
          ),
      20_000,
      'the request panel tab',
    );
  });

  test('Request panel: requests in .http files get an "Open in Panel" CodeLens that loads them', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(httpFile));
    const lenses = await waitFor(
      async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>(
          'vscode.executeCodeLensProvider',
          httpFile,
        );
        return found?.filter((l) => l.command?.title === 'Open in Panel').length ? found : undefined;
      },
      20_000,
      'Open in Panel lens',
    );
    const lens = lenses.find((l) => l.command?.title === 'Open in Panel')!;
    assert.equal(lens.range.start.line, 2, 'on the request line');
    assert.equal(
      await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? [])),
      true,
    );
  });

  test('OAuth2: # @auth with client credentials gets a token from oidc-provider and reuses it', async () => {
    const first = await send();
    assert.equal(first.kind, 'response', JSON.stringify(first));
    assert.equal((first as { status: number }).status, 200);
    const second = await send();
    assert.equal((second as { status: number }).status, 200);
    assert.equal(tokenHits(), 1, 'the cached token is reused');
    assert.equal(oidc.seenTokens.length, 2);
    assert.equal(oidc.seenTokens[0], oidc.seenTokens[1]);
  });

  test('OAuth2: a token the server rejects is renewed once and the request retried', async () => {
    const before = tokenHits();
    const rejected = oidc.seenTokens[oidc.seenTokens.length - 1];
    oidc.rejectToken(rejected);
    const result = await send();
    assert.equal((result as { status: number }).status, 200, JSON.stringify(result));
    assert.equal(tokenHits(), before + 1);
    assert.notEqual(oidc.seenTokens[oidc.seenTokens.length - 1], rejected);
  });

  test('OAuth2: Refresh and Revoke commands reach the server; tokens never reach the log', async () => {
    const before = tokenHits();
    assert.equal(await run('oauth2Refresh', { env: ENV, name: CREDENTIAL }), true);
    assert.equal(tokenHits(), before + 1);
    assert.equal(await run('oauth2Revoke', { env: ENV, name: CREDENTIAL }, { confirm: true }), true);
    assert.ok((oidc.hits.get('/token/revocation') ?? 0) >= 1);

    await waitFor(() => readExtensionLog().includes('revoked and forgot'), 30_000, 'the revocation log line');
    const log = readExtensionLog();
    for (const token of oidc.seenTokens) assert.ok(!log.includes(token), 'an access token reached the log');
    assert.ok(!log.includes(oidc.clientSecret), 'the client secret reached the log');
  });
});
