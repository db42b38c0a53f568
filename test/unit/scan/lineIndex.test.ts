import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../../src/core/scan/lineIndex';

test('positions are 1-based; CRLF line text excludes the carriage return', () => {
  const text = 'ab\r\ncd\nef';
  const lines = new LineIndex(text);
  assert.equal(lines.lineCount, 3);
  assert.deepEqual(lines.position(0), { line: 1, column: 1 });
  assert.deepEqual(lines.position(text.indexOf('d')), { line: 2, column: 2 });
  assert.deepEqual(lines.position(text.length), { line: 3, column: 3 });
  assert.equal(lines.lineText(1), 'ab');
  assert.equal(lines.lineText(3), 'ef');
  assert.equal(lines.lineText(0), '');
  assert.equal(lines.lineText(4), '');
});
