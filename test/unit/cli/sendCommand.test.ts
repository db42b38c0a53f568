import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { startOidcServer } from '../../support/oidcServer';

// End to end: the real CLI in a child process against a loopback server in this process.
const repo = path.resolve(__dirname, '..', '..', '..');
let server: http.Server;
let origin: string;
const seen: { url: string; auth?: string }[] = [];
let dir: string;

before(async () => {
  server = http.createServer((req, res) => {
    seen.push({ url: req.url!, auth: req.headers.authorization });
    const status = req.url!.startsWith('/missing') ? 404 : 200;
    res.writeHead(status, { 'content-type': 'application/json', 'set-cookie': 'sid=abc; Path=/' });
    res.end(JSON.stringify({ path: req.url, sawAuthorization: req.headers.authorization ?? null }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-send-'));
});

after(() => {
  server.closeAllConnections();
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const canary = () => `canary-cli-${Math.random().toString(36).slice(2, 14)}`;

function project(name: string, httpText: string, environments?: unknown, dotenv?: string): string {
  const root = path.join(dir, name);
  fs.mkdirSync(path.join(root, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(root, 'api.http'), httpText);
  if (environments)
    fs.writeFileSync(path.join(root, '.vscode', 'token-warden.json'), JSON.stringify(environments));
  if (dotenv) fs.writeFileSync(path.join(root, '.env'), dotenv);
  return path.join(root, 'api.http');
}

function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(repo, 'src/cli/main.ts'), 'send', ...args],
      {
        cwd: repo,
        env: { ...process.env, ...env },
      },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

const bearerEnv = (origins: string[]) => ({
  version: 1,
  environments: {
    dev: { variables: { base: origin }, credentials: { API_TOKEN: { type: 'bearer', origins } } },
  },
});

test('sends with a credential from TOKEN_WARDEN_<ENV>_<NAME>; echoed secret masked; exit 0', async () => {
  const token = canary();
  const file = project('ok', '# @auth API_TOKEN\nGET {{base}}/hello', bearerEnv([origin]));
  const result = await cli([file, '--env', 'dev'], { TOKEN_WARDEN_DEV_API_TOKEN: token });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(seen[seen.length - 1].auth, `Bearer ${token}`);
  assert.match(result.stdout, /HTTP\/1\.1 200 OK/);
  assert.match(result.stdout, /"sawAuthorization": "Bearer can\*+"/);
  assert.ok(!result.stdout.includes(token) && !result.stderr.includes(token));
});

test('refuses a credential for an origin the environments file does not list: exit 1', async () => {
  const token = canary();
  const file = project(
    'refuse',
    '# @auth API_TOKEN\nGET {{base}}/hello',
    bearerEnv(['https://api.example.test']),
  );
  const before = seen.length;
  const result = await cli([file, '--env', 'dev'], { TOKEN_WARDEN_DEV_API_TOKEN: token });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /refused: credential "API_TOKEN" is not allowed for http:\/\/127\.0\.0\.1/);
  assert.equal(seen.length, before);
});

test('a non-2xx response exits 1', async () => {
  const file = project('notfound', `GET ${origin}/missing`);
  const result = await cli([file]);
  assert.equal(result.code, 1);
  assert.match(result.stdout, /404 Not Found/);
});

test('an unknown variable exits 2 and sends nothing', async () => {
  const file = project('unknown', `GET ${origin}/x?q={{NOT_DEFINED}}`);
  const before = seen.length;
  const result = await cli([file, '--env', 'dev']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /api\.http:1: unknown variable NOT_DEFINED .*TOKEN_WARDEN_DEV_NOT_DEFINED/);
  assert.equal(seen.length, before);
});

test('a parse error exits 2 with the line number', async () => {
  const file = project('syntax', `GET ${origin}/x\nnot a header line`);
  const result = await cli([file]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /api\.http:2: Expected a header/);
});

test('--request picks by name, --json prints one object each, .env values are masked', async () => {
  const key = canary();
  const file = project(
    'json',
    `# @name first\nGET ${origin}/one?k={{KEY}}\n\n### Second\nGET ${origin}/two\n\n` +
      `### third\nGET ${origin}/three`,
    undefined,
    `TOKEN_WARDEN_DEFAULT_KEY=${key}\n`,
  );
  const result = await cli([file, '--json', '--request', 'first', '--request', 'third']);
  assert.equal(result.code, 0, result.stderr);
  const objects = result.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    objects.map((o) => [o.request, o.status]),
    [
      ['first', 200],
      ['third', 200],
    ],
  );
  assert.equal(seen.find((s) => s.url.startsWith('/one'))?.url, `/one?k=${key}`);
  assert.ok(!result.stdout.includes(key), 'undeclared values are masked in output');
  assert.match(objects[0].url, /\/one\?k=can\*+$/);
});

test('usage errors exit 2; --help exits 0', async () => {
  assert.equal((await cli([])).code, 2);
  assert.equal((await cli(['--help'])).code, 0);
  assert.equal((await cli([path.join(dir, 'nope.http')])).code, 2);
});

test('--var answers a # @prompt; without it the request is not sent (exit 2)', async () => {
  const otp = canary();
  const file = project('prompt', `# @prompt otp\nGET ${origin}/otp?code={{otp}}`);
  const before = seen.length;
  const missing = await cli([file]);
  assert.equal(missing.code, 2);
  assert.equal(seen.length, before);
  const answered = await cli([file, '--var', `otp=${otp}`]);
  assert.equal(answered.code, 0, answered.stderr);
  assert.equal(seen[seen.length - 1].url, `/otp?code=${otp}`);
  assert.ok(!answered.stdout.includes(otp), 'values given with --var are masked');
});

test('OAuth2 client credentials: the CLI gets a token from the server and never prints it', async () => {
  const oidc = await startOidcServer();
  try {
    const environments = {
      version: 1,
      environments: {
        dev: {
          variables: { base: oidc.resourceUrl },
          credentials: {
            API: { type: 'oauth2', grant: 'client_credentials', issuer: oidc.issuer, clientId: 'cc-client',
              origins: [oidc.resourceUrl] },
          },
        },
      },
    };
    const file = project('oauth2', '# @auth API\nGET {{base}}/items', environments);
    const secretVar = 'TOKEN_WARDEN_DEV_API_CLIENT_SECRET';
    const result = await cli([file, '--env', 'dev'], { [secretVar]: oidc.clientSecret });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /HTTP\/1\.1 200 OK/);
    assert.equal(oidc.seenTokens.length, 1);
    assert.equal(oidc.hits.get('/token'), 1);
    const output = result.stdout + result.stderr;
    assert.ok(!output.includes(oidc.seenTokens[0]) && !output.includes(oidc.clientSecret));

    const refused = await cli([file, '--env', 'dev'], { [secretVar]: `${oidc.clientSecret}x` });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /invalid_client/);
    assert.ok(!refused.stderr.includes(oidc.clientSecret));
  } finally {
    await oidc.close();
  }
});
