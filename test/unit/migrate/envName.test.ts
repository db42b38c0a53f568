import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseEnvName, inferEnvName, isValidEnvName, toEnvName } from '../../../src/core/migrate/envName';

/** Infers a name for the literal that starts at the `"` after the marker `⟪`. */
function infer(source: string, fallback = 'GITHUB_TOKEN',
  options: { whole?: boolean; indentBased?: boolean } = {}) {
  const literalStart = source.indexOf('⟪');
  const text = source.replace('⟪', '');
  return inferEnvName({ text, literalStart, whole: options.whole ?? true, fallback,
    indentBased: options.indentBased });
}

test('toEnvName turns identifiers and keys into SCREAMING_SNAKE_CASE', () => {
  assert.equal(toEnvName('stripeKey'), 'STRIPE_KEY');
  assert.equal(toEnvName('api-token'), 'API_TOKEN');
  assert.equal(toEnvName('HTTPClientSecret'), 'HTTP_CLIENT_SECRET');
  assert.equal(toEnvName('2fa.seed'), '_2FA_SEED');
});

test('names come from the variable, property or key the literal is assigned to', () => {
  assert.equal(infer('const stripeKey = ⟪"x";'), 'STRIPE_KEY');
  assert.equal(infer('{"api_token": ⟪"x"}'), 'API_TOKEN');
  assert.equal(infer("$cfg = ['slack_webhook' => ⟪'x'];"), 'SLACK_WEBHOOK');
  assert.equal(infer('token := ⟪"x"', 'GITHUB_TOKEN'), 'GITHUB_TOKEN');
  assert.equal(infer('val sendgridApiKey: String = ⟪"x"'), 'SENDGRID_API_KEY');
  assert.equal(infer('config["openai_key"] = ⟪"x"'), 'OPENAI_KEY');
  assert.equal(infer('this.mailgunKey = ⟪"x"'), 'MAILGUN_KEY');
});

test('a generic key is qualified by its dotted prefix or the enclosing object', () => {
  assert.equal(infer('db.password=⟪x'), 'DB_PASSWORD');
  assert.equal(infer('spring.datasource.password=⟪x'), 'DATASOURCE_PASSWORD');
  assert.equal(infer('const config = { db: { host: "h", password: ⟪"x" } }'), 'DB_PASSWORD');
  assert.equal(infer('services:\n  db:\n    environment:\n      password: ⟪x\n', 'PASSWORD',
    { indentBased: true }),
    'DB_PASSWORD');
});

test('without a telling name the rule suggestion is used', () => {
  assert.equal(infer('password = ⟪"x"', 'GITHUB_TOKEN'), 'GITHUB_TOKEN');
  assert.equal(infer('call(⟪"x")'), 'GITHUB_TOKEN');
  assert.equal(infer('const value = ⟪"x"'), 'GITHUB_TOKEN');
  assert.equal(infer('if (token == ⟪"x")'), 'GITHUB_TOKEN');
  // A secret that is only part of a string (a URL) is named by its rule, not by the URL's variable.
  assert.equal(infer('const dbUrl = ⟪"postgres://u:x@h"', 'POSTGRES_PASSWORD', { whole: false }),
    'POSTGRES_PASSWORD');
  assert.equal(infer('x = ⟪"y"', 'not a name'), 'SECRET');
});

test('names are validated as environment variable names', () => {
  assert.ok(isValidEnvName('GITHUB_TOKEN'));
  assert.ok(isValidEnvName('_X2'));
  assert.ok(!isValidEnvName('2X'));
  assert.ok(!isValidEnvName('github_token'));
  assert.ok(!isValidEnvName('A-B'));
  assert.ok(!isValidEnvName(''));
});

test('chooseEnvName makes names unique with _2, _3 and reuses a key holding the same value', () => {
  const existing = new Map([['API_KEY', 'one'], ['API_KEY_2', 'two'], ['OTHER', 'same']]);
  assert.deepEqual(chooseEnvName('API_KEY', 'three', existing), { name: 'API_KEY_3', reused: false });
  assert.deepEqual(chooseEnvName('API_KEY', 'same', existing), { name: 'OTHER', reused: true });
  assert.deepEqual(chooseEnvName('NEW_KEY', 'fresh', existing), { name: 'NEW_KEY', reused: false });
});

test('chooseEnvName maps names to keys (Terraform TF_VAR_x) for both uniqueness and reuse', () => {
  const keyOf = (n: string) => `TF_VAR_${n.toLowerCase()}`;
  const existing = new Map([['TF_VAR_db_password', 'a'], ['TF_VAR_api', 'b'], ['PLAIN', 'c']]);
  assert.deepEqual(chooseEnvName('DB_PASSWORD', 'z', existing, keyOf), { name: 'DB_PASSWORD_2',
    reused: false });
  assert.deepEqual(chooseEnvName('X', 'b', existing, keyOf), { name: 'API', reused: true });
  // PLAIN holds the value but is not a Terraform variable: it cannot be reused as one.
  assert.deepEqual(chooseEnvName('X', 'c', existing, keyOf), { name: 'X', reused: false });
});
