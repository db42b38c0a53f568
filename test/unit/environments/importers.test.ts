import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  planFromDotenv,
  planFromHttpClientEnv,
  planFromRestClient,
} from '../../../src/core/environments/importers';
import { canary, fakeJwt, seededSecret } from '../../support/environmentCanaries';

test('.env: secret-looking names and random-looking values become credentials, the rest variables', () => {
  const dbPassword = canary('db', 1);
  const random = seededSecret(77, 40);
  const jwt = fakeJwt(3);
  const text = [
    '# local settings',
    'BASE_URL=https://api.example.test',
    'DB_USER=app',
    `DB_PASSWORD="${dbPassword}"`,
    `SIGNING_MATERIAL=${random}`,
    `SESSION=${jwt}`,
    'TOKEN_URL=https://id.example.test/token',
    'REQUEST_ID=123e4567-e89b-12d3-a456-426614174000',
    'EMPTY_SECRET=',
  ].join('\n');
  const plan = planFromDotenv(text, 'dev');
  const dev = plan.environments.dev;
  assert.deepEqual(Object.keys(dev.variables).sort(), [
    'BASE_URL',
    'DB_USER',
    'EMPTY_SECRET',
    'REQUEST_ID',
    'TOKEN_URL',
  ]);
  assert.deepEqual(dev.credentials.DB_PASSWORD, {
    credential: { type: 'basic', username: 'app', origins: [] },
    secrets: { password: dbPassword },
  });
  assert.deepEqual(dev.credentials.SIGNING_MATERIAL.secrets, { value: random });
  assert.equal(dev.credentials.SIGNING_MATERIAL.credential.type, 'secret');
  assert.equal(dev.credentials.SESSION.credential.type, 'bearer');
  assert.deepEqual(plan.plaintext.map((s) => s.name).sort(), ['DB_PASSWORD', 'SESSION', 'SIGNING_MATERIAL']);
});

test('REST Client settings: $shared goes into every environment and the environment wins', () => {
  const key = canary('rk', 2);
  const plan = planFromRestClient({
    $shared: { version: 'v1', apiKey: key },
    local: { host: 'localhost:8080', version: 'v2' },
    production: { host: 'api.example.test', 'bad name': 'x', nested: { no: 1 } },
  });
  assert.deepEqual(plan.environments.local.variables, { version: 'v2', host: 'localhost:8080' });
  assert.deepEqual(plan.environments.production.variables, { version: 'v1', host: 'api.example.test' });
  assert.deepEqual(plan.environments.local.credentials.apiKey.secrets, { value: key });
  assert.deepEqual(plan.plaintext, [{ source: 'settings', sourceEnv: '$shared', name: 'apiKey' }]);
  assert.deepEqual(plan.skipped.map((s) => s.name).sort(), ['bad name', 'nested']);
});

test('http-client env: private values win over public ones for the same name', () => {
  const publicValue = canary('pub', 3);
  const privateValue = canary('priv', 4);
  const publicText = JSON.stringify({
    dev: { host: 'https://dev.example.test', password: publicValue, port: 8080 },
    prod: { host: 'https://api.example.test' },
  });
  const privateText = JSON.stringify({ dev: { password: privateValue, host: 'https://localhost:8443' } });
  const plan = planFromHttpClientEnv(publicText, privateText);
  assert.equal(plan.environments.dev.variables.host, 'https://localhost:8443');
  assert.equal(plan.environments.dev.variables.port, '8080');
  assert.deepEqual(plan.environments.dev.credentials.password.secrets, { value: privateValue });
  assert.equal(plan.environments.prod.variables.host, 'https://api.example.test');
  // Both plaintext copies of the secret are known, so both can be removed.
  assert.deepEqual(plan.plaintext.map((s) => `${s.source}:${s.sourceEnv}:${s.name}`).sort(), [
    'private:dev:password',
    'public:dev:password',
  ]);
});

test('http-client env: an environment value beats $shared, private or not', () => {
  const plan = planFromHttpClientEnv(
    JSON.stringify({ $shared: { region: 'eu' }, dev: { region: 'us' } }),
    JSON.stringify({ $shared: { region: 'ap' } }),
  );
  assert.equal(plan.environments.dev.variables.region, 'us');
  const onlyShared = planFromHttpClientEnv(
    JSON.stringify({ $shared: { region: 'eu' }, dev: {} }),
    JSON.stringify({ $shared: { region: 'ap' } }),
  );
  assert.equal(onlyShared.environments.dev.variables.region, 'ap');
});

test('http-client env: private values are secrets unless they describe a place or are plain numbers', () => {
  const plain = 'short';
  const plan = planFromHttpClientEnv(
    JSON.stringify({ dev: {} }),
    JSON.stringify({
      dev: {
        clientKey: plain,
        apiHost: 'localhost',
        callback: 'https://localhost:3000/cb',
        retries: 3,
        debug: true,
      },
    }),
  );
  const dev = plan.environments.dev;
  assert.deepEqual(Object.keys(dev.credentials), ['clientKey']);
  assert.deepEqual(dev.variables, {
    apiHost: 'localhost',
    callback: 'https://localhost:3000/cb',
    retries: '3',
    debug: 'true',
  });
  // The same short value in the public file is not secret by shape, and "clientKey" is secret by name.
  const pub = planFromHttpClientEnv(JSON.stringify({ dev: { label: plain, clientKey: plain } }), undefined);
  assert.deepEqual(pub.environments.dev.variables, { label: plain });
  assert.deepEqual(Object.keys(pub.environments.dev.credentials), ['clientKey']);
});

test('http-client env: an OAuth2 Security block becomes an oauth2 credential with its client secret', () => {
  const clientSecret = canary('oc', 5);
  const plan = planFromHttpClientEnv(
    JSON.stringify({
      dev: {
        Security: {
          Auth: {
            'my-sso': {
              Type: 'OAuth2',
              'Grant Type': 'Client Credentials',
              'Token URL': 'https://id.example.test/token',
              'Client ID': 'svc',
              Scope: 'read write',
            },
            implicit: { Type: 'OAuth2', 'Grant Type': 'Implicit', 'Token URL': 'https://x.example.test' },
          },
        },
      },
    }),
    JSON.stringify({ dev: { Security: { Auth: { 'my-sso': { 'Client Secret': clientSecret } } } } }),
  );
  assert.deepEqual(plan.environments.dev.credentials['my-sso'], {
    credential: {
      type: 'oauth2',
      grant: 'client_credentials',
      clientId: 'svc',
      origins: [],
      tokenEndpoint: 'https://id.example.test/token',
      scopes: ['read', 'write'],
    },
    secrets: { clientSecret },
  });
  assert.ok(plan.skipped.some((s) => s.name === 'implicit' && /Implicit/.test(s.reason)));
  assert.deepEqual(plan.plaintext, [
    {
      source: 'private',
      sourceEnv: 'dev',
      name: 'my-sso',
      path: ['dev', 'Security', 'Auth', 'my-sso', 'Client Secret'],
    },
  ]);
});

test('http-client env: syntax errors are reported with positions and nothing is planned', () => {
  const plan = planFromHttpClientEnv('{\n  "dev": { "a": 1 \n}', undefined);
  assert.deepEqual(plan.environments, {});
  assert.match(plan.errors[0], /^http-client\.env\.json 3:\d+ /);
});

test('.env with a quote that is never closed: nothing is imported, the error has a position', () => {
  const secret = canary('half', 9);
  const plan = planFromDotenv(`HOST=localhost\nAPI_TOKEN="${secret}\nPORT=8080\n`, 'dev');
  assert.deepEqual(plan.environments, {});
  assert.deepEqual(plan.errors, ['.env 2:11 the value of API_TOKEN opens a quote that is never closed']);
  assert.ok(!plan.errors.join().includes(secret));
});
