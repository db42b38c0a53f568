import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findTokenAt, findTokens } from '../../../src/core/jwt/findTokens';
import { base64url, makeFakeJwe, makeHs256, makeUnsigned } from '../../support/jwtFactory';

const token = makeHs256({ sub: 'finder', exp: 2_000_000_000 });

function only(text: string): { start: number; token: string; kind: string } {
  const found = findTokens(text);
  assert.equal(found.length, 1, `expected one token in ${JSON.stringify(text.slice(0, 60))}`);
  return found[0];
}

test('finds a token in code strings, JSON, YAML, .env and .http headers with exact offsets', () => {
  const contexts = [
    `const t = "${token}";`,
    `{"access_token": "${token}", "x": 1}`,
    `token: ${token}`,
    `API_TOKEN=${token}`,
    `Authorization: Bearer ${token}`,
    `curl -H 'Authorization: Bearer ${token}' https://api.example.test`,
    `(${token})`,
  ];
  for (const text of contexts) {
    const found = only(text);
    assert.equal(found.token, token);
    assert.equal(found.start, text.indexOf(token));
    assert.equal(found.kind, 'jws');
  }
});

test('finds a token inside JSON-escaped text, including after an escaped newline', () => {
  const escaped = JSON.stringify(JSON.stringify({ source: [`x = "${token}"\n`] }));
  assert.equal(only(escaped).token, token);
  const afterNewline = `"first line\\n${token}\\nlast"`;
  assert.equal(only(afterNewline).token, token);
});

test('finds a 5-part JWE and an alg-none token with its trailing dot', () => {
  const jwe = makeFakeJwe();
  assert.equal(only(`enc: ${jwe}`).kind, 'jwe');
  const unsigned = makeUnsigned({ sub: 'u' });
  const found = only(`x=${unsigned} y`);
  assert.equal(found.token, unsigned);
});

test('a sentence-ending dot is not a fourth part', () => {
  assert.equal(only(`The token is ${token}.`).token, token);
});

test('finds a token at column 5000 of a very long line', () => {
  const line = `${'a, '.repeat(1666)}xx"${token}"${' b'.repeat(3000)}`;
  const start = line.indexOf(token);
  assert.ok(start >= 5000);
  const found = findTokenAt(line, start + 10);
  assert.equal(found?.token, token);
  assert.equal(found?.start, start);
  assert.equal(findTokenAt(line, 10), undefined);
});

test('finds several tokens on one line and picks the one under the cursor', () => {
  const other = makeHs256({ sub: 'second' });
  const line = `a=${token} b=${other}`;
  assert.equal(findTokens(line).length, 2);
  assert.equal(findTokenAt(line, line.indexOf(other) + 3)?.token, other);
  assert.equal(findTokenAt(line, 3)?.token, token);
});

test('ignores dotted identifiers and base64 runs that only contain "ey"', () => {
  assert.deepEqual(findTokens('keyboard.eyebrows.value and obey.this.rule'), []);
  assert.deepEqual(findTokens(`prefix${token}`), []);
  assert.deepEqual(findTokens('eyesOpenWide.close.now'), []);
});

test('reports a 2-part token only when its header really is a JWT header', () => {
  const [h, p] = token.split('.');
  assert.equal(only(`t=${h}.${p}`).kind, 'malformed');
  assert.deepEqual(findTokens(`${base64url('{"x":1}')}.abc`), []);
});

// How long these take is measured by scripts/bench-jwt.ts (its adversarial section); before the
// pattern anchored at run starts, the `eyJ` run alone took minutes.
test('adversarial runs yield no false tokens and do not hide a real one after them', () => {
  const runs = [
    'eyJ'.repeat(100_000),
    'a.'.repeat(100_000),
    `ey${'A'.repeat(200_000)}${'.'.repeat(10)}`.repeat(3) + '=.'.repeat(50_000),
  ];
  for (const run of runs) {
    const line = `${run} token=${token}`;
    assert.deepEqual(
      findTokens(line).map((t) => [t.start, t.token]),
      [[line.indexOf(token), token]],
    );
  }
});

test('a token right after a dotted identifier is still found', () => {
  const line = `keyboardLayoutX.${token}`;
  assert.equal(only(line).token, token);
});
