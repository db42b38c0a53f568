import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCustomRules, scanText, unsafePatternReason } from '../../../src/core/scan';
import { fakeApiKey } from '../../support/genericSecrets';

test('a valid custom rule compiles with defaults and finds its secret', () => {
  const { rules, errors } = compileCustomRules([
    { id: 'acme-key', regex: 'ACME-(?<secret>[A-Z0-9]{20})', keywords: ['ACME-'] },
  ]);
  assert.deepEqual(errors, []);
  assert.equal(rules[0].severity, 'high');
  assert.equal(rules[0].title, 'Custom rule acme-key');
  assert.deepEqual(rules[0].keywords, ['acme-']);
  const secret = fakeApiKey(60, 20).toUpperCase();
  const findings = scanText(`key = ACME-${secret}`, { path: 'a.txt', extraRules: rules });
  assert.deepEqual(findings.map((f) => [f.ruleId, f.secret]), [['acme-key', secret]]);
});

test('bad definitions are reported one by one, with what to change, and good ones still compile', () => {
  const { rules, errors } = compileCustomRules([
    { id: 'broken', regex: '([a-z' },
    { id: 'empty', regex: 'x*' },
    { id: 'nested', regex: '(\\w+\\s?)+$' },
    { id: 'Bad Id', regex: 'abc' },
    { id: 'private-key', regex: 'abc' },
    { id: 'sev', regex: 'abc', severity: 'urgent' },
    { id: 'kw', regex: 'abc', keywords: [''] },
    'not an object',
    { id: 'fine', regex: 'fine_[0-9]{8}' },
  ]);
  assert.deepEqual(rules.map((r) => r.id), ['fine']);
  const byIndex = new Map(errors.map((e) => [e.index, e.message]));
  assert.match(byIndex.get(0) ?? '', /not a valid JavaScript regular expression/);
  assert.match(byIndex.get(1) ?? '', /matches the empty string/);
  assert.match(byIndex.get(2) ?? '', /unsafe: nested quantifier.*exponential/);
  assert.match(byIndex.get(3) ?? '', /kebab-case/);
  assert.match(byIndex.get(4) ?? '', /already used/);
  assert.match(byIndex.get(5) ?? '', /severity.*critical, high, medium, low/);
  assert.match(byIndex.get(6) ?? '', /keywords/);
  assert.match(byIndex.get(7) ?? '', /expected an object/);
  assert.equal(compileCustomRules('nope').errors.length, 1);
});

test('unsafePatternReason flags nested and stacked unbounded repeats, accepts ordinary token shapes', () => {
  for (const unsafe of ['(a+)+', '(\\w+\\s?)*x', '((ab)*c)+', '(?:[a-z]+,)*$', 'key=.*secret=.*;']) {
    assert.ok(unsafePatternReason(unsafe), unsafe);
  }
  for (const safe of ['acme_[A-Za-z0-9]{32}', '(?:ab|cd){1,3}x', 'x(?<secret>[0-9a-f]{40})', '[(+)]+',
    '\\(a+\\)+', '(?:sk|rk)_live_[A-Za-z0-9]{24,99}', '.*']) {
    assert.equal(unsafePatternReason(safe), undefined, safe);
  }
});
