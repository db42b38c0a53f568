import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import {
  base62, bech32Checksum, crc32, crc32Base62Tail, hasCrc32Base62Tail, hasValidBech32Checksum,
  isBase64JsonWithKeys,
} from '../../../src/core/scan/rules/checksums';
import { fakeToken } from '../../support/fakeTokens';

test('crc32 matches the standard check value and zlib on varied input', () => {
  assert.equal(crc32('123456789'), 0xcbf43926);
  assert.equal(crc32(''), 0);
  const zlibCrc = (zlib as { crc32?: (data: string) => number }).crc32;
  if (!zlibCrc) return;
  let sample = '';
  for (let i = 0; i < 200; i++) {
    sample += String.fromCharCode(33 + ((i * 37) % 90));
    assert.equal(crc32(sample), zlibCrc(sample), `length ${sample.length}`);
  }
});

test('base62 uses digits, then upper case, then lower case, padded to the width', () => {
  assert.equal(base62(0, 6), '000000');
  assert.equal(base62(61, 2), '0z');
  assert.equal(base62(62, 2), '10');
  assert.equal(base62(0xffffffff, 6), '4gfFC3');
});

test('a CRC32/base62 tail is accepted only when it matches the 30 characters before it', () => {
  const random = 'A'.repeat(15) + 'b'.repeat(15);
  const token = `ghp_${random}${crc32Base62Tail(random)}`;
  assert.equal(hasCrc32Base62Tail(token), true);
  assert.equal(hasCrc32Base62Tail(`npm_${random}${crc32Base62Tail(random)}`), true);
  assert.equal(hasCrc32Base62Tail(token.slice(0, -1)), false);
  const changed = `ghp_${'A'.repeat(14)}C${'b'.repeat(15)}${crc32Base62Tail(random)}`;
  assert.equal(hasCrc32Base62Tail(changed), false);
});

test('bech32 accepts the reference vectors and rejects a changed character', () => {
  assert.equal(hasValidBech32Checksum('A12UEL5L'), true);
  assert.equal(hasValidBech32Checksum('abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw'), true);
  assert.equal(hasValidBech32Checksum('abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxx'), false);
  assert.equal(hasValidBech32Checksum('A12UEL5B'), false);
  assert.equal(hasValidBech32Checksum('no-separator'), false);
  assert.equal(bech32Checksum('a', []), '2uel5l');
});

test('an age secret key built by the generator carries a valid bech32 checksum', () => {
  const key = fakeToken('age-secret-key');
  assert.equal(hasValidBech32Checksum(key), true);
  assert.equal(hasValidBech32Checksum(key.slice(0, -1) + (key.endsWith('Q') ? 'P' : 'Q')), false);
});

test('base64 JSON payloads are recognised only with the expected keys', () => {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
  assert.equal(isBase64JsonWithKeys(encode({ o: '1', n: 'x', k: 'y' }), ['o', 'n', 'k']), true);
  assert.equal(isBase64JsonWithKeys(encode({ o: '1', n: 'x' }), ['o', 'n', 'k']), false);
  assert.equal(isBase64JsonWithKeys(encode(['o', 'n', 'k']), ['o']), false);
  assert.equal(isBase64JsonWithKeys(encode({ u: 'me' }).replace(/=+$/, '').replace(/\+/g, '-'), ['u']), true);
  assert.equal(isBase64JsonWithKeys('not base64 at all!', ['u']), false);
  assert.equal(isBase64JsonWithKeys('eyJ1IjoibWUi', ['u']), false);
});
