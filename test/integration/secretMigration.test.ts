import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as dotenv from 'dotenv';
import * as vscode from 'vscode';
import { fakeToken } from '../support/fakeTokens';
import { readExtensionLog } from './support/extensionLog';
import { waitFor } from './support/waitFor';
import { workspaceRoot } from './support/workspaceFolders';

interface MigrationResult {
  ok: boolean;
  reason?: string;
  moved: { file: string; name: string; envKey: string; reused: boolean }[];
  planned?: MigrationResult['moved'];
  environment?: string;
}

const RULE = 'github-pat-classic';

async function openWith(relative: string, text: string): Promise<vscode.TextDocument> {
  const file = path.join(workspaceRoot(), relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  const document = await vscode.workspace.openTextDocument(file);
  await vscode.window.showTextDocument(document);
  return document;
}

function leakDiagnostic(uri: vscode.Uri): vscode.Diagnostic | undefined {
  return vscode.languages.getDiagnostics(uri).find((d) => d.source === 'Token Warden');
}

/** The migration action titled `prefix...` on the leak diagnostic, retried while the host warms up. */
async function migrationAction(document: vscode.TextDocument, prefix: string): Promise<vscode.CodeAction> {
  await waitFor(() => leakDiagnostic(document.uri), 20_000, 'a Token Warden diagnostic');
  return waitFor(async () => {
    // Read again on each try: after an edit the diagnostics are recomputed a moment later.
    const diagnostic = leakDiagnostic(document.uri);
    if (!diagnostic) return undefined;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', document.uri, diagnostic.range,
        vscode.CodeActionKind.QuickFix.value);
    return actions?.find((a) => a.title.startsWith(prefix));
  }, 40_000, `a code action "${prefix}..."`);
}

/** Runs an action's command as the light bulb would, with the name the input box would return. */
async function apply(action: vscode.CodeAction, name: string): Promise<MigrationResult> {
  assert.ok(action.command, 'the action runs a command');
  const [args] = action.command.arguments ?? [];
  return vscode.commands.executeCommand<MigrationResult>(action.command.command, { ...args, name });
}

function readDotenv(file = '.env'): Record<string, string> {
  const full = path.join(workspaceRoot(), file);
  return fs.existsSync(full) ? dotenv.parse(fs.readFileSync(full, 'utf8')) : {};
}

suite('Migration: moving secrets to .env and SecretStorage', function () {
  // Each test waits for the leak scanner, the code action providers and file writes of a real
  // workbench; on a loaded two-core machine the first one alone can take half a minute.
  this.timeout(90_000);

  test('Move to .env replaces a JS literal with process.env and writes .env, .gitignore, .env.example',
    async () => {
    const token = fakeToken(RULE, 11);
    const document = await openWith('src/config.js',
      `const githubToken = "${token}";\nmodule.exports = githubToken;\n`);
    const action = await migrationAction(document, 'Move to .env as ');
    assert.equal(action.title, 'Move to .env as GITHUB_TOKEN');
    const diagnostic = leakDiagnostic(document.uri)!;
    const rewrites = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri, diagnostic.range, vscode.CodeActionKind.RefactorRewrite.value);
    assert.ok(rewrites.some((a) => a.title === 'Move to .env as GITHUB_TOKEN'
      && a.kind?.value === vscode.CodeActionKind.RefactorRewrite.value), 'also offered as a rewrite');

    const result = await apply(action, 'GITHUB_TOKEN');
    assert.equal(result.ok, true, result.reason);
    assert.equal(document.getText(),
      'const githubToken = process.env.GITHUB_TOKEN;\nmodule.exports = githubToken;\n');
    assert.equal(readDotenv().GITHUB_TOKEN, token);
    assert.ok(fs.readFileSync(path.join(workspaceRoot(), '.gitignore'),
      'utf8').split(/\r?\n/).includes('.env'));
    assert.deepEqual(readDotenv('.env.example'), { GITHUB_TOKEN: '' });
    await waitFor(() => readExtensionLog().includes('[migrate] moved a'), 30_000, 'the migrate log line');
    assert.ok(!readExtensionLog().includes(token), 'the log never holds the value');
  });

  test('Move to .env splices a partial Python secret into an f-string and adds import os', async () => {
    const token = fakeToken(RULE, 12);
    const document = await openWith('app/client.py',
      `"""Client."""\nHEADERS = {"Authorization": "Bearer ${token}"}\n`);
    const action = await migrationAction(document, 'Move to .env as ');

    const result = await apply(action, 'GH_CLIENT_TOKEN');
    assert.equal(result.ok, true, result.reason);
    assert.equal(document.getText(),
      '"""Client."""\n\nimport os\n' +
      'HEADERS = {"Authorization": f"Bearer {os.environ[\'GH_CLIENT_TOKEN\']}"}\n');
    const env = readDotenv();
    assert.equal(env.GH_CLIENT_TOKEN, token);
    assert.ok(env.GITHUB_TOKEN, 'the earlier entry is still there');
    assert.ok('GH_CLIENT_TOKEN' in readDotenv('.env.example'));
  });

  test('without a name argument the fix asks for one, prefilled with the inferred name', async () => {
    const token = fakeToken(RULE, 19);
    const document = await openWith('src/asked.js', `const releaseBotToken = "${token}";\n`);
    const action = await migrationAction(document, 'Move to .env as ');
    assert.equal(action.title, 'Move to .env as RELEASE_BOT_TOKEN');
    let settled = false;
    const pending = Promise.resolve(vscode.commands.executeCommand<MigrationResult>(action.command!.command,
      ...(action.command!.arguments ?? []))).finally(() => { settled = true; });
    await waitFor(async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return settled;
    }, 40_000, 'the name input box to be accepted');
    const result = await pending;
    assert.equal(result.ok, true, result.reason);
    assert.equal(document.getText(), 'const releaseBotToken = process.env.RELEASE_BOT_TOKEN;\n');
    assert.equal(readDotenv().RELEASE_BOT_TOKEN, token);
  });

  test('the same value again reuses its .env name and appends nothing', async () => {
    const token = fakeToken(RULE, 11);
    const before = fs.readFileSync(path.join(workspaceRoot(), '.env'));
    const document = await openWith('src/again.ts', `export const t = "${token}";\n`);
    const action = await migrationAction(document, 'Move to .env as ');
    assert.equal(action.title, 'Move to .env as GITHUB_TOKEN (already there)');
    const [args] = action.command?.arguments ?? [];
    const result = await vscode.commands.executeCommand<MigrationResult>(action.command!.command, { ...args,
      name: 'GITHUB_TOKEN' });
    assert.equal(result.ok, true, result.reason);
    assert.equal(document.getText(), 'export const t = process.env.GITHUB_TOKEN;\n');
    assert.deepEqual(fs.readFileSync(path.join(workspaceRoot(), '.env')), before);
  });

  test('Terraform: var.name in the file, a sensitive variable in variables.tf, TF_VAR_name in .env',
    async () => {
    const token = fakeToken(RULE, 22);
    fs.mkdirSync(path.join(workspaceRoot(), 'infra'), { recursive: true });
    fs.writeFileSync(path.join(workspaceRoot(), 'infra', 'variables.tf'), 'variable "region" {}\n');
    const document = await openWith('infra/main.tf', `provider "github" {\n  token = "${token}"\n}\n`);
    const action = await migrationAction(document, 'Move to .env as ');
    const result = await apply(action, 'GITHUB_PROVIDER_TOKEN');
    assert.equal(result.ok, true, result.reason);
    assert.equal(document.getText(), 'provider "github" {\n  token = var.github_provider_token\n}\n');
    const variablesFile = path.join(workspaceRoot(), 'infra', 'variables.tf');
    const variables = await vscode.workspace.openTextDocument(variablesFile);
    assert.equal(variables.getText(), 'variable "region" {}\n\nvariable "github_provider_token" {\n' +
      '  type      = string\n  sensitive = true\n}\n');
    assert.equal(readDotenv().TF_VAR_github_provider_token, token);
  });

  test('Move to SecretStorage stores the value in the active environment and undo restores the literal',
    async () => {
    const token = fakeToken(RULE, 13);
    const original = `const deployToken = '${token}';\n`;
    const document = await openWith('src/deploy.js', original);
    const action = await migrationAction(document, 'Move to SecretStorage as ');

    const result = await apply(action, 'DEPLOY_TOKEN');
    assert.equal(result.ok, true, result.reason);
    assert.equal(result.environment, 'default');
    assert.equal(document.getText(), 'const deployToken = process.env.DEPLOY_TOKEN;\n');
    const envFile = fs.readFileSync(path.join(workspaceRoot(), '.vscode', 'token-warden.json'), 'utf8');
    assert.ok(envFile.includes('"DEPLOY_TOKEN"'), 'the environments file lists the credential');
    assert.ok(!envFile.includes(token), 'but not its value');
    assert.ok(!('DEPLOY_TOKEN' in readDotenv()), 'SecretStorage moves do not touch .env');

    // The value is retrievable through the environments feature.
    await vscode.env.clipboard.writeText('');
    assert.equal(await vscode.commands.executeCommand('tokenWarden.copyValue',
      { env: 'default', name: 'DEPLOY_TOKEN' }, { confirm: true }), true);
    assert.equal(await vscode.env.clipboard.readText(), token);
    await vscode.env.clipboard.writeText('');

    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    await waitFor(() => document.getText() === original, 5000, 'undo to restore the literal');
  });

  test('a fix refuses when the document changed since it was offered, and once the secret is gone',
    async () => {
    const token = fakeToken(RULE, 14);
    const document = await openWith('src/stale.js', `const t = "${token}";\n`);
    const action = await migrationAction(document, 'Move to .env as ');

    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), '// edited\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const stale = await apply(action, 'STALE_TOKEN');
    assert.equal(stale.ok, false);
    assert.match(stale.reason ?? '', /changed since this fix was offered/);
    assert.ok(document.getText().includes(token), 'nothing was replaced');
    assert.ok(!('STALE_TOKEN' in readDotenv()), 'nothing was stored');

    const fresh = await migrationAction(document, 'Move to .env as ');
    assert.equal(fresh.command?.arguments?.[0].version, document.version);
    const done = await apply(fresh, 'STALE_TOKEN');
    assert.equal(done.ok, true, done.reason);
    const again = await apply(fresh, 'STALE_TOKEN');
    assert.equal(again.ok, false, 'running the same fix twice does nothing');
    assert.equal(document.getText(), '// edited\nconst t = process.env.STALE_TOKEN;\n');
  });

  test('a .env that git tracks is refused: the secret would be committed with it', async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    const token = fakeToken(RULE, 15);
    const folder = path.join(workspaceRoot(), 'tracked');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, '.env'), 'A=1\n');
    const { execFileSync } = await import('node:child_process');
    execFileSync('git', ['init', '-q'], { cwd: folder });
    execFileSync('git', ['add', '.env'], { cwd: folder });
    try {
      const document = await openWith('tracked/app.js', `const t = "${token}";\n`);
      const result = await apply(await migrationAction(document, 'Move to .env as '), 'TRACKED_TOKEN');
      assert.equal(result.ok, false);
      assert.match(result.reason ?? '', /tracked by git/);
      assert.ok(!(result.reason ?? '').includes(token), 'the reason holds no secret');
      assert.equal(fs.readFileSync(path.join(folder, '.env'), 'utf8'), 'A=1\n');
      assert.ok(document.getText().includes(token), 'the literal stays');
    } finally {
      // The literal stays in it: later workspace-wide tests must not find this folder or its editor.
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  test('JSON gets a disabled .env action with a reason and a working SecretStorage action', async () => {
    const token = fakeToken(RULE, 15);
    const document = await openWith('config/settings.json', `{"github": {"token": "${token}"}}\n`);
    const diagnostic = await waitFor(() => leakDiagnostic(document.uri), 20_000, 'a Token Warden diagnostic');
    const actions = await waitFor(async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider', document.uri, diagnostic.range,
          vscode.CodeActionKind.QuickFix.value);
      return all?.some((a) => a.title.startsWith('Move to SecretStorage')) ? all : undefined;
    }, 40_000, 'migration actions on JSON');
    const dotenvAction = actions.find((a) => a.title.startsWith('Move to .env'));
    if (dotenvAction) assert.match(dotenvAction.disabled?.reason ?? '',
      /no way to read environment variables/);
    const storage = actions.find((a) => a.title.startsWith('Move to SecretStorage'))!;
    assert.equal(storage.title, 'Move to SecretStorage as GITHUB_TOKEN');
    const result = await apply(storage, 'SETTINGS_GITHUB_TOKEN');
    assert.equal(result.ok, true, result.reason);
    assert.equal(document.getText(), '{"github": {"token": "{{SETTINGS_GITHUB_TOKEN}}"}}\n');
  });

  test('Move All Secrets moves every finding of a file at once', async () => {
    const a = fakeToken(RULE, 16);
    const b = fakeToken(RULE, 17);
    const document = await openWith('src/many.ts',
      `export const primaryToken = "${a}";\nexport const backupToken = "${b}";\n`);
    await waitFor(() => leakDiagnostic(document.uri), 20_000, 'a Token Warden diagnostic');
    const result = await vscode.commands.executeCommand<MigrationResult>('tokenWarden.migrateSecrets',
      { scope: 'file', target: 'dotenv', uri: document.uri, preview: false });
    assert.equal(result.ok, true, result.reason);
    assert.deepEqual(result.moved.map((m) => m.name), ['PRIMARY_TOKEN', 'BACKUP_TOKEN']);
    assert.equal(document.getText(),
      'export const primaryToken = process.env.PRIMARY_TOKEN;\n' +
      'export const backupToken = process.env.BACKUP_TOKEN;\n');
    await waitFor(() => readDotenv().BACKUP_TOKEN === b, 5000, '.env to be saved');
    assert.equal(readDotenv().PRIMARY_TOKEN, a);
    assert.ok('BACKUP_TOKEN' in readDotenv('.env.example'));
  });

  test('Move All Secrets shows the refactor preview: .env changes are pre-ticked, code edits wait for a tick',
    async () => {
      const token = fakeToken(RULE, 18);
      const document = await openWith('src/preview.js', `exports.previewToken = "${token}";\n`);
      await waitFor(() => leakDiagnostic(document.uri), 20_000, 'a Token Warden diagnostic');
      let settled = false;
      const run = () => {
        settled = false;
        return Promise.resolve(vscode.commands.executeCommand<MigrationResult>('tokenWarden.migrateSecrets',
          { scope: 'file', target: 'dotenv', uri: document.uri })).finally(() => { settled = true; });
      };
      const accept = async () => waitFor(async () => {
        await vscode.commands.executeCommand('refactorPreview.apply');
        return settled;
      }, 20_000, 'the refactor preview to be applied');

      // Accepted as shown: the value is kept in .env, the literal stays until its edit is ticked.
      const first = run();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.equal(settled, false, 'the command waits for the preview');
      await accept();
      const kept = await first;
      assert.equal(kept.ok, true, kept.reason);
      assert.deepEqual(kept.moved, []);
      assert.ok(document.getText().includes(token));
      await waitFor(() => readDotenv().PREVIEW_TOKEN === token, 5000, '.env to hold the value');

      // Ticked (the code group comes first in the tree): the literal is replaced, the .env entry reused.
      const second = run();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await vscode.commands.executeCommand('refactorPreview.groupByType');
      await vscode.commands.executeCommand('list.focusFirst');
      await vscode.commands.executeCommand('refactorPreview.toggleCheckedState');
      await accept();
      const moved = await second;
      assert.equal(moved.ok, true, moved.reason);
      assert.equal(document.getText(), 'exports.previewToken = process.env.PREVIEW_TOKEN;\n');
      assert.deepEqual(moved.moved.map((m) => [m.envKey, m.reused]), [['PREVIEW_TOKEN', true]]);
    });

  test('Move All Secrets over the workspace finds files not open; discarding the preview changes nothing',
    async () => {
      const a = fakeToken(RULE, 20);
      const b = fakeToken(RULE, 21);
      const folder = path.join(workspaceRoot(), 'ws-scope');
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, 'one.py'), `ONE_TOKEN = "${a}"\n`);
      fs.writeFileSync(path.join(folder, 'two.go'), `package x\n\nvar twoToken = "${b}"\n`);
      const envBefore = fs.readFileSync(path.join(workspaceRoot(), '.env'));
      let settled = false;
      const pending = Promise.resolve(vscode.commands.executeCommand<MigrationResult>(
        'tokenWarden.migrateSecrets', { scope: 'workspace', target: 'dotenv' }))
        .finally(() => { settled = true; });
      await waitFor(async () => {
        await vscode.commands.executeCommand('refactorPreview.discard');
        return settled;
      }, 45_000, 'the refactor preview to be discarded');
      const result = await pending;
      assert.equal(result.ok, false);
      const planned = (result.planned ?? []).map((m) => `${m.file} ${m.name}`);
      assert.ok(planned.includes('ws-scope/one.py ONE_TOKEN'), planned.join(', '));
      assert.ok(planned.includes('ws-scope/two.go TWO_TOKEN'), planned.join(', '));
      assert.equal(fs.readFileSync(path.join(folder, 'one.py'), 'utf8'), `ONE_TOKEN = "${a}"\n`);
      assert.deepEqual(fs.readFileSync(path.join(workspaceRoot(), '.env')), envBefore);
      fs.rmSync(folder, { recursive: true, force: true });
    });

  test('with the setting on, new terminals get SecretStorage secrets as environment variables',
    async function () {
    const out = path.join(workspaceRoot(), 'terminal-env.txt');
    const config = vscode.workspace.getConfiguration('tokenWarden');
    await config.update('secrets.exposeToTerminals.enabled', true, vscode.ConfigurationTarget.Global);
    try {
      // The collection is applied to terminals created after it changed.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const terminal = vscode.window.createTerminal({ name: 'migration-test', shellPath: '/bin/sh' });
      terminal.sendText(`printf '%s' "$DEPLOY_TOKEN" > '${out}'; exit`);
      const written = await waitFor(() => fs.existsSync(out) && fs.readFileSync(out, 'utf8'), 20_000,
        'the terminal');
      assert.equal(written, fakeToken(RULE, 13));
    } finally {
      await config.update('secrets.exposeToTerminals.enabled', undefined, vscode.ConfigurationTarget.Global);
      fs.rmSync(out, { force: true });
    }
  });
});
