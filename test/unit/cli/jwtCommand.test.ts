import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { base64url, epoch, makeHs256, randomSecret } from '../../support/jwtFactory';

// End to end: the real CLI in a child process, keys and tokens made fresh for this run.
const repo = path.resolve(__dirname, '..', '..', '..');
let dir: string;
let server: http.Server;
let origin = '';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', path.join(repo, 'src/cli/main.ts'), 'jwt', ...args],
      { cwd: repo, env: { ...process.env, ...options.env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
    child.stdin?.end(options.stdin ?? '');
  });
}

async function rs256(claims: object): Promise<string> {
  const { SignJWT } = await import('jose');
  return new SignJWT({ ...claims }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(rsa.privateKey);
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-jwt-'));
  fs.writeFileSync(path.join(dir, 'public.pem'), rsa.publicKey.export({ type: 'spki', format: 'pem' }));
  const { exportJWK } = await import('jose');
  const jwks = { keys: [{ ...(await exportJWK(rsa.publicKey)), kid: 'k1', alg: 'RS256' }] };
  fs.writeFileSync(path.join(dir, 'jwks.json'), JSON.stringify(jwks));
  server = http.createServer((req, res) => {
    res
      .writeHead(req.url === '/jwks' ? 200 : 404, { 'content-type': 'application/json' })
      .end(JSON.stringify(jwks));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('--json prints header, payload, status and warnings with codes', async () => {
  const now = Date.now();
  const token = makeHs256({ sub: 'cli-user', exp: epoch(now, -3600), iat: epoch(now, -7200) });
  const run = await cli([`Bearer ${token}`, '--json']);
  assert.equal(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout);
  assert.deepEqual(Object.keys(out).sort(), ['header', 'payload', 'status', 'warnings']);
  assert.deepEqual(out.header, { alg: 'HS256', typ: 'JWT' });
  assert.equal(out.payload.sub, 'cli-user');
  assert.equal(out.status, 'expired');
  assert.ok(
    out.warnings.some((w: { code: string; message: string }) => w.code === 'no-aud' && w.message.length > 0),
  );
});

test('reads the token from stdin for "-" and when no argument is given', async () => {
  const token = makeHs256({ sub: 'piped', nbf: epoch(Date.now(), 3600) });
  for (const args of [['-', '--json'], ['--json']]) {
    const run = await cli(args, { stdin: `"${token}"\n` });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).status, 'not-yet-valid');
  }
});

test('finds the token inside a piped JSON response', async () => {
  const token = makeHs256({ sub: 'from-body' });
  const run = await cli(['-', '--json'], {
    stdin: JSON.stringify({ access_token: token, token_type: 'Bearer' }),
  });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout).payload.sub, 'from-body');
});

test('exit code 2 and the broken part for input that is not a token', async () => {
  const [h, p] = makeHs256({ a: 1 }).split('.');
  const twoParts = await cli([`${h}.${p}`]);
  assert.equal(twoParts.code, 2);
  assert.match(twoParts.stderr, /not a valid JWT \(signature\)/);
  const badHeader = await cli([`${base64url('nope')}.${p}.x`]);
  assert.equal(badHeader.code, 2);
  assert.match(badHeader.stderr, /\(header\)/);
  assert.equal((await cli(['--no-such-flag', 'x'])).code, 2);
  assert.equal((await cli([makeHs256({}), '--verify'])).code, 2, '--verify without a key is a usage error');
});

test('--verify --secret-env: 0 verified, 1 for a wrong secret; the secret is never printed', async () => {
  const secret = `canary-${randomSecret(12)}`;
  const token = makeHs256({ sub: 'v', exp: epoch(Date.now(), 600) }, secret);
  const ok = await cli([token, '--verify', '--secret-env', 'TW_TEST_SECRET', '--json'], {
    env: { TW_TEST_SECRET: secret },
  });
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).status, 'verified');
  const bad = await cli([token, '--verify', '--secret-env', 'TW_TEST_SECRET', '--json'], {
    env: { TW_TEST_SECRET: 'wrong-secret' },
  });
  assert.equal(bad.code, 1);
  assert.equal(JSON.parse(bad.stdout).status, 'invalid-signature');
  for (const run of [ok, bad]) assert.ok(!(run.stdout + run.stderr).includes(secret));
});

test('--key PEM, --jwks file and --jwks URL verify an RS256 token and name the kid', async () => {
  const token = await rs256({ iss: 'https://issuer.test', aud: 'api', exp: epoch(Date.now(), 600) });
  const pem = await cli([
    token,
    '--key',
    path.join(dir, 'public.pem'),
    '--iss',
    'https://issuer.test',
    '--aud',
    'api',
  ]);
  assert.equal(pem.code, 0, pem.stderr);
  assert.match(pem.stdout, /^Verified: /m);
  const file = await cli([token, '--jwks', path.join(dir, 'jwks.json'), '--json']);
  assert.equal(JSON.parse(file.stdout).verification.kid, 'k1');
  const url = await cli([token, '--jwks', `${origin}/jwks`, '--json']);
  assert.equal(url.code, 0, url.stderr);
  assert.deepEqual(JSON.parse(url.stdout).verification.fetched, [`${origin}/jwks`]);
  const wrongAud = await cli([token, '--key', path.join(dir, 'public.pem'), '--aud', 'other', '--json']);
  assert.equal(wrongAud.code, 1);
  const wrongAudJson = JSON.parse(wrongAud.stdout);
  assert.equal(wrongAudJson.status, 'invalid-signature', 'only verified or invalid-signature at the top');
  assert.equal(wrongAudJson.verification.status, 'invalid-claims');
  assert.equal(wrongAudJson.verification.signatureValid, true);
});

test('--verify: a good signature on an expired token is not "verified"; the reason is in verification', async () => {
  const secret = `canary-${randomSecret(12)}`;
  const token = makeHs256({ sub: 'late', exp: epoch(Date.now(), -600) }, secret);
  const run = await cli([token, '--secret-env', 'TW_TEST_SECRET', '--json'], {
    env: { TW_TEST_SECRET: secret },
  });
  assert.equal(run.code, 1);
  const out = JSON.parse(run.stdout);
  assert.ok(['verified', 'invalid-signature'].includes(out.status), `unexpected status ${out.status}`);
  assert.notEqual(out.status, 'verified');
  assert.equal(out.verification.status, 'expired');
  assert.equal(out.verification.signatureValid, true);
});

test('a token with a stray character after it is reported broken, not silently shortened', async () => {
  const token = makeHs256({ sub: 'glued' });
  const glued = await cli([`${token}%`]);
  assert.equal(glued.code, 2, glued.stdout);
  assert.match(glued.stderr, /\(signature\).*"%"/);
  const inJson = await cli([JSON.stringify({ id_token: `${token}%` })]);
  assert.equal(inJson.code, 2, inJson.stdout);
  const inSentence = await cli([`the token is ${token}.`]);
  assert.equal(inSentence.code, 0, inSentence.stderr);
});

test('--clock-tolerance accepts a just-expired token; a bad value is a usage error', async () => {
  const token = await rs256({ exp: epoch(Date.now(), -30) });
  const key = ['--key', path.join(dir, 'public.pem'), '--json'];
  assert.equal((await cli([token, ...key])).code, 1);
  const tolerant = await cli([token, ...key, '--clock-tolerance', '120']);
  assert.equal(tolerant.code, 0, tolerant.stderr);
  assert.equal((await cli([token, ...key, '--clock-tolerance', 'soon'])).code, 2);
  assert.equal((await cli([token, '--key', path.join(dir, 'missing.pem')])).code, 2);
});
