import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commitDate, leakMessage } from '../../../src/core/leaks/leakMessage';

const finding = {
  title: 'GitHub personal access token',
  provider: 'GitHub',
  revokeUrl: 'https://github.com/settings/tokens',
};

test('an uncommitted secret: move it out of the code and revoke it', () => {
  assert.equal(
    leakMessage(finding),
    'GitHub personal access token in source: move it to .env or SecretStorage ' +
      'and revoke it at https://github.com/settings/tokens.',
  );
});

test('names the provider when the title does not', () => {
  assert.match(
    leakMessage({ title: 'Secret key', provider: 'Stripe', revokeUrl: '' }),
    /^Secret key \(Stripe\) in source: .* revoke it with its issuer\.$/,
  );
});

test('generic and custom findings name no provider and no revocation page', () => {
  const message = leakMessage({
    title: 'Hard-coded password',
    provider: 'Generic',
    revokeUrl: 'https://example.test/rotating-secrets',
  });
  assert.equal(
    message,
    'Hard-coded password in source: move it to .env or SecretStorage and revoke it wherever ' +
      'it is issued (see https://example.test/rotating-secrets).',
  );
  assert.match(
    leakMessage({ title: 'Ticket key', provider: 'Custom', revokeUrl: '' }),
    /^Ticket key in source/,
  );
});

test('a committed secret: names the commit and date and asks for rotation, not just deletion', () => {
  const message = leakMessage(finding, {
    commit: '0123456789abcdef0123456789abcdef01234567',
    time: 1767225600,
  });
  assert.match(message, /already in commit 0123456 \(2026-01-01\)/);
  assert.match(message, /rotate it at https:\/\/github\.com\/settings\/tokens/);
  assert.match(message, /deleting it from the file leaves it in git history/);
});

test('dates are UTC', () => {
  assert.equal(commitDate(Date.parse('2026-03-04T23:59:59Z') / 1000), '2026-03-04');
});

test('a secret in a .env file that git does not ignore: ignore the file, not move the secret', () => {
  for (const file of ['/app/.env', '.env.local', 'C:\\app\\.env.production']) {
    const message = leakMessage(finding, undefined, file);
    assert.match(message, /in a \.env file: make sure git ignores it \(\.gitignore\)/, file);
    assert.doesNotMatch(message, /move it to \.env/, file);
  }
  for (const file of ['/app/.env.example', '/app/config.env.js', '/app/src/app.ts']) {
    assert.match(leakMessage(finding, undefined, file), /in source: move it to \.env/, file);
  }
});
