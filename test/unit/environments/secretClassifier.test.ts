import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isSecret,
  nameWords,
  secretByName,
  secretByValue,
} from '../../../src/core/environments/secretClassifier';
import { fakeJwt, seededSecret } from '../../support/environmentCanaries';

test('names are split into words whatever the casing', () => {
  assert.deepEqual(nameWords('dbPassword'), ['db', 'password']);
  assert.deepEqual(nameWords('STRIPE_API_KEY'), ['stripe', 'api', 'key']);
  assert.deepEqual(nameWords('client-secret'), ['client', 'secret']);
});

test('secret by name, unless the last word says it describes a place or an id', () => {
  for (const name of [
    'DB_PASSWORD',
    'apiKey',
    'client_secret',
    'GITHUB_TOKEN',
    'sessionCookie',
    'PRIVATE_KEY',
  ]) {
    assert.equal(secretByName(name), true, name);
  }
  for (const name of [
    'TOKEN_URL',
    'authEndpoint',
    'KEY_ID',
    'baseUrl',
    'PUBLIC_KEY',
    'keyboardLayout',
    'monkey',
  ]) {
    assert.equal(secretByName(name), false, name);
  }
});

test('secret by value: long random strings and JWTs, not UUIDs, URLs, paths or words', () => {
  assert.equal(secretByValue(seededSecret(5, 32)), true);
  assert.equal(secretByValue(fakeJwt(1)), true);
  assert.equal(secretByValue('123e4567-e89b-12d3-a456-426614174000'), false);
  assert.equal(secretByValue('https://api.example.test/v1/items?page=2'), false);
  assert.equal(secretByValue('/usr/local/share/ca-certificates/x'), false);
  assert.equal(secretByValue('ThisIsJustAVeryLongIdentifierName'), false);
  assert.equal(secretByValue('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'), false);
  assert.equal(secretByValue('build-2024-release-candidate-1'), false);
});

test('an empty value is never a secret', () => {
  assert.equal(isSecret('PASSWORD', ''), false);
});
