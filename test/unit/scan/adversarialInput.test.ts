import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanText } from '../../../src/core/scan';
import { ADVERSARIAL_CASES, fastest, ordinary } from '../../support/adversarialInputs';

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

test('hostile inputs raise no findings', () => {
  for (const [name, text] of ADVERSARIAL_CASES) {
    assert.deepEqual(scanText(text, { path: 'input.txt' }).map((f) => f.ruleId), [], name);
  }
});
