import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeywordIndex, type KeywordIndexOptions } from '../../../src/core/scan/keywordIndex';
import { mulberry32, type Random } from '../../support/seededRandom';

// Short keywords that overlap and nest, one single letter (a hit on almost every step), one long
// keyword that sets how far each slice must warm up, and one non-ASCII keyword (indexOf path).
const LONG = ['https:', '', 'hooks.example.org', 'services', 't'].join('/');
const KEYWORDS = ['ab', 'abc', 'bc', 'b', 'key', 'apikey', 'api_key', 'sk-', 'sk-proj-', 'aaa', LONG, 'clé'];
const NON_ASCII = ['é', 'ß', '\u2028', '\ud800', '\udfff', '\uffff', '\ud83d\ude00', '\u0100', '\u0180'];
const PIECES = [...KEYWORDS, 'a', 'k', 's', '-', ' ', 'ap', 'https://hooks.', 'ke', 'sk', 'pro'];

const javascript = new KeywordIndex(KEYWORDS, { wasm: false });
const forced = new Map<string, KeywordIndex>();

function wasmIndex(options: KeywordIndexOptions['wasm'] = {}): KeywordIndex {
  const key = JSON.stringify(options);
  let index = forced.get(key);
  if (!index) {
    index = new KeywordIndex(KEYWORDS, { wasm: { minLength: 0, ...options } });
    forced.set(key, index);
  }
  return index;
}

function randomText(random: Random, length: number, nonAsciiShare = 0.05): string {
  let text = '';
  while (text.length < length) {
    const roll = random();
    if (roll < nonAsciiShare) text += NON_ASCII[Math.floor(random() * NON_ASCII.length)];
    else if (roll < 0.5) text += PIECES[Math.floor(random() * PIECES.length)];
    else text += String.fromCharCode(32 + Math.floor(random() * 95)).toLowerCase();
  }
  return text.slice(0, length);
}

function assertSameAsJavaScript(index: KeywordIndex, text: string, cap: number, uncapped?: Uint8Array): void {
  assert.equal(index.runsInWasm(text.length), true);
  const expected = javascript.findPositions(text, cap, uncapped);
  const actual = index.findPositions(text, cap, uncapped);
  assert.deepEqual(actual.found, expected.found, `found, length ${text.length}`);
  assert.deepEqual(actual.ends, expected.ends, `ends, length ${text.length}`);
}

const everyKeyword = new Uint8Array(KEYWORDS.length).fill(1);

test('gives the JavaScript loop\'s hits for every length, stream count and chunk size', () => {
  const random = mulberry32(1);
  for (const streams of [1, 2, 3, 4]) {
    for (const chunkChars of [1, 7, LONG.length, 97, 1 << 18]) {
      const index = wasmIndex({ streams, chunkChars });
      for (let length = 0; length <= 300; length += chunkChars === 1 ? 17 : 1) {
        assertSameAsJavaScript(index, randomText(random, length), Infinity, everyKeyword);
      }
    }
  }
});

test('finds a keyword straddling any slice or chunk boundary, once', () => {
  const filler = 'z'.repeat(200);
  for (const options of [{ streams: 3 }, { streams: 2, chunkChars: 64 }, { streams: 4, chunkChars: 50 }]) {
    const index = wasmIndex(options);
    for (const keyword of [LONG, 'sk-proj-', 'ab']) {
      for (let at = 0; at + keyword.length <= filler.length; at++) {
        const text = filler.slice(0, at) + keyword + filler.slice(at + keyword.length);
        const { ends } = index.findPositions(text, Infinity, everyKeyword);
        assert.deepEqual(ends[index.idOf(keyword)], [at + keyword.length], `${keyword} at ${at}`);
        assertSameAsJavaScript(index, text, Infinity, everyKeyword);
      }
    }
  }
});

test('characters outside ASCII, lone surrogates and U+FFFF break keywords as in JavaScript', () => {
  const index = wasmIndex({ streams: 3, chunkChars: 40 });
  for (const separator of NON_ASCII) {
    const text = `a${separator}b sk${separator}- ${LONG.slice(0, 9)}${separator}${LONG.slice(9)} clé`;
    const { found } = index.findPositions(text, 0);
    const foundWords = KEYWORDS.filter((_k, id) => found[id] === 1).sort();
    assert.deepEqual(foundWords, ['b', 'clé'], JSON.stringify(separator));
  }
  const random = mulberry32(2);
  for (let round = 0; round < 200; round++) {
    assertSameAsJavaScript(index, randomText(random, 50 + round * 3, 0.3), Infinity, everyKeyword);
  }
});

test('caps recorded ends per keyword unless the keyword is uncapped', () => {
  const text = 'ab '.repeat(600);
  const uncapped = new Uint8Array(KEYWORDS.length);
  uncapped[javascript.idOf('b')] = 1;
  for (const index of [new KeywordIndex(KEYWORDS), wasmIndex({ chunkChars: 100 })]) {
    assert.equal(index.runsInWasm(text.length), true);
    const { ends } = index.findPositions(text, 2, uncapped);
    assert.deepEqual(ends[index.idOf('ab')], [2, 5, 8], 'capped: two, then one meaning "many"');
    assert.equal(ends[index.idOf('b')].length, 600, 'uncapped: every occurrence');
    assert.deepEqual(ends[index.idOf('abc')], []);
    for (const cap of [0, 1, 5]) assertSameAsJavaScript(index, text, cap, uncapped);
  }
});

test('default options: short texts stay in JavaScript, long ones and a 12 MB one match it', () => {
  const index = new KeywordIndex(KEYWORDS);
  assert.equal(index.runsInWasm(100), false);
  const random = mulberry32(3);
  for (const length of [511, 512, 513, 4096]) {
    const text = randomText(random, length);
    if (length < 512) {
      assert.deepEqual(index.findPositions(text, 3), javascript.findPositions(text, 3));
    } else {
      assertSameAsJavaScript(index, text, 3);
    }
  }

  // Sparse keywords, like real source, over many 256 K chunks; a few keywords uncapped.
  const block = Array.from({ length: 64 }, () => randomText(random, 4096, 0.01).replace(/[abk]/g, 'x'));
  const parts: string[] = [];
  for (let size = 0; size < 12 << 20; size += 4096 + 9) {
    parts.push(block[Math.floor(random() * block.length)], PIECES[Math.floor(random() * PIECES.length)]);
  }
  const huge = parts.join('');
  const uncapped = new Uint8Array(KEYWORDS.length);
  uncapped[index.idOf(LONG)] = uncapped[index.idOf('sk-proj-')] = 1;
  assertSameAsJavaScript(index, huge, 16, uncapped);
});

test('falls back to JavaScript when told to or when the table needs 32-bit entries', () => {
  assert.equal(new KeywordIndex(KEYWORDS, { wasm: false }).runsInWasm(1 << 20), false);
  const random = mulberry32(4);
  const many = Array.from({ length: 1200 }, () =>
    Array.from({ length: 30 }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join(''));
  const big = new KeywordIndex(many, { wasm: { minLength: 0 } });
  assert.equal(big.runsInWasm(1 << 20), false);
  const text = `${'q'.repeat(700)}${many[7]}${'q'.repeat(700)}`;
  assert.deepEqual(big.findPositions(text, 0).ends[7], [700 + 30]);
});
