import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanText } from '../../../src/core/scan';
import { fakeApiKey } from '../../support/genericSecrets';
import { fakeToken } from '../../support/fakeTokens';

const key = fakeApiKey(61, 32);
const found = (text: string, path: string) => scanText(text, { path }).map((f) => [f.ruleId, f.secret]);
const located = (text: string, path: string) => scanText(text, { path }).map((f) => [f.line, f.ruleId]);

test('a bare key is a secret when its section names one: JSON objects, Python dicts, YAML blocks', () => {
  const cases: [string, string][] = [
    [`{\n  "Jwt": {\n    "Key": "${key}",\n    "Issuer": "https://api.internal"\n  }\n}\n`, 'appsettings.json'],
    [`{"Jwt":{"Issuer":"orders","Audience":"web","Key":"${key}"}}`, 'appsettings.Production.json'],
    [`SIGNING = {'key': '${key}', 'alg': 'HS256'}\n`, 'settings.py'],
    [`encryption:\n  algorithm: aes-256-gcm\n  key: ${key}\n`, 'config.yaml'],
    [`app:\n  encryption:\n    # rotated yearly\n    key: "${key}"  # from the vault once migrated\n`, 'values.yaml'],
  ];
  for (const [text, path] of cases) assert.deepEqual(found(text, path), [['generic-api-key', key]], path);
});

test('a bare key under a section that names no secret, in a list or holding a reference is left alone', () => {
  const cases: [string, string][] = [
    [`cache:\n  key: ${key}\n`, 'config.yaml'],
    [`tolerations:\n  - key: ${key}\n    operator: Exists\n`, 'pod.yaml'],
    [`{"items": [{"key": "${key}", "value": "x"}]}`, 'collection.json'],
    ['{"signing": {"key": "${SIGNING_KEY}"}}', 'config.json'],
    [`{"jwt": {"key": "short"}}`, 'config.json'],
    [`jwt = { key: "${key}" }\n`, 'auth.ts'],
    [`encryption:\n  key: ${key} and more words\n`, 'notes.yaml'],
  ];
  for (const [text, path] of cases) assert.deepEqual(found(text, path), [], path);
});

test("braces inside strings do not hide the section, and a section's name is read whatever its quotes", () => {
  const text = `{\n  "jwt": {\n    "note": "use {curly} braces } freely",\n    "key": "${key}"\n  }\n}\n`;
  assert.deepEqual(found(text, 'config.json'), [['generic-api-key', key]]);
  assert.deepEqual(found(`{'hmac': {'key': '${key}'}}`, 'data.json'), [['generic-api-key', key]]);
});

test('each key is judged under its own section, however its siblings and nested objects fall', () => {
  const filler = fakeApiKey(62, 24);
  const text = `{"cache": {"key": "${filler}"},\n "jwt": {"inner": {"key": "${filler}"},\n  "key": "${key}"}}\n`;
  assert.deepEqual(found(text, 'config.json'), [['generic-api-key', key]]);
  const yaml = `jwt:\n  issuer: orders\n  key: ${key}\ncache:\n  key: ${filler}\n`;
  assert.deepEqual(found(yaml, 'config.yaml'), [['generic-api-key', key]]);
});

test('a section named with its settings word counts, and encrypt, aes, crypto and cipher name keys', () => {
  const cases: [string, string][] = [
    [`{\n  "JwtSettings": {\n    "Key": "${key}"\n  }\n}\n`, 'appsettings.json'],
    [`{"AesOptions": {"Key": "${key}"}}`, 'appsettings.json'],
    [`encrypt:\n  key: ${key}\n`, 'bootstrap.yml'],
    [`crypto:\n  key: ${key}\n`, 'config.yaml'],
  ];
  for (const [text, path] of cases) assert.deepEqual(found(text, path), [['generic-api-key', key]], path);
});

test('values that point at a key or name one are not keys: paths, aliases, ids, public keys, headers, versions', () => {
  const spki = `MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A${fakeApiKey(63, 40)}`;
  const values = ['alias/my-app-key', 'projects/p/locations/global/keyRings/r/cryptoKeys/k', 'classpath:keys/jwt.jks',
    'file:./keys/private.pem', '3AA5C34371567BD2', '3AA5C34371567BD2B0C2A1D5E7F9A1B3C5D7E9F1', spki,
    'X-API-KEY-HEADER', 'v1.2.3-rc.4+build.5', 'service-account.json'];
  for (const value of values) {
    assert.deepEqual(found(`encryption:\n  key: ${value}\n`, 'config.yaml'), [], value);
    assert.deepEqual(found(`{"jwt": {"key": "${value}"}}`, 'config.json'), [], value);
  }
  assert.deepEqual(found(`{"auth": {"key": "${key}", "value": "x"}}`, 'collection.json'), []);
});

test('INI and TOML: a key under a section that names one, not under one that does not', () => {
  assert.deepEqual(found(`[server]\nport = 8080\n\n[jwt]\nissuer = orders\nkey = ${key}\n`, 'app.ini'),
    [['generic-api-key', key]]);
  assert.deepEqual(found(`[tool.encryption]\nkey = "${key}"  # rotate\n`, 'config.toml'), [['generic-api-key', key]]);
  assert.deepEqual(found(`[cache]\nkey=${key}\n`, 'app.ini'), []);
  assert.deepEqual(found(`[jwt]\n    key = compute(${key})\n`, 'job.cfg'), []);
  assert.deepEqual(found(`class Jwt:\n    key = "${key}"\n`, 'jwt.py'), []);
});

test('a bare credential name takes its provider from the section it sits in', () => {
  const snyk = fakeToken('snyk-api-token', 3);
  const heroku = fakeToken('heroku-api-key-legacy', 4);
  const datadog = fakeToken('datadog-api-key', 5);
  const yaml = `integrations:\n  snyk:\n    token: ${snyk}\n  heroku:\n    api_key: "${heroku}"\n  datadog:\n` +
    `    apiKey: ${datadog}\n`;
  assert.deepEqual(located(yaml, 'integrations.yaml'), [[3, 'snyk-api-token'], [5, 'heroku-api-key-legacy'],
    [7, 'datadog-api-key']]);
  const json = `{\n  "Datadog": {\n    "ApiKey": "${datadog}"\n  },\n  "Snyk": { "Token": "${snyk}" }\n}\n`;
  assert.deepEqual(located(json, 'appsettings.json'), [[3, 'datadog-api-key'], [5, 'snyk-api-token']]);
  assert.deepEqual(located(`[heroku]\napi_key = ${heroku}\n`, 'credentials.ini'), [[2, 'heroku-api-key-legacy']]);
  // Quoted keys outside any object: YAML's `"token":`, TOML's `"api_key" =`.
  assert.deepEqual(located(`snyk:\n  "token": ${snyk}\n`, 'integrations.yaml'), [[2, 'snyk-api-token']]);
  assert.deepEqual(located(`[heroku]\n"api_key" = "${heroku}"\n`, 'deploy.toml'), [[2, 'heroku-api-key-legacy']]);
  assert.deepEqual(located(`{"snyk": [\n  {\n    "token": "${snyk}"\n  }\n]}\n`, 'list.json'), []);
  // A TOML array of tables names its section in double brackets.
  assert.deepEqual(located(`[[heroku.accounts]]\napi_key = "${heroku}"\n`, 'deploy.toml'), [[2, 'heroku-api-key-legacy']]);
  // Under a section of another name, a UUID is an id, not a token.
  assert.deepEqual(located(`services:\n  billing:\n    token: ${snyk}\n`, 'services.yaml'), []);
});
