import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import { verifyToken } from '../../../src/core/jwt/verify';
import { makeFakeJwe, makeHs256, makeUnsigned, randomSecret } from '../../support/jwtFactory';
import { selfSignedCertificate } from '../../support/x509';

const jose = import('jose');
const ISS = 'https://id.example.test';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaOther = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = (key: typeof rsa.publicKey) => key.export({ type: 'spki', format: 'pem' }).toString();

async function sign(
  alg: string,
  key: Parameters<Awaited<typeof jose>['SignJWT']['prototype']['sign']>[0],
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): Promise<string> {
  const { SignJWT } = await jose;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: ISS, aud: 'api', sub: 'u1', iat: now, exp: now + 600, ...claims })
    .setProtectedHeader({ alg, ...header })
    .sign(key);
}

async function jwk(key: typeof rsa.publicKey, kid: string, alg: string) {
  const { exportJWK } = await jose;
  return { ...(await exportJWK(key)), kid, alg, use: 'sig' };
}

// A real HTTP server on the loopback interface, logging every request it gets.
let server: Server;
let base = '';
const requests: { url: string; headers: IncomingMessage['headers'] }[] = [];
const routes = new Map<string, () => unknown>();

before(async () => {
  server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    if (req.url === '/slow') return; // never answers: exercises the timeout
    const route = routes.get(req.url ?? '');
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(route()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const keys = [await jwk(rsa.publicKey, 'rsa-1', 'RS256'), await jwk(ec.publicKey, 'ec-1', 'ES256')];
  routes.set('/jwks.json', () => ({ keys }));
  routes.set('/.well-known/openid-configuration', () => ({ issuer: base, jwks_uri: `${base}/jwks.json` }));
  routes.set('/other/.well-known/openid-configuration', () => ({
    issuer: 'https://someone-else.test',
    jwks_uri: `${base}/jwks.json`,
  }));
});

after(() => {
  server.closeAllConnections();
  server.close();
});

test('HMAC: the right secret verifies, a wrong one is invalid-signature', async () => {
  const secret = randomSecret();
  const token = makeHs256({ iss: ISS, exp: Math.floor(Date.now() / 1000) + 60 }, secret);
  const ok = await verifyToken(token, { kind: 'secret', secret, label: 'secret "dev"' });
  assert.equal(ok.status, 'verified');
  assert.equal(ok.keyDescription, 'secret "dev"');
  const bad = await verifyToken(token, { kind: 'secret', secret: randomSecret() });
  assert.equal(bad.status, 'invalid-signature');
  assert.equal(bad.signatureValid, false);
  assert.ok(!bad.message.includes(secret));
});

test('HMAC secrets given as base64 are decoded to key bytes', async () => {
  const raw = randomSecret(32);
  const token = makeHs256({ exp: Math.floor(Date.now() / 1000) + 60 }, Buffer.from(raw, 'base64url'));
  assert.equal((await verifyToken(token, { kind: 'secret', secret: raw })).status, 'invalid-signature');
  const result = await verifyToken(token, { kind: 'secret', secret: raw, encoding: 'base64url' });
  assert.equal(result.status, 'verified');
});

test('RSA and EC public keys in PEM verify; a different key is invalid-signature', async () => {
  const rs = await sign('RS256', rsa.privateKey);
  assert.equal((await verifyToken(rs, { kind: 'keyText', text: pem(rsa.publicKey) })).status, 'verified');
  const wrong = await verifyToken(rs, { kind: 'keyText', text: pem(rsaOther.publicKey) });
  assert.equal(wrong.status, 'invalid-signature');
  const es = await sign('ES256', ec.privateKey);
  const ecResult = await verifyToken(es, { kind: 'keyText', text: pem(ec.publicKey), label: 'ec.pem' });
  assert.equal(ecResult.status, 'verified');
  assert.equal(ecResult.keyDescription, 'ec.pem (public key)');
});

test('an X.509 certificate verifies with the key it certifies', async () => {
  const es = await sign('ES256', ec.privateKey);
  const certificate = selfSignedCertificate(ec.privateKey);
  const result = await verifyToken(es, { kind: 'keyText', text: certificate, label: 'cert.pem' });
  assert.equal(result.status, 'verified');
  assert.match(result.keyDescription ?? '', /X\.509 certificate/);
});

test('a private key PEM given by mistake verifies with its public half', async () => {
  const rs = await sign('RS256', rsa.privateKey);
  const privatePem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const result = await verifyToken(rs, { kind: 'keyText', text: privatePem });
  assert.equal(result.status, 'verified');
  assert.match(result.keyDescription ?? '', /public half of a private key/);
});

test('a single JWK verifies and its kid is reported', async () => {
  const rs = await sign('RS256', rsa.privateKey, {}, { kid: 'rsa-1' });
  const result = await verifyToken(rs, {
    kind: 'keyText',
    text: JSON.stringify(await jwk(rsa.publicKey, 'rsa-1', 'RS256')),
  });
  assert.equal(result.status, 'verified');
  assert.equal(result.kid, 'rsa-1');
});

test('a local JWKS picks the key by kid, or tries each key and says which one worked', async () => {
  const jwks = JSON.stringify({
    keys: [await jwk(rsaOther.publicKey, 'old', 'RS256'), await jwk(rsa.publicKey, 'current', 'RS256')],
  });
  const withKid = await verifyToken(await sign('RS256', rsa.privateKey, {}, { kid: 'current' }), {
    kind: 'keyText',
    text: jwks,
  });
  assert.equal(withKid.kid, 'current');
  const noKid = await verifyToken(await sign('RS256', rsa.privateKey), { kind: 'keyText', text: jwks });
  assert.equal(noKid.status, 'verified');
  assert.equal(noKid.kid, 'current');
  const unknownKid = await verifyToken(await sign('RS256', rsa.privateKey, {}, { kid: 'gone' }), {
    kind: 'keyText',
    text: jwks,
  });
  assert.equal(unknownKid.status, 'key-error');
  assert.match(unknownKid.message, /no key matching kid "gone".*"old", "current"/);
});

test('a JWKS URL on a local server verifies, and the token is never sent', async () => {
  requests.length = 0;
  const token = await sign('ES256', ec.privateKey, {}, { kid: 'ec-1' });
  const result = await verifyToken(token, { kind: 'jwksUrl', url: `${base}/jwks.json` });
  assert.equal(result.status, 'verified');
  assert.equal(result.kid, 'ec-1');
  assert.deepEqual(result.fetched, [`${base}/jwks.json`]);
  assert.deepEqual(
    requests.map((r) => r.url),
    ['/jwks.json'],
  );
  const signature = token.split('.')[2];
  for (const r of requests) {
    assert.equal(r.headers.authorization, undefined);
    assert.ok(!JSON.stringify(r).includes(signature));
  }
});

test('the discovery document leads to the JWKS; a foreign issuer in it is refused', async () => {
  requests.length = 0;
  const token = await sign('RS256', rsa.privateKey, { iss: base }, { kid: 'rsa-1' });
  const result = await verifyToken(token, { kind: 'discovery', issuer: base }, { issuer: base });
  assert.equal(result.status, 'verified');
  assert.deepEqual(
    requests.map((r) => r.url),
    ['/.well-known/openid-configuration', '/jwks.json'],
  );
  const foreign = await verifyToken(token, { kind: 'discovery', issuer: `${base}/other` });
  assert.equal(foreign.status, 'key-error');
  assert.match(foreign.message, /names issuer https:\/\/someone-else\.test/);
});

test('a JWKS URL that does not answer fails with a timeout message', async () => {
  const token = await sign('RS256', rsa.privateKey);
  const result = await verifyToken(token, { kind: 'jwksUrl', url: `${base}/slow` }, { fetchTimeoutMs: 300 });
  assert.equal(result.status, 'key-error');
  assert.match(result.message, /no answer within 300 ms/);
  const missing = await verifyToken(token, { kind: 'jwksUrl', url: `${base}/nothing` });
  assert.match(missing.message, /HTTP 404/);
});

test('issuer and audience are checked when given', async () => {
  const token = await sign('RS256', rsa.privateKey);
  const key = { kind: 'keyText' as const, text: pem(rsa.publicKey) };
  assert.equal((await verifyToken(token, key, { issuer: ISS, audience: 'api' })).status, 'verified');
  const wrongIss = await verifyToken(token, key, { issuer: 'https://evil.test' });
  assert.equal(wrongIss.status, 'invalid-claims');
  assert.equal(wrongIss.signatureValid, true);
  assert.match(wrongIss.message, /`iss` check failed/);
  const wrongAud = await verifyToken(token, key, { audience: 'other-api' });
  assert.equal(wrongAud.status, 'invalid-claims');
  assert.match(wrongAud.message, /`aud`/);
});

test('clock tolerance decides whether a just-expired token still verifies', async () => {
  const now = Math.floor(Date.now() / 1000);
  const token = await sign('RS256', rsa.privateKey, { iat: now - 600, exp: now - 20 });
  const key = { kind: 'keyText' as const, text: pem(rsa.publicKey) };
  const strict = await verifyToken(token, key);
  assert.equal(strict.status, 'expired');
  assert.equal(strict.signatureValid, true);
  assert.equal((await verifyToken(token, key, { clockToleranceSeconds: 60 })).status, 'verified');
  const early = await sign('RS256', rsa.privateKey, { nbf: now + 120 });
  assert.equal((await verifyToken(early, key)).status, 'not-yet-valid');
});

test('unsigned, encrypted and mismatched-algorithm tokens are refused with reasons', async () => {
  const none = await verifyToken(makeUnsigned({ sub: 'x' }), { kind: 'secret', secret: 'whatever-secret' });
  assert.equal(none.status, 'invalid-signature');
  assert.match(none.message, /unsigned/);
  const jwe = await verifyToken(makeFakeJwe(), { kind: 'secret', secret: 'whatever-secret' });
  assert.match(jwe.message, /encrypted/);
  const rs = await sign('RS256', rsa.privateKey);
  const hmacForRsa = await verifyToken(rs, { kind: 'secret', secret: 'whatever-secret' });
  assert.equal(hmacForRsa.status, 'key-error');
  assert.match(hmacForRsa.message, /RS256/);
  const ecForRsa = await verifyToken(rs, {
    kind: 'keyText',
    text: JSON.stringify(await jwk(ec.publicKey, 'e', 'ES256')),
  });
  assert.equal(ecForRsa.status, 'key-error');
  assert.match(ecForRsa.message, /EC but the token's RS256 needs a RSA key/);
});

test('a nested token verifies its outer signature and says the inner one was not checked', async () => {
  const secret = randomSecret();
  const outer = makeHs256(makeHs256({ sub: 'inner' }), secret, { cty: 'JWT' });
  const result = await verifyToken(outer, { kind: 'secret', secret });
  assert.equal(result.status, 'verified');
  assert.match(result.message, /nested token inside was not verified/);
});
