import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeywordIndex } from '../../../src/core/scan/keywordIndex';
import { mulberry32 } from '../../support/seededRandom';

function foundKeywords(index: KeywordIndex, text: string): string[] {
  const { found } = index.findPositions(text.toLowerCase(), 0);
  return index.keywords.filter((_k, id) => found[id] === 1).sort();
}

test('finds every keyword that occurs, including ones inside or overlapping longer ones', () => {
  const index = new KeywordIndex(['sk-', 'sk-proj-', 'key', 'apikey', 'ab', 'bc', 'absent']);
  assert.deepEqual(foundKeywords(index, 'x sk-proj-123 and APIKEY'), ['apikey', 'key', 'sk-', 'sk-proj-']);
  assert.deepEqual(foundKeywords(index, 'abc'), ['ab', 'bc']);
  assert.deepEqual(foundKeywords(index, 'nothing here'), []);
});

test('keywords with regex metacharacters are matched literally', () => {
  const index = new KeywordIndex(['://', 'a.b', '(x)', '[y]']);
  assert.deepEqual(foundKeywords(index, 'http://h a.b (x)'), ['(x)', '://', 'a.b']);
  assert.deepEqual(foundKeywords(index, 'axb'), []);
});

test('any() answers whether a text holds a keyword; ids are stable', () => {
  const index = new KeywordIndex(['Token', 'secret']);
  assert.equal(index.any('my token'), true);
  assert.equal(index.any('nothing'), false);
  assert.equal(index.keywords[index.idOf('TOKEN')], 'token');
  assert.equal(index.idOf('missing'), -1);
  assert.equal(new KeywordIndex([]).findPositions('anything', 0).found.length, 0);
});

test('keywords are found in any case, at the same offsets as in the lower-cased text', () => {
  const index = new KeywordIndex(['api_key', 'token', 'kid', 'id']);
  const text = 'const API_KEY = x; let Token, TOKEN; \u212Aid \u0130d';
  const { found, ends } = index.findPositions(text, 10);
  const expected = index.findPositions(text.replace('\u0130', 'I').toLowerCase(), 10);
  assert.deepEqual([...found], [...expected.found]);
  assert.deepEqual(ends, expected.ends);
  // The Kelvin sign lower-cases to k, U+0130 to i: both count, and offsets after them hold.
  assert.deepEqual(ends[index.idOf('kid')], [text.indexOf('\u212Aid') + 3]);
  assert.deepEqual(ends[index.idOf('id')], [text.indexOf('\u212Aid') + 3, text.length]);
  assert.equal(index.any('MY TOKEN'), true);
  assert.equal(index.any('\u212AID'), true);
  // A long text goes through the WebAssembly loop where it runs; it must agree.
  const long = `${'x'.repeat(2000)} Api_Key ${'y'.repeat(2000)} TOKEN`;
  assert.deepEqual(index.findPositions(long, 10).ends, index.findPositions(long.toLowerCase(), 10).ends);
});

test('exact keywords are found only as written, beside folded ones that share their letters', () => {
  const folded = ['ac', 'access_key', 'sk', 'token', 'pat'];
  const exact = ['AC', 'SK', 'sk_live_', 'pat', 'https://hooks.'];
  const random = mulberry32(7);
  const pieces = [...folded, ...exact, 'A', 'c', 'C', 'Ac', 'aC', 'ACCESS_KEY', 'Sk', 'PAT', 'HTTPS://hooks.', '\u0130', ' '];
  for (const wasm of [false, { minLength: 0 }] as const) {
    const index = new KeywordIndex(folded, { wasm }, exact);
    assert.equal(index.keywords.length, folded.length + exact.length);
    assert.notEqual(index.exactIdOf('pat'), index.idOf('pat'), 'the same letters, as written and folded, are two keywords');
    assert.equal(index.exactIdOf('PAT'), -1);
    for (let round = 0; round < 40; round++) {
      let text = '';
      while (text.length < 600) text += pieces[Math.floor(random() * pieces.length)];
      const { found, ends } = index.findPositions(text, Infinity);
      const lower = text.replace(/\u0130/g, 'i').toLowerCase();
      const expect = (haystack: string, keyword: string) => {
        const at: number[] = [];
        for (let i = haystack.indexOf(keyword); i !== -1; i = haystack.indexOf(keyword, i + 1)) at.push(i + keyword.length);
        return at;
      };
      for (const keyword of folded) {
        assert.deepEqual(ends[index.idOf(keyword)], expect(lower, keyword), `${keyword} in any case`);
      }
      for (const keyword of exact) {
        const id = index.exactIdOf(keyword);
        assert.deepEqual(ends[id], expect(text, keyword), `${keyword} as written`);
        assert.equal(found[id], ends[id].length > 0 ? 1 : 0);
      }
    }
  }
});
