import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskSecret, Redactor } from '../../src/core/redact';

test('maskSecret never returns the secret and keeps at most a short prefix', () => {
  const secret = 'canary-' + 'Q'.repeat(30);
  const masked = maskSecret(secret);
  assert.ok(!masked.includes(secret));
  assert.ok(!masked.includes('QQQQ'));
  assert.equal(maskSecret('abc'), '****');
});

test('Redactor masks every occurrence, longest secret first', () => {
  const r = new Redactor().add('s3cr3t-value', 's3cr3t-value-longer', undefined, 'ab');
  const out = r.redact('a=s3cr3t-value-longer b=s3cr3t-value c=ab');
  assert.ok(!out.includes('s3cr3t-value'));
  assert.ok(out.endsWith('c=ab'));
});

test('Redactor also masks a secret whose case was changed on the way, such as a lower-cased host', () => {
  const r = new Redactor().add('CanaryHostSecret42');
  const out = r.redact('origin http://canaryhostsecret42:8080 is not allowed; CANARYHOSTSECRET42 too');
  assert.ok(!out.toLowerCase().includes('canaryhostsecret42'), out);
  assert.ok(out.startsWith('origin http://'));
  assert.ok(out.endsWith(' too'));
});
