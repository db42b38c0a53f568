import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeywordIndex } from '../../../src/core/scan/keywordIndex';

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
