import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { epoch, makeHs256, randomSecret } from '../support/jwtFactory';
import { readExtensionLog } from './support/extensionLog';
import { waitFor } from './support/waitFor';
import { workspaceRoot } from './support/workspaceFolders';

const EXTENSION_ID = 'tokenwarden.token-warden';
const OUR_COMMANDS = ['tokenWarden.decodeJwt', 'tokenWarden.verifyJwt'];

function write(relative: string, content: string): vscode.Uri {
  const file = path.join(workspaceRoot(), relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return vscode.Uri.file(file);
}

/** Our hover at a position, as Markdown strings; retried while the extension host warms up. */
async function jwtHover(uri: vscode.Uri, position: vscode.Position): Promise<vscode.MarkdownString> {
  return waitFor(
    async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        uri,
        position,
      );
      for (const hover of hovers ?? []) {
        for (const content of hover.contents) {
          if (
            content instanceof vscode.MarkdownString &&
            /\*\*(Nested |Encrypted )?JWT/.test(content.value)
          ) {
            return content;
          }
        }
      }
      return undefined;
    },
    40_000,
    'the JWT hover',
  );
}

suite('JWT', () => {
  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    await extension.activate();
  });

  test('JWT hover on an Authorization header shows the claims table and status', async () => {
    const now = Date.now();
    const token = makeHs256({
      iss: 'https://id.example.test',
      sub: 'hover-user',
      aud: 'api',
      iat: epoch(now, -60),
      exp: epoch(now, 12 * 60 + 30),
    });
    const uri = write('jwt/hover.http', `GET https://api.example.test/me\nAuthorization: Bearer ${token}\n`);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));

    const hover = await jwtHover(uri, new vscode.Position(1, 40));
    assert.match(hover.value, /✅ valid now, expires in 12 min/);
    assert.match(hover.value, /\| `exp` Expires \| .*UTC.* · expires in 12 min \|/);
    assert.match(hover.value, /\| `sub` Subject \| hover-user \|/);
    assert.match(hover.value, /"aud": "api"/);
    assert.deepEqual(hover.isTrusted, { enabledCommands: OUR_COMMANDS });
    assert.ok(!hover.supportHtml);
    assert.ok(!hover.value.includes(token.split('.')[2]), 'the hover does not repeat the signature');
  });

  test('JWT hover works at column 5000 of a long JSON line and in untitled documents', async () => {
    const token = makeHs256({ sub: 'far-right', exp: epoch(Date.now(), -3 * 86400 - 60) });
    const line = `{"padding": "${'p'.repeat(5000)}", "id_token": "${token}"}`;
    const uri = write('jwt/long.json', `${line}\n`);
    await vscode.workspace.openTextDocument(uri);
    const column = line.indexOf(token) + 20;
    assert.ok(column > 5000);
    const hover = await jwtHover(uri, new vscode.Position(0, column));
    assert.match(hover.value, /⛔ expired 3 days ago/);

    const untitled = await vscode.workspace.openTextDocument({
      content: `token = "${token}"`,
      language: 'python',
    });
    const untitledHover = await jwtHover(untitled.uri, new vscode.Position(0, 15));
    assert.match(untitledHover.value, /"sub": "far-right"/);
  });

  test('JWT hover escapes a claim holding a command link', async () => {
    const evil = '[x](command:workbench.action.files.newUntitledFile)';
    const token = makeHs256({
      sub: evil,
      iss: 'https://id.example.test',
      aud: 'a',
      exp: epoch(Date.now(), 600),
    });
    const uri = write('jwt/evil.env', `TOKEN=${token}\n`);
    await vscode.workspace.openTextDocument(uri);
    const hover = await jwtHover(uri, new vscode.Position(0, 12));
    const row = hover.value.split('\n').find((l) => l.startsWith('| `sub`')) ?? '';
    assert.ok(row.includes('\\[x\\](command:workbench'), row);
    const outsideFences = hover.value.replace(/(`{3,})json\n[\s\S]*?\n\1/g, '');
    assert.ok(
      !/(^|[^\\])\[x\]\(command:/.test(outsideFences),
      'no unescaped command link outside code blocks',
    );
    assert.deepEqual(hover.isTrusted, { enabledCommands: OUR_COMMANDS });
  });

  test('JWT decode command opens a read-only decoded view for a token passed as argument', async () => {
    const token = makeHs256({ sub: 'decoded-user', name: 'Zoë 東京 🔐', exp: epoch(Date.now(), 3600) });
    const uri = await vscode.commands.executeCommand<vscode.Uri>('tokenWarden.decodeJwt', {
      token: `Bearer ${token}`,
    });
    assert.ok(uri, 'the command returns the document URI');
    assert.equal(uri.scheme, 'token-warden-jwt');
    assert.ok(!uri.toString().includes(token.slice(0, 20)), 'the URI does not carry the token');

    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.languageId, 'markdown');
    const text = document.getText();
    assert.match(text, /\*\*Header\*\*/);
    assert.match(text, /"sub": "decoded-user"/);
    assert.match(text, /"name": "Zoë 東京 🔐"/);
    assert.match(text, /looks like personal data/);

    // Typing goes through the editor's read-only check, as it does for a user.
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('type', { text: 'tampered' });
    assert.equal(document.getText(), text, 'the decoded view cannot be edited');
    assert.equal(document.isDirty, false);
  });

  test('JWT decode command takes the token at a document position, as the hover link passes it', async () => {
    const token = makeHs256({ sub: 'from-position', exp: epoch(Date.now(), 3600) });
    const uri = write('jwt/position.yaml', `auth:\n  token: ${token}\n`);
    const decoded = await vscode.commands.executeCommand<vscode.Uri>('tokenWarden.decodeJwt', {
      uri: uri.toString(),
      line: 1,
      character: 20,
    });
    assert.ok(decoded);
    assert.match((await vscode.workspace.openTextDocument(decoded)).getText(), /"sub": "from-position"/);
  });

  test('JWT verify command checks an HMAC secret given as argument and never logs it', async () => {
    const secret = `canary-${randomSecret(16)}`;
    const token = makeHs256(
      { sub: 'v', iss: 'https://id.example.test', exp: epoch(Date.now(), 600) },
      secret,
    );
    const ok = await vscode.commands.executeCommand<{ status: string }>('tokenWarden.verifyJwt', {
      token,
      key: { kind: 'secret', secret },
    });
    assert.equal(ok?.status, 'verified');
    const wrong = await vscode.commands.executeCommand<{ status: string }>('tokenWarden.verifyJwt', {
      token,
      key: { kind: 'secret', secret: randomSecret() },
    });
    assert.equal(wrong?.status, 'invalid-signature');
    const mismatch = await vscode.commands.executeCommand<{ status: string }>('tokenWarden.verifyJwt', {
      token,
      key: { kind: 'secret', secret },
      issuer: 'https://other.example.test',
    });
    assert.equal(mismatch?.status, 'invalid-claims');

    const log = await waitFor(
      () => {
        const text = readExtensionLog();
        return text.includes('[jwt] verify HS256: invalid-claims') ? text : undefined;
      },
      30_000,
      'the verify log lines',
    );
    assert.ok(!log.includes(secret), 'the secret never reaches the log');
    assert.ok(!log.includes(token.split('.')[2]), 'the token never reaches the log');
  });
});
