import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { EnvironmentStore, EnvironmentsFileError } from '../../../src/core/environments/environmentStore';
import { nodeFileAccess } from '../../../src/core/environments/fileAccess';
import { secretKey, type Credential } from '../../../src/core/environments/model';
import { canary, mapSecretStore, withTempDir } from '../../support/environmentCanaries';

const WS = 'ws1';

async function setup(dir: string) {
  const secrets = mapSecretStore();
  const filePath = path.join(dir, '.vscode', 'token-warden.json');
  const store = new EnvironmentStore({ files: nodeFileAccess, secrets, workspaceId: WS, filePath });
  const text = () => readFile(filePath, 'utf8');
  const key = (env: string, cred: string, field: string) => secretKey(WS, env, cred, field);
  return { store, secrets, filePath, text, key };
}

test('add, rename, duplicate and delete environments, moving secrets along', () =>
  withTempDir(async (dir) => {
    const { store, secrets, text, key } = await setup(dir);
    const password = canary('pw', 1);
    await store.addEnvironment('dev');
    await store.setVariable('dev', 'baseUrl', 'https://dev.example.test');
    await store.setCredential('dev', 'db', { type: 'basic', username: 'app', origins: [] }, { password });
    await store.setDefaultEnvironment('dev');

    await store.renameEnvironment('dev', 'development');
    let loaded = await store.load();
    assert.deepEqual(Object.keys(loaded.file.environments), ['development']);
    assert.equal(loaded.file.defaultEnvironment, 'development');
    assert.equal(secrets.map.get(key('development', 'db', 'password')), password);
    assert.equal(secrets.map.has(key('dev', 'db', 'password')), false);

    await store.duplicateEnvironment('development', 'staging');
    loaded = await store.load();
    assert.deepEqual(loaded.file.environments.staging, loaded.file.environments.development);
    assert.equal(secrets.map.get(key('staging', 'db', 'password')), password);

    await store.deleteEnvironment('development');
    loaded = await store.load();
    assert.deepEqual(Object.keys(loaded.file.environments), ['staging']);
    assert.equal(loaded.file.defaultEnvironment, undefined);
    assert.equal(secrets.map.has(key('development', 'db', 'password')), false);
    assert.equal(secrets.map.get(key('staging', 'db', 'password')), password);
    assert.ok(!(await text()).includes(password), 'the secret never reaches the file');
  }));

test('variables: add, edit, rename, duplicate to another environment, delete', () =>
  withTempDir(async (dir) => {
    const { store } = await setup(dir);
    await store.addEnvironment('dev');
    await store.addEnvironment('prod');
    await store.setVariable('dev', 'baseUrl', 'https://a.example.test');
    await store.setVariable('dev', 'baseUrl', 'https://b.example.test');
    await store.renameVariable('dev', 'baseUrl', 'apiUrl');
    await store.duplicateVariable('dev', 'apiUrl', 'prod');
    let { file } = await store.load();
    assert.deepEqual(file.environments.dev.variables, { apiUrl: 'https://b.example.test' });
    assert.deepEqual(file.environments.prod.variables, { apiUrl: 'https://b.example.test' });

    await store.deleteVariable('dev', 'apiUrl');
    ({ file } = await store.load());
    assert.deepEqual(file.environments.dev.variables, {});
    await assert.rejects(store.deleteVariable('dev', 'apiUrl'), /no variable "apiUrl"/);
    await assert.rejects(store.setVariable('dev', 'not valid', 'x'), /not a valid variable name/);
  }));

test('credentials: edit, rename, duplicate-to and delete move or copy their secrets', () =>
  withTempDir(async (dir) => {
    const { store, secrets, key, text } = await setup(dir);
    const token = canary('tok', 2);
    const clientSecret = canary('cs', 3);
    await store.addEnvironment('dev');
    await store.addEnvironment('prod');
    await store.setCredential(
      'dev',
      'api',
      { type: 'bearer', origins: ['https://api.example.test'] },
      { token },
    );
    await store.setCredential(
      'dev',
      'sso',
      {
        type: 'oauth2',
        grant: 'client_credentials',
        tokenEndpoint: 'https://id.example.test/token',
        clientId: 'c',
        origins: [],
      },
      { clientSecret },
    );
    await store.storeTokenSet('dev', 'sso', { accessToken: canary('at', 4), expiresAt: 1 });

    await store.renameCredential('dev', 'sso', 'login');
    assert.equal(secrets.map.get(key('dev', 'login', 'clientSecret')), clientSecret);
    assert.equal(
      (await store.getTokenSet('dev', 'login'))?.accessToken,
      canary('at', 4),
      'tokens move with a rename',
    );
    assert.ok(![...secrets.map.keys()].some((k) => k.includes('/sso/')));

    await store.duplicateCredential('dev', 'login', 'prod');
    assert.equal(secrets.map.get(key('prod', 'login', 'clientSecret')), clientSecret);
    assert.equal(await store.getTokenSet('prod', 'login'), undefined, 'obtained tokens are not copied');

    // Changing the type drops the secret the new type does not have.
    await store.setCredential(
      'dev',
      'api',
      { type: 'apiKey', in: 'header', name: 'X-Key', origins: [] },
      { value: token },
    );
    assert.equal(secrets.map.has(key('dev', 'api', 'token')), false);
    assert.equal(
      await store.resolveVariable((await store.load()).file.environments.dev, 'dev', 'api'),
      token,
    );

    await store.deleteCredential('dev', 'login');
    assert.ok(![...secrets.map.keys()].some((k) => k.includes('/dev/login/')));
    const fileText = await text();
    assert.ok(!fileText.includes(token) && !fileText.includes(clientSecret));
  }));

test('a name is either a variable or a credential in one environment', () =>
  withTempDir(async (dir) => {
    const { store } = await setup(dir);
    await store.setVariable('dev', 'shared', 'x');
    await assert.rejects(
      store.setCredential('dev', 'shared', { type: 'secret', origins: [] }),
      /already a variable/,
    );
    await store.setCredential('dev', 'key', { type: 'secret', origins: [] }, { value: 'v'.repeat(8) });
    await assert.rejects(store.renameVariable('dev', 'shared', 'key'), /already exists/);
  }));

test('storeSecretValue creates the environment and a secret credential on first use', () =>
  withTempDir(async (dir) => {
    const { store, secrets, key, text } = await setup(dir);
    const value = canary('gh', 5);
    await store.storeSecretValue('default', 'GITHUB_TOKEN', value);
    const { file } = await store.load();
    assert.deepEqual(file.environments.default.credentials.GITHUB_TOKEN, { type: 'secret', origins: [] });
    assert.equal(secrets.map.get(key('default', 'GITHUB_TOKEN', 'value')), value);
    assert.ok(!(await text()).includes(value));

    // Storing again into an existing bearer credential uses its own field.
    await store.setCredential('default', 'API', { type: 'bearer', origins: [] });
    await store.storeSecretValue('default', 'API', value, 'secret');
    assert.equal(secrets.map.get(key('default', 'API', 'token')), value);
  }));

test('resolveVariable gives variables, primary secrets, credential fields and cached access tokens', () =>
  withTempDir(async (dir) => {
    const { store } = await setup(dir);
    const password = canary('p', 6);
    const access = canary('a', 7);
    await store.setVariable('dev', 'baseUrl', 'https://dev.example.test');
    await store.setCredential('dev', 'db', { type: 'basic', username: 'app', origins: [] }, { password });
    await store.setCredential('dev', 'sso', {
      type: 'oauth2',
      grant: 'device_code',
      issuer: 'https://id.example.test',
      clientId: 'cli',
      origins: [],
    });
    await store.storeTokenSet('dev', 'sso', { accessToken: access, refreshToken: canary('r', 8) });
    const env = (await store.load()).file.environments.dev;
    assert.equal(await store.resolveVariable(env, 'dev', 'baseUrl'), 'https://dev.example.test');
    assert.equal(await store.resolveVariable(env, 'dev', 'db'), password);
    assert.equal(await store.resolveVariable(env, 'dev', 'db.username'), 'app');
    assert.equal(await store.resolveVariable(env, 'dev', 'sso'), access);
    assert.equal(await store.resolveVariable(env, 'dev', 'sso.clientId'), 'cli');
    assert.equal(await store.resolveVariable(env, 'dev', 'missing'), undefined);
    assert.equal(await store.resolveVariable(env, 'dev', 'toString'), undefined);
    assert.deepEqual(store.listSecretNames(env), ['db', 'sso']);
    assert.deepEqual(await store.secretValues(env, 'dev'), { db: password, sso: access });

    await store.forgetTokens('dev', 'sso');
    assert.equal(await store.resolveVariable(env, 'dev', 'sso'), undefined);
    assert.equal(await store.getTokenSet('dev', 'sso'), undefined);
  }));

test('a file with errors is never written, and the refusal says where the error is', () =>
  withTempDir(async (dir) => {
    const { store, secrets, filePath } = await setup(dir);
    const broken =
      '{\n  "version": 1,\n  "environments": {\n' +
      '    "dev": { "variables": { "a": "1" } }\n    "prod": {}\n  }\n}\n';
    await mkdir(path.dirname(filePath), { recursive: true });
    await writeFile(filePath, broken);
    const value = canary('never', 9);

    for (const attempt of [
      () => store.setVariable('dev', 'b', '2'),
      () => store.addEnvironment('qa'),
      () => store.storeSecretValue('dev', 'NEW', value),
      () => store.deleteEnvironment('dev'),
    ]) {
      await assert.rejects(attempt(), (err: unknown) => {
        assert.ok(err instanceof EnvironmentsFileError);
        assert.match(err.message, /5:5 JSON syntax: comma expected/);
        return true;
      });
    }
    assert.equal(await readFile(filePath, 'utf8'), broken);
    assert.equal(secrets.map.size, 0);
  }));

test("edits keep the user's comments in the file", () =>
  withTempDir(async (dir) => {
    const { store, filePath, text } = await setup(dir);
    await mkdir(path.dirname(filePath), { recursive: true });
    await writeFile(
      filePath,
      '{\n  // Team environments: ask #platform before changing prod.\n  "version": 1,\n' +
        '  "environments": {\n' +
        '    "prod": { "variables": { "baseUrl": "https://api.example.test" /* live */ }, ' +
        '"credentials": {} }\n  }\n}\n',
    );
    await store.setVariable('prod', 'timeout', '30');
    await store.addEnvironment('dev');
    await store.renameVariable('prod', 'timeout', 'timeoutSeconds');
    const after = await text();
    assert.ok(after.includes('// Team environments: ask #platform before changing prod.'));
    assert.ok(after.includes('/* live */'));
    assert.deepEqual((await store.load()).file.environments.prod.variables, {
      baseUrl: 'https://api.example.test',
      timeoutSeconds: '30',
    });
  }));

test('a failed file write loses no secret: copies are rolled back, originals kept', () =>
  withTempDir(async (dir) => {
    const secrets = mapSecretStore();
    const filePath = path.join(dir, 'token-warden.json');
    let failWrites = false;
    const files = {
      readText: nodeFileAccess.readText,
      writeTextAtomic: async (f: string, t: string) => {
        if (failWrites) throw new Error('disk full');
        await nodeFileAccess.writeTextAtomic(f, t);
      },
    };
    const store = new EnvironmentStore({ files, secrets, workspaceId: WS, filePath });
    const token = canary('t', 10);
    await store.setCredential('dev', 'api', { type: 'bearer', origins: [] }, { token });
    failWrites = true;
    await assert.rejects(store.renameCredential('dev', 'api', 'api2'), /disk full/);
    assert.deepEqual([...secrets.map.entries()], [[secretKey(WS, 'dev', 'api', 'token'), token]]);
  }));

test('importEnvironment writes once and skips names used by the other kind', () =>
  withTempDir(async (dir) => {
    const { store, secrets, key } = await setup(dir);
    await store.setVariable('dev', 'TOKEN', 'x');
    const token = canary('imp', 11);
    const result = await store.importEnvironment('dev', {
      variables: { HOST: 'localhost' },
      credentials: {
        TOKEN: { credential: { type: 'secret', origins: [] }, secrets: { value: token } },
        API_KEY: { credential: { type: 'secret', origins: [] }, secrets: { value: token } },
      },
    });
    assert.deepEqual(result, {
      variables: 1,
      credentials: 1,
      skipped: [{ name: 'TOKEN', reason: 'already a variable' }],
    });
    assert.equal(secrets.map.get(key('dev', 'API_KEY', 'value')), token);
    assert.equal(secrets.map.has(key('dev', 'TOKEN', 'value')), false);
  }));

test('a new file is written in a stable layout: version, defaultEnvironment, then environments', async () => {
  const build = () =>
    withTempDir(async (dir) => {
      const { store, text } = await setup(dir);
      await store.addEnvironment('dev');
      await store.setVariable('dev', 'baseUrl', 'https://dev.example.test');
      await store.setDefaultEnvironment('dev');
      return text();
    });
  const first = await build();
  assert.deepEqual(Object.keys(JSON.parse(first)), ['version', 'defaultEnvironment', 'environments']);
  assert.ok(first.startsWith('{\n  "version": 1,\n') && first.endsWith('}\n'));
  assert.equal(await build(), first);
});

test("a failed copy onto an existing credential restores that credential's own secret", () =>
  withTempDir(async (dir) => {
    const secrets = mapSecretStore();
    const filePath = path.join(dir, 'token-warden.json');
    let failWrites = false;
    const files = {
      readText: nodeFileAccess.readText,
      writeTextAtomic: async (f: string, t: string) => {
        if (failWrites) throw new Error('disk full');
        await nodeFileAccess.writeTextAtomic(f, t);
      },
    };
    const store = new EnvironmentStore({ files, secrets, workspaceId: WS, filePath });
    const devToken = canary('dev', 12);
    const prodToken = canary('prod', 13);
    await store.setCredential('dev', 'api', { type: 'bearer', origins: [] }, { token: devToken });
    await store.setCredential(
      'prod',
      'api',
      { type: 'bearer', origins: ['https://api.example.test'] },
      {
        token: prodToken,
      },
    );
    failWrites = true;
    await assert.rejects(store.duplicateCredential('dev', 'api', 'prod'), /disk full/);
    assert.equal(secrets.map.get(secretKey(WS, 'prod', 'api', 'token')), prodToken);
    assert.equal(secrets.map.get(secretKey(WS, 'dev', 'api', 'token')), devToken);
  }));

test('a change that would make the file invalid is refused and nothing is written', () =>
  withTempDir(async (dir) => {
    const { store, secrets, filePath } = await setup(dir);
    await store.addEnvironment('dev');
    const before = await readFile(filePath, 'utf8');
    const bad = { type: 'apiKey', in: 'cookie', name: 'k', origins: [] } as unknown as Credential;
    await assert.rejects(
      store.setCredential('dev', 'api', bad, { value: canary('bad', 14) }),
      /would make token-warden.json invalid \(credential "api": "in" must be "header" or "query"\)/,
    );
    assert.equal(await readFile(filePath, 'utf8'), before);
    assert.equal(secrets.map.size, 0);
  }));
