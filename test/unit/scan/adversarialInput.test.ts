import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanText } from '../../../src/core/scan';
import { ADVERSARIAL_CASES, fastest, ordinary, PROGRAM_SOURCE_CASES } from '../../support/adversarialInputs';

// A ratio against an ordinary file of the same size, measured in the same process, not an absolute
// time: the machines are shared and noisy. A backtracking or quadratic path costs thousands of
// times more on these 100k-character inputs, so a generous bound still catches it.
const GENEROUS_MULTIPLE = 200;

test('hostile inputs cost a bounded multiple of an ordinary file of the same size', () => {
  scanText(ordinary(2000), { path: 'warm-up.ts' });
  const slow: string[] = [];
  for (const [name, text] of ADVERSARIAL_CASES) {
    const plain = Math.max(fastest(ordinary(text.length), 3), 1);
    const hostile = fastest(text, 3);
    if (hostile / plain > GENEROUS_MULTIPLE) slow.push(`${name}: ${hostile.toFixed(0)} ms vs ${plain.toFixed(1)} ms`);
  }
  assert.deepEqual(slow, []);
});

test('hostile program source costs a bounded multiple of ordinary code of the same size', () => {
  const slow: string[] = [];
  for (const [name, text] of PROGRAM_SOURCE_CASES) {
    const plain = Math.max(fastest(ordinary(text.length), 3, 'input.cs'), 1);
    const hostile = fastest(text, 3, 'input.cs');
    if (hostile / plain > GENEROUS_MULTIPLE) slow.push(`${name}: ${hostile.toFixed(0)} ms vs ${plain.toFixed(1)} ms`);
  }
  assert.deepEqual(slow, []);
});

test('hostile inputs raise no findings', () => {
  for (const [name, text] of ADVERSARIAL_CASES) {
    assert.deepEqual(scanText(text, { path: 'input.txt' }).map((f) => f.ruleId), [], name);
  }
});

// One long line (minified JSON) of many names: each hit must not search to the line's end.
const LONG_LINE_UNITS: [string, string, string?][] = [
  ['names that name no secret', '{"id":7,"author":"user7","title":"Post","tokens":21,"monkey":false},'],
  ['secret names with values that are not secrets', '"api_key":"aaaaaaaaaaaaaaaa",'],
  ['a secret name with nothing after it', 'password '],
  // Config formats are never minified, so each bare `token` looks for its section: not from the line's start.
  ['bare credential names with unquoted values in a config file', 'token=abababababababab ', '.env'],
];

test('a long line costs time in proportion to its length, however many names it holds', () => {
  const slow: string[] = [];
  for (const [name, unit, path = 'data.json'] of LONG_LINE_UNITS) {
    const short = unit.repeat(Math.ceil(100_000 / unit.length));
    const long = short.repeat(8);
    fastest(short, 1, path);
    const ratio = fastest(long, 3, path) / Math.max(fastest(short, 3, path), 0.5);
    // Linear work gives about 8; a search to the line's end per name gives about 64.
    if (ratio > 24) slow.push(`${name}: ${ratio.toFixed(1)}x for 8x the length`);
    assert.deepEqual(scanText(long, { path }), [], name);
  }
  assert.deepEqual(slow, []);
});
