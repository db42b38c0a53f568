import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEscapes, forEachEscapedString, toRawRange } from '../../../src/core/scan/escapedStrings';

test('decodeEscapes decodes JSON and JS escapes and maps each character back to its raw offset', () => {
  const raw = 'x"a\\"b\\nc\\u0041\\\\d"';
  const decoded = decodeEscapes(raw, 2, raw.length - 1);
  assert.equal(decoded.value, 'a"b\ncA\\d');
  const a = decoded.value.indexOf('A');
  assert.deepEqual(toRawRange(decoded, a, a + 1), [raw.indexOf('\\u0041'), raw.indexOf('\\u0041') + 6]);
  assert.deepEqual(toRawRange(decoded, 0, decoded.value.length), [2, raw.length - 1]);
});

test('forEachEscapedString visits only literals with escapes, with raw content ranges', () => {
  const text = 'plain "no escapes here"\nj = "with \\"escape\\" inside"\nk = \'single \\n quoted\'\n';
  const seen: string[] = [];
  forEachEscapedString(text, (start, end) => seen.push(text.slice(start, end)));
  assert.deepEqual(seen, ['with \\"escape\\" inside', 'single \\n quoted']);
});

test('forEachEscapedString does nothing for text without backslashes', () => {
  let calls = 0;
  forEachEscapedString('"a" \'b\' "c"', () => calls++);
  assert.equal(calls, 0);
});
