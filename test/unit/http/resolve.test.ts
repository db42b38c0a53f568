import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Credential } from '../../../src/core/environments/model';
import { parseHttpFile } from '../../../src/core/http/parser';
import {
  findUnknownReferences,
  resolveRequest,
  type NamedExchange,
  type ResolveOptions,
  type VariableEnvironment,
} from '../../../src/core/http/resolve';

/** A fake environment; secret values are built at test time. */
function env(
  variables: Record<string, string>,
  credentials: Record<string, { credential: Credential; secrets: Record<string, string> }> = {},
): VariableEnvironment {
  return {
    name: 'dev',
    variableNames: () => Object.keys(variables),
    credentialNames: () => Object.keys(credentials),
    variable: (n) => variables[n],
    credential: async (n) => (credentials[n] ? { name: n, ...credentials[n] } : undefined),
  };
}

async function resolveFirst(text: string, options: ResolveOptions = {}) {
  const file = parseHttpFile(text);
  return resolveRequest(file, file.requests[0], options);
}

async function urlOf(text: string, options: ResolveOptions = {}): Promise<string> {
  const result = await resolveFirst(text, options);
  if (!result.ok) assert.fail(result.errors.map((e) => e.message).join('; '));
  return result.request.url;
}

const canary = () => `canary-${Math.random().toString(36).slice(2)}-${Date.now()}`;

test('precedence: request variables > file variables > environment', async () => {
  const text = '@who = file\nGET https://a.test/{{who}}';
  const environment = env({ who: 'env' });
  assert.equal(await urlOf(text, { environment }), 'https://a.test/file');
  assert.equal(
    await urlOf(text, { environment, requestVariables: { who: 'request' } }),
    'https://a.test/request',
  );
  assert.equal(await urlOf('GET https://a.test/{{who}}', { environment }), 'https://a.test/env');
});

test('file variables may reference other file variables and the environment', async () => {
  const text = '@api = {{base}}/v{{version}}\n@version = 2\nGET {{api}}/users';
  assert.equal(
    await urlOf(text, { environment: env({ base: 'https://a.test' }) }),
    'https://a.test/v2/users',
  );
});

test('the last definition of a file variable wins', async () => {
  assert.equal(await urlOf('@x = 1\n@x = 2\nGET https://a.test/{{x}}'), 'https://a.test/2');
});

test('cycles between file variables are reported with the path, not sent', async () => {
  const result = await resolveFirst('@a = {{b}}\n@b = x{{a}}\nGET https://a.test/{{a}}');
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.errors[0].kind, 'cycle');
  assert.match(result.errors[0].message, /a -> b -> a/);
});

test('unknown variables: one error listing all of them, nothing resolved', async () => {
  const result = await resolveFirst('GET https://a.test/{{one}}\nX-A: {{two}}\n\n{"b": "{{one}}{{three}}"}');
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.errors[0].kind, 'unknown');
  assert.deepEqual(result.errors[0].names, ['one', 'two', 'three']);
  assert.match(result.errors[0].message, /one, two, three/);
});

test('credentials resolve to their secret and are tracked as secrets', async () => {
  const token = canary();
  const environment = env(
    {},
    { API_TOKEN: { credential: { type: 'bearer', origins: [] }, secrets: { token } } },
  );
  const result = await resolveFirst('GET https://a.test/\nAuthorization: Bearer {{API_TOKEN}}', {
    environment,
  });
  assert.ok(result.ok);
  assert.deepEqual(result.request.headers, [['Authorization', `Bearer ${token}`]]);
  assert.ok(result.request.secrets.includes(token));
  assert.deepEqual(
    result.request.credentials.map((c) => c.name),
    ['API_TOKEN'],
  );
});

test('a credential without a value is an error naming it, not its value', async () => {
  const environment = env({}, { KEY: { credential: { type: 'secret', origins: [] }, secrets: {} } });
  const result = await resolveFirst('GET https://a.test/?k={{KEY}}', { environment });
  assert.equal(result.ok, false);
  if (!result.ok)
    assert.match(result.errors[0].message, /Credential "KEY" has no value in environment "dev"/);
});

test('@auth names a credential; an unknown one is an error', async () => {
  const password = canary();
  const environment = env(
    {},
    { SVC: { credential: { type: 'basic', username: 'u', origins: [] }, secrets: { password } } },
  );
  const ok = await resolveFirst('# @auth SVC\nGET https://a.test/', { environment });
  assert.ok(ok.ok);
  assert.equal(ok.request.auth?.name, 'SVC');
  assert.ok(ok.request.secrets.includes(password));
  const bad = await resolveFirst('# @auth NOPE\nGET https://a.test/', { environment });
  assert.equal(bad.ok, false);
  if (!bad.ok) assert.match(bad.errors[0].message, /@auth NOPE/);
});

test('$guid gives a fresh UUID per reference', async () => {
  const url = await urlOf('GET https://a.test/{{$guid}}/{{$guid}}');
  const [a, b] = url.split('/').slice(-2);
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(a, b);
});

test('$timestamp with and without an offset', async () => {
  const now = () => new Date(Date.UTC(2026, 0, 2, 0, 0, 0));
  const url = await urlOf('GET https://a.test/?t={{$timestamp}}&y={{$timestamp -1 d}}&h={{$timestamp 2 h}}', {
    system: { now },
  });
  const q = new URL(url).searchParams;
  const base = Date.UTC(2026, 0, 2) / 1000;
  assert.deepEqual(
    [q.get('t'), q.get('y'), q.get('h')],
    [String(base), String(base - 86400), String(base + 7200)],
  );
});

test('$datetime iso8601 and rfc1123 with an optional offset; other formats are errors', async () => {
  const now = () => new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
  const url = await urlOf('GET https://a.test/?a={{$datetime iso8601}}&b={{$datetime rfc1123 1 y}}', {
    system: { now },
  });
  const q = new URL(url).searchParams;
  assert.equal(q.get('a'), '2026-01-02T03:04:05.000Z');
  assert.equal(q.get('b'), 'Sat, 02 Jan 2027 03:04:05 GMT');
  const bad = await resolveFirst('GET https://a.test/{{$datetime "YYYY"}}');
  assert.equal(bad.ok, false);
});

test('$randomInt stays in [min, max) and rejects bad bounds', async () => {
  const low = await urlOf('GET https://a.test/{{$randomInt 5 10}}', { system: { random: () => 0 } });
  const high = await urlOf('GET https://a.test/{{$randomInt 5 10}}', { system: { random: () => 0.9999 } });
  assert.deepEqual([low.split('/').pop(), high.split('/').pop()], ['5', '9']);
  assert.equal((await resolveFirst('GET https://a.test/{{$randomInt 10 5}}')).ok, false);
});

test('$processEnv reads the process environment and marks the value secret', async () => {
  const value = canary();
  const result = await resolveFirst('GET https://a.test/\nX-K: {{$processEnv MY_KEY}}', {
    system: { processEnv: { MY_KEY: value } },
  });
  assert.ok(result.ok);
  assert.deepEqual(result.request.headers, [['X-K', value]]);
  assert.ok(result.request.secrets.includes(value));
  const missing = await resolveFirst('GET https://a.test/{{$processEnv NOT_SET}}', {
    system: { processEnv: {} },
  });
  assert.equal(missing.ok, false);
});

test('$dotenv reads the .env next to the .http file', async () => {
  const value = canary();
  const reads: string[] = [];
  const files = {
    readFile: async (p: string) => {
      reads.push(p);
      if (p === '/proj/api/.env') return Buffer.from(`# comment\nDOT_KEY="${value}"\n`);
      throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    },
  };
  const result = await resolveFirst('GET https://a.test/?k={{$dotenv DOT_KEY}}', {
    httpFilePath: '/proj/api/req.http',
    files,
  });
  assert.ok(result.ok);
  assert.equal(new URL(result.request.url).searchParams.get('k'), value);
  assert.ok(result.request.secrets.includes(value));
  assert.deepEqual(reads, ['/proj/api/.env']);
  const unknown = await resolveFirst('GET https://a.test/{{$dotenv OTHER}}', {
    httpFilePath: '/proj/api/req.http',
    files,
  });
  assert.equal(unknown.ok, false);
});

test('unknown system variables are errors', async () => {
  const result = await resolveFirst('GET https://a.test/{{$nope}}');
  assert.equal(result.ok, false);
  if (!result.ok) assert.match(result.errors[0].message, /\$nope/);
});

test('body includes are read relative to the .http file; <@ substitutes variables', async () => {
  const files = {
    readFile: async (p: string) => Buffer.from(p.endsWith('raw.txt') ? 'raw {{x}}' : 'sub {{x}}'),
  };
  const text = '@x = 42\nPOST https://a.test/\n\nhead\n< ./raw.txt\n<@ ./sub.txt';
  const result = await resolveFirst(text, { httpFilePath: '/p/r.http', files });
  assert.ok(result.ok);
  assert.equal(Buffer.from(result.request.body!).toString(), 'head\nraw {{x}}\nsub 42');
  const missing = await resolveFirst('POST https://a.test/\n\n< ./gone.json', {
    httpFilePath: '/p/r.http',
    files: { readFile: async () => Promise.reject(Object.assign(new Error('x'), { code: 'ENOENT' })) },
  });
  assert.equal(missing.ok, false);
  if (!missing.ok) assert.match(missing.errors[0].message, /gone\.json.*no such file/);
});

test('chained values from an earlier named response', async () => {
  const responses = new Map<string, NamedExchange>([
    [
      'login',
      {
        request: { headers: [] },
        response: { headers: [['x-id', '7']], body: '{"data":{"token":"t-1","ids":[3,4]}}' },
      },
    ],
  ]);
  const url = await urlOf(
    'GET https://a.test/{{login.response.body.$.data.ids[1]}}' +
      '?h={{login.response.headers.X-Id}}&t={{login.response.body.$.data.token}}',
    { responses },
  );
  assert.equal(url, 'https://a.test/4?h=7&t=t-1');
});

test('a URL without a scheme gets http://; a syntax error is reported, not resolved', async () => {
  assert.equal(await urlOf('GET a.test/x'), 'http://a.test/x');
  const result = await resolveFirst('GET https://a.test/\nnot a header');
  assert.equal(result.ok, false);
  if (!result.ok) assert.equal(result.errors[0].kind, 'syntax');
});

test('findUnknownReferences flags only names nothing can resolve', () => {
  const file = parseHttpFile(
    '@a = {{b}}\n# @name login\nGET {{base}}/{{a}}/{{$guid}}/{{login.response.body.$.x}}/{{nope}}',
  );
  const unknown = findUnknownReferences(file, env({ base: 'https://a.test' }));
  assert.deepEqual(
    unknown.map((r) => [r.name, r.line]),
    [
      ['b', 0],
      ['nope', 2],
    ],
  );
});

test('CRED.field reads a plain credential field or a secret one', async () => {
  const password = canary();
  const environment = env(
    {},
    { SVC: { credential: { type: 'basic', username: 'svc-user', origins: [] }, secrets: { password } } },
  );
  const result = await resolveFirst('GET https://a.test/{{SVC.username}}\nX-P: {{SVC.password}}', {
    environment,
  });
  assert.ok(result.ok);
  assert.equal(result.request.url, 'https://a.test/svc-user');
  assert.deepEqual(result.request.headers, [['X-P', password]]);
  assert.ok(result.request.secrets.includes(password));
  const missing = await resolveFirst('GET https://a.test/{{SVC.nothing}}', { environment });
  assert.equal(missing.ok, false);
});

test('JetBrains spellings: $uuid, $isoTimestamp, $randomInt without bounds', async () => {
  const now = () => new Date(Date.UTC(2026, 5, 1));
  const url = await urlOf('GET https://a.test/{{$uuid}}?t={{$isoTimestamp}}&r={{$randomInt}}', {
    system: { now, random: () => 0.5, uuid: () => 'u-1' },
  });
  assert.equal(url, 'https://a.test/u-1?t=2026-06-01T00:00:00.000Z&r=500');
});

test('prompt variables are known to diagnostics and resolve from request variables', async () => {
  const text = '# @prompt otp\nGET https://a.test/?otp={{otp}}';
  assert.deepEqual(findUnknownReferences(parseHttpFile(text)), []);
  assert.equal(await urlOf(text, { requestVariables: { otp: '123456' } }), 'https://a.test/?otp=123456');
  assert.equal((await resolveFirst(text)).ok, false, 'without an answer the request is not resolved');
});

test('a path-only URL takes its host from the Host header', async () => {
  assert.equal(await urlOf('GET /api/users\nHost: example.test'), 'http://example.test/api/users');
  assert.equal(await urlOf('GET /x\nHost: example.test:443'), 'https://example.test/x');
  const missing = await resolveFirst('GET /api/users');
  assert.equal(missing.ok, false);
  if (!missing.ok) assert.match(missing.errors[0].message, /needs a Host header/);
});

test('a variable that puts a line break into a header is refused', async () => {
  const result = await resolveFirst('GET https://a.test/\nX-A: {{v}}', {
    requestVariables: { v: 'a\r\nX-Evil: 1' },
  });
  assert.equal(result.ok, false);
  if (!result.ok) assert.match(result.errors[0].message, /header "X-A" contains a line break/);
});

test('a file variable with a "{{" that is never closed is refused, not sent literally', async () => {
  const result = await resolveFirst('@q = {{term\nGET https://a.test/?q={{q}}');
  if (result.ok) assert.fail(`sent ${result.request.url}`);
  assert.deepEqual(
    result.errors.map((e) => [e.kind, e.line, e.message]),
    [['syntax', 0, 'A "{{" is not closed with "}}" in @q.']],
  );
});
