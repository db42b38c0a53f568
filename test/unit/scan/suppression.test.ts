import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowsNextLine, allowsSameLine, mayContainSuppression } from '../../../src/core/scan/suppression';

test('same-line markers of token-warden, gitleaks, detect-secrets and secretlint', () => {
  for (const line of ['x = 1 // token-warden:allow', 'x = 1 # gitleaks:allow',
    'x = 1  # pragma: allowlist secret',
    'x = 1 // secretlint-disable-line', 'x = 1 <!-- token-warden:allow -->', 'x = 1 -- TOKEN-WARDEN:ALLOW']) {
    assert.equal(allowsSameLine(line), true, line);
    assert.equal(mayContainSuppression(line.toLowerCase()), true);
  }
  assert.equal(allowsSameLine('// token-warden:allow-next-line'), false,
    'the next-line marker does not allow its own line');
  assert.equal(allowsSameLine('x = 1 // allowed here'), false);
});

test('next-line markers', () => {
  for (const line of ['// token-warden:allow-next-line', '# pragma: allowlist nextline secret',
    '/* secretlint-disable-next-line */']) {
    assert.equal(allowsNextLine(line), true, line);
  }
  assert.equal(allowsNextLine('// token-warden:allow'), false);
});
