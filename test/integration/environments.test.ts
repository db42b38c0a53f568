import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readExtensionLog } from './support/extensionLog';
import { waitFor } from './support/waitFor';
import { workspaceRoot } from './support/workspaceFolders';
import { canary } from '../support/environmentCanaries';

const EXTENSION_ID = 'tokenwarden.token-warden';

/** Every secret value a test hands to the extension; none may reach the JSON file or the log. */
const canaries: string[] = [];
function secret(label: string): string {
  const value = canary(label, canaries.length + 11);
  canaries.push(value);
  return value;
}

const run = <T = unknown>(id: string, ...args: unknown[]) =>
  vscode.commands.executeCommand<T>(`tokenWarden.${id}`, ...args);
const envFile = () => path.join(workspaceRoot(), '.vscode', 'token-warden.json');
const readEnvFile = () => fs.readFileSync(envFile(), 'utf8');

/** The value `tokenWarden.copyValue` puts on the clipboard, or undefined when the command refuses. */
async function copied(target: { env?: string; name: string }): Promise<string | undefined> {
  await vscode.env.clipboard.writeText('');
  const ok = await run<boolean>('copyValue', target, { confirm: true });
  return ok ? vscode.env.clipboard.readText() : undefined;
}

/** The file is rewritten by the extension; the model reloads through its watcher or right after the write. */
async function waitForFile(
  check: (json: {
    environments: Record<
      string,
      { variables: Record<string, string>; credentials: Record<string, { type: string }> }
    >;
  }) => void,
) {
  await waitFor(
    () => {
      check(JSON.parse(readEnvFile()));
      return true;
    },
    30_000,
    'token-warden.json to change',
  );
}

suite('Environments', () => {
  // Later suites share this workspace: leave no environments file, settings or env files behind,
  // and `default` active again.
  suiteTeardown(async () => {
    const root = workspaceRoot();
    for (const file of [
      '.vscode/token-warden.json',
      '.vscode/settings.json',
      '.env',
      '.env.example',
      'api',
    ]) {
      fs.rmSync(path.join(root, file), { recursive: true, force: true });
    }
    await waitFor(
      async () => (await run<boolean>('selectEnvironment', 'default')) === true,
      30_000,
      'default to become active',
    );
  });

  suiteSetup(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    fs.rmSync(envFile(), { force: true });
    await waitFor(
      async () => (await run<boolean>('addEnvironment', 'dev')) === true,
      30_000,
      'dev to be created',
    );
  });

  test('environments, variables and credentials made by commands keep secrets out of the file', async () => {
    const token = secret('bearer');
    assert.equal(await run('addEnvironment', 'prod'), true);
    assert.equal(await run('addVariable', 'dev', 'baseUrl', 'https://dev.example.test'), true);
    assert.equal(await run('addVariable', 'prod', 'baseUrl', 'https://api.example.test'), true);
    assert.equal(
      await run('addCredential', 'dev', 'API_TOKEN', {
        type: 'bearer',
        origins: ['https://dev.example.test/v1'],
        value: token,
      }),
      true,
    );

    await waitForFile((json) => {
      assert.deepEqual(Object.keys(json.environments), ['dev', 'prod']);
      assert.deepEqual(json.environments.dev.credentials.API_TOKEN, {
        type: 'bearer',
        origins: ['https://dev.example.test'],
      });
    });
    assert.ok(!readEnvFile().includes(token));
    assert.equal(await copied({ env: 'dev', name: 'API_TOKEN' }), token);
  });

  test('switching the active environment changes what a name resolves to', async () => {
    assert.equal(await run('selectEnvironment', 'prod'), true);
    assert.equal(await copied({ name: 'baseUrl' }), 'https://api.example.test');
    assert.equal(await run('activateEnvironment', 'dev'), true);
    assert.equal(await copied({ name: 'baseUrl' }), 'https://dev.example.test');
  });

  test('duplicate, rename and delete carry the secret along or remove it', async () => {
    const token = canaries[0];
    assert.equal(await run('duplicateCredential', { env: 'dev', name: 'API_TOKEN' }, 'prod'), true);
    assert.equal(await copied({ env: 'prod', name: 'API_TOKEN' }), token);

    assert.equal(await run('renameCredential', { env: 'prod', name: 'API_TOKEN' }, 'PROD_TOKEN'), true);
    assert.equal(await copied({ env: 'prod', name: 'PROD_TOKEN' }), token);
    assert.equal(await copied({ env: 'prod', name: 'API_TOKEN' }), undefined);

    assert.equal(await run('deleteCredential', { env: 'prod', name: 'PROD_TOKEN' }, { confirm: true }), true);
    assert.equal(await copied({ env: 'prod', name: 'PROD_TOKEN' }), undefined);
    await waitForFile((json) => assert.deepEqual(json.environments.prod.credentials, {}));
  });

  test('importing a .env moves secrets to SecretStorage and removes only their lines', async () => {
    const password = secret('dotenv');
    const dotenv = path.join(workspaceRoot(), '.env');
    fs.writeFileSync(dotenv, `# local\nAPP_HOST=localhost\nDB_PASSWORD=${password}\nDEBUG=true\n`);

    const summary = await run<{ variables: number; credentials: number; removedPlaintext: number }>(
      'importDotenv',
      vscode.Uri.file(dotenv),
      { env: 'dev', removePlaintext: true },
    );
    assert.deepEqual(
      { ...summary, skipped: undefined, environments: undefined },
      { variables: 2, credentials: 1, removedPlaintext: 1, skipped: undefined, environments: undefined },
    );
    assert.equal(fs.readFileSync(dotenv, 'utf8'), '# local\nAPP_HOST=localhost\nDEBUG=true\n');
    assert.equal(await copied({ env: 'dev', name: 'DB_PASSWORD' }), password);
    assert.equal(await copied({ env: 'dev', name: 'APP_HOST' }), 'localhost');
    assert.ok(!readEnvFile().includes(password));
  });

  test('importing http-client env files: private values win, plaintext copies can be removed', async () => {
    const publicValue = secret('pub');
    const privateValue = secret('priv');
    const dir = path.join(workspaceRoot(), 'api');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'http-client.env.json'),
      JSON.stringify({ qa: { host: 'https://qa.example.test', apiKey: publicValue } }, null, 2),
    );
    const privatePath = path.join(dir, 'http-client.private.env.json');
    fs.writeFileSync(privatePath, JSON.stringify({ qa: { apiKey: privateValue, user: 'me' } }, null, 2));

    const summary = await run<{ environments: string[] }>(
      'importHttpClientEnv',
      vscode.Uri.file(path.join(dir, 'http-client.env.json')),
      { removePlaintext: true },
    );
    assert.deepEqual(summary?.environments, ['qa']);
    assert.equal(await copied({ env: 'qa', name: 'apiKey' }), privateValue);
    assert.equal(await copied({ env: 'qa', name: 'host' }), 'https://qa.example.test');
    assert.deepEqual(JSON.parse(fs.readFileSync(privatePath, 'utf8')), { qa: { user: 'me' } });
    assert.ok(!readEnvFile().includes(privateValue) && !readEnvFile().includes(publicValue));
  });

  test('importing REST Client settings: $shared reaches every env; secrets leave settings.json', async () => {
    const key = secret('rest');
    const settingsPath = path.join(workspaceRoot(), '.vscode', 'settings.json');
    fs.writeFileSync(
      settingsPath,
      '{\n  // REST Client environments\n  "rest-client.environmentVariables": {\n' +
        `    "$shared": { "apiKey": "${key}" },\n    "local": { "host": "localhost:3000" }\n  }\n}\n`,
    );
    await waitFor(
      () =>
        vscode.workspace.getConfiguration('rest-client').get<Record<string, unknown>>('environmentVariables')
          ?.local,
      30_000,
      'the settings to load',
    );

    const summary = await run<{ environments: string[]; removedPlaintext: number }>('importRestClient', {
      removePlaintext: true,
    });
    assert.deepEqual(summary?.environments, ['local']);
    assert.equal(summary?.removedPlaintext, 1);
    assert.equal(await copied({ env: 'local', name: 'apiKey' }), key);
    assert.equal(await copied({ env: 'local', name: 'host' }), 'localhost:3000');
    const settings = fs.readFileSync(settingsPath, 'utf8');
    assert.ok(!settings.includes(key), 'the secret is gone from settings.json');
    assert.ok(settings.includes('// REST Client environments') && settings.includes('localhost:3000'));
  });

  test('export .env.example writes names only', async () => {
    const target = path.join(workspaceRoot(), '.env.example');
    await run('exportEnvExample', 'dev', vscode.Uri.file(target), { confirm: true });
    const text = fs.readFileSync(target, 'utf8');
    assert.match(text, /^DB_PASSWORD=$/m);
    assert.match(text, /^baseUrl=$/m);
    assert.ok(!text.includes('https://dev.example.test'));
    for (const value of canaries) assert.ok(!text.includes(value));
  });

  test('OAuth2 Get Token fails cleanly when the token endpoint is unreachable; forget works', async () => {
    assert.equal(
      await run('addCredential', 'dev', 'sso', {
        type: 'oauth2',
        grant: 'client_credentials',
        tokenEndpoint: 'https://id.example.test/token',
        clientId: 'svc',
        origins: [],
      }),
      true,
    );
    assert.equal(await run('oauth2GetToken', { env: 'dev', name: 'sso' }), false);
    assert.equal(await run('oauth2ForgetTokens', { env: 'dev', name: 'sso' }), true);
  });

  test('a hand-broken file is reported at its position and never overwritten', async () => {
    const broken =
      '{\n  "version": 1,\n  "environments": {\n    "dev": { "variables": {} }\n    "x": {}\n  }\n}\n';
    fs.writeFileSync(envFile(), broken);
    const diagnostics = await waitFor(
      () => {
        const found = vscode.languages
          .getDiagnostics(vscode.Uri.file(envFile()))
          .filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
        return found.length > 0 ? found : undefined;
      },
      30_000,
      'a diagnostic on token-warden.json',
    );
    assert.equal(diagnostics[0].range.start.line, 4);
    assert.match(diagnostics[0].message, /comma expected/);

    assert.equal(await run('addVariable', 'dev', 'late', 'value'), false);
    assert.equal(fs.readFileSync(envFile(), 'utf8'), broken);
  });

  test('no secret value reached the log', async () => {
    const log = await waitFor(
      () => {
        const text = readExtensionLog();
        return text.includes('[environments] imported from') ? text : undefined;
      },
      30_000,
      'environment lines in the log',
    );
    for (const value of canaries) assert.ok(!log.includes(value), 'a canary value is in the log');
  });

  test('in a browser workbench, secret storage is reported as not persistent', async function () {
    if (vscode.env.uiKind !== vscode.UIKind.Web) this.skip();
    await waitFor(
      () => readExtensionLog().includes('secret storage check: not persistent (uiKind=web'),
      30_000,
      'the secret storage check in the log',
    );
  });
});
