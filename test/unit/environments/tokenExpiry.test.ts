import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeExpiry } from '../../../src/core/environments/tokenExpiry';

test('expiry reads as a countdown in the largest whole unit, and as elapsed time once expired', () => {
  const now = 1_000_000_000_000;
  assert.equal(describeExpiry(now + 45_000, now), 'token expires in 45s');
  assert.equal(describeExpiry(now + 5 * 60_000 + 59_000, now), 'token expires in 5m');
  assert.equal(describeExpiry(now + 3 * 3_600_000, now), 'token expires in 3h');
  assert.equal(describeExpiry(now + 2 * 86_400_000, now), 'token expires in 2d');
  assert.equal(describeExpiry(now - 120_000, now), 'token expired 2m ago');
  assert.equal(describeExpiry(undefined, now), 'token without expiry');
});
