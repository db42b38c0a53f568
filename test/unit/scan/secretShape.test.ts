import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GENERATED_SECRET_SHAPE, PASSWORD_SHAPE, charClasses, looksRandomEnough, shannonEntropy,
} from '../../../src/core/scan/secretShape';
import { fakeApiKey, fakePassword } from '../../support/genericSecrets';

test('shannonEntropy: 0 for one repeated character, log2(n) for n distinct characters', () => {
  assert.equal(shannonEntropy(''), 0);
  assert.equal(shannonEntropy('aaaaaaaa'), 0);
  assert.equal(shannonEntropy('abcd'), 2);
  assert.ok(shannonEntropy(fakeApiKey(1, 40)) > 4);
});

test('charClasses counts lower, upper, digits and symbols', () => {
  assert.deepEqual(charClasses('aB3!'), { lower: true, upper: true, digit: true, symbol: true, count: 4 });
  assert.equal(charClasses('abcdef').count, 1);
});

test('looksRandomEnough: generated keys and chosen passwords pass; words and sequences do not', () => {
  assert.equal(looksRandomEnough(fakePassword(2), PASSWORD_SHAPE), true);
  assert.equal(looksRandomEnough(fakeApiKey(3), GENERATED_SECRET_SHAPE), true);
  for (const weak of ['12345678', 'abcdefgh', 'aaaaaaaaaaaa', 'Password', 'short1A']) {
    assert.equal(looksRandomEnough(weak, PASSWORD_SHAPE), false, weak);
  }
  assert.equal(looksRandomEnough('averylongbutordinaryword', GENERATED_SECRET_SHAPE), false);
});

test('looksRandomEnough: a word in any script is not random, a random value with accents still is', () => {
  for (const word of ['Contraseña', 'Пароль', 'パスワード', 'Hasło', 'Kennwörter']) {
    assert.equal(looksRandomEnough(word, PASSWORD_SHAPE), false, word);
  }
  assert.equal(looksRandomEnough(`${fakePassword(91)}é`, PASSWORD_SHAPE), true);
});
