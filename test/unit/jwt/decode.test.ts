import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeToken,
  JwtDecodeError,
  normalizeTokenInput,
  tryDecodeToken,
} from '../../../src/core/jwt/decode';
import { base64url, makeFakeJwe, makeHs256, makeUnsigned } from '../../support/jwtFactory';

function decodeError(input: string): JwtDecodeError {
  const result = tryDecodeToken(input);
  assert.equal(result.ok, false, 'expected the input to be rejected');
  return (result as { error: JwtDecodeError }).error;
}

function claims(input: string): Record<string, unknown> {
  const token = decodeToken(input);
  assert.equal(token.kind, 'jws');
  return token.kind === 'jws' ? (token.payload ?? {}) : {};
}

test('decodes header and claims of a signed token', () => {
  const token = decodeToken(makeHs256({ sub: 'user-1', n: 42 }));
  assert.equal(token.kind, 'jws');
  assert.deepEqual(token.header, { alg: 'HS256', typ: 'JWT' });
  assert.deepEqual(token.kind === 'jws' && token.payload, { sub: 'user-1', n: 42 });
  assert.equal(token.kind === 'jws' && token.signatureBytes, 32);
});

test('accepts base64 padding on every part and reports it as a note', () => {
  const plain = makeHs256({ sub: 'ab' });
  const padded = plain
    .split('.')
    .map((part) => part + '='.repeat((4 - (part.length % 4)) % 4))
    .join('.');
  assert.notEqual(padded, plain, 'the fixture should need padding');
  const token = decodeToken(padded);
  assert.deepEqual(token.kind === 'jws' && token.payload, { sub: 'ab' });
  assert.ok(token.notes.some((n) => n.includes('padding')));
});

test('decodes "-" and "_" wherever they occur, not just the first one', () => {
  // "?>?>?>" encodes to base64 "Pz4/Pj8+", so repeated ">" and "?" put several "-" and "_" in the payload.
  const payload = { q: '?>?>?>?>?>?>', r: '~~~~~~~~' };
  const input = makeHs256(payload);
  const encodedPayload = input.split('.')[1];
  assert.ok((encodedPayload.match(/-/g) ?? []).length >= 2, 'fixture should contain several "-"');
  assert.ok((encodedPayload.match(/_/g) ?? []).length >= 2, 'fixture should contain several "_"');
  assert.deepEqual(claims(input), payload);
});

test('tolerates the standard base64 alphabet and says so', () => {
  const input = makeHs256({ q: '?>?>?>?>' });
  const standard = input.replace(/-/g, '+').replace(/_/g, '/');
  const token = decodeToken(standard);
  assert.deepEqual(token.kind === 'jws' && token.payload, { q: '?>?>?>?>' });
  assert.ok(token.notes.some((n) => n.includes('standard base64')));
});

test('keeps UTF-8 claims intact: accents, CJK and emoji', () => {
  const payload = { name: 'Zoë Ångström', city: '東京都', mood: '🔐🚀', mixed: 'ok ✓ — 한국어' };
  assert.deepEqual(claims(makeHs256(payload)), payload);
});

test('strips a Bearer prefix, an Authorization header, quotes, and trailing newlines', () => {
  const input = makeHs256({ sub: 'x' });
  for (const wrapped of [
    `Bearer ${input}`,
    `bearer   ${input}`,
    `Authorization: Bearer ${input}`,
    `"${input}"`,
    `'${input}'`,
    `\`${input}\``,
    `${input}\n`,
    `  "Bearer ${input}"\r\n`,
    `"${input}",`,
    `\\"${input}\\"`,
    `${input}\\n`,
  ]) {
    assert.equal(normalizeTokenInput(wrapped), input, JSON.stringify(wrapped.slice(0, 20)));
    assert.deepEqual(claims(wrapped), { sub: 'x' });
  }
});

test('decodes a 5-part JWE header and reports the payload as encrypted', () => {
  const token = decodeToken(makeFakeJwe());
  assert.equal(token.kind, 'jwe');
  assert.equal(token.header.enc, 'A256GCM');
  assert.equal(token.kind === 'jwe' && token.ciphertextBytes, 80);
  assert.equal(token.kind === 'jwe' && token.encryptedKeyBytes, 256);
});

test('a 2-part token names the missing signature', () => {
  const [h, p] = makeHs256({ a: 1 }).split('.');
  const error = decodeError(`${h}.${p}`);
  assert.equal(error.part, 'signature');
  assert.match(error.message, /2 parts/);
});

test('a 4-part token says it is neither signed nor encrypted', () => {
  const error = decodeError(`${makeHs256({ a: 1 })}.${base64url('x')}`);
  assert.equal(error.part, 'token');
  assert.match(error.message, /4 parts/);
});

test('garbage without dots is "not a JWT"; empty input says it is empty', () => {
  assert.match(decodeError('hello world, not a token').message, /whitespace|no "\."/);
  assert.match(decodeError('justonelongword').message, /no "\." separators/);
  assert.match(decodeError('   \n').message, /empty/);
});

test('a non-JSON header is named as the broken part', () => {
  const [, p, s] = makeHs256({ a: 1 }).split('.');
  const error = decodeError(`${base64url('alg=HS256')}.${p}.${s}`);
  assert.equal(error.part, 'header');
  assert.match(error.message, /header decodes to text that is not JSON/);
});

test('a payload that is not JSON is named without quoting its text (it may hold a secret)', () => {
  const [h, , s] = makeHs256({ a: 1 }).split('.');
  for (const text of ['canary-pw', `canary-${Date.now()}`]) {
    const error = decodeError(`${h}.${base64url(text)}.${s}`);
    assert.equal(error.part, 'payload');
    assert.match(error.message, /payload decodes to text that is not JSON/);
    assert.ok(!error.message.includes('canary'), error.message);
  }
});

test('a header that is JSON but not an object is rejected with the type', () => {
  const [, p, s] = makeHs256({ a: 1 }).split('.');
  const error = decodeError(`${base64url([1, 2])}.${p}.${s}`);
  assert.equal(error.part, 'header');
  assert.match(error.message, /header is an array in JSON/);
});

test('a bad character in the payload is named with its position', () => {
  const [h, p, s] = makeHs256({ a: 1 }).split('.');
  const error = decodeError(`${h}.${p.slice(0, 3)}!${p.slice(3)}.${s}`);
  assert.equal(error.part, 'payload');
  assert.match(error.message, /"!" at position 4/);
});

test('a truncated signature is named', () => {
  const [h, p, s] = makeHs256({ a: 1 }).split('.');
  const cut = s.slice(0, 41); // 41 % 4 === 1: impossible base64url length
  const error = decodeError(`${h}.${p}.${cut}`);
  assert.equal(error.part, 'signature');
  assert.match(error.message, /truncated/);
});

test('a payload that is not UTF-8 is named', () => {
  const [h, , s] = makeHs256({ a: 1 }).split('.');
  const error = decodeError(`${h}.${base64url(new Uint8Array([0xff, 0xfe, 0x7b]))}.${s}`);
  assert.equal(error.part, 'payload');
  assert.match(error.message, /not UTF-8/);
});

test('alg none decodes (and is not refused) with an empty signature', () => {
  const token = decodeToken(makeUnsigned({ sub: 'anon' }));
  assert.equal(token.header.alg, 'none');
  assert.equal(token.kind === 'jws' && token.signatureBytes, 0);
});

test('a nested token (cty: JWT) decodes the inner token too', () => {
  const inner = makeHs256({ sub: 'inner-user', exp: 2_000_000_000 });
  const outer = makeHs256(inner, undefined, { cty: 'JWT' });
  const token = decodeToken(outer);
  assert.equal(token.kind, 'jws');
  if (token.kind !== 'jws') return;
  assert.equal(token.payload, undefined);
  assert.ok(token.nested && !('error' in token.nested));
  const nested = token.nested as { kind: string; payload?: unknown };
  assert.deepEqual(nested.payload, { sub: 'inner-user', exp: 2_000_000_000 });
});

test('a nested token that is broken reports the inner problem', () => {
  const outer = makeHs256('not.a-token', undefined, { cty: 'JWT' });
  const token = decodeToken(outer);
  assert.ok(token.kind === 'jws' && token.nested && 'error' in token.nested);
  if (token.kind === 'jws' && token.nested && 'error' in token.nested) {
    assert.match(token.nested.error.message, /nested token is broken/);
  }
});

test('pathological input is rejected quickly with a named part, not a stalled regex', () => {
  const manyEquals = `${'='.repeat(100_000)}x`;
  const error = decodeError(`${manyEquals}.${manyEquals}.${manyEquals}`);
  assert.equal(error.part, 'header');
  assert.match(decodeError(`${'\\n'.repeat(50_000)}x${'\\n'.repeat(50_000)}y`).message, /no "\." separators/);
  assert.match(decodeError(`x${'\\n'.repeat(100_000)}`).message, /no "\." separators/);
});
