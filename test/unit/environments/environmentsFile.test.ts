import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  editEnvironmentsText,
  parseEnvironmentsFile,
  renameKeyInText,
  serializeEnvironmentsFile,
} from '../../../src/core/environments/environmentsFile';
import { canary } from '../../support/environmentCanaries';

test('a syntax error is reported with its line and column, and marks the file as not writable', () => {
  const text =
    '{\n  "version": 1,\n  "environments": {\n' +
    '    "dev": { "variables": { "a": "1" } }\n    "prod": {}\n  }\n}\n';
  const parsed = parseEnvironmentsFile(text);
  assert.equal(parsed.hasErrors, true);
  const first = parsed.problems[0];
  assert.equal(first.severity, 'error');
  assert.equal(first.line, 5);
  assert.equal(first.column, 5);
  assert.match(first.message, /comma expected/);
});

test('an unterminated string points at the string', () => {
  const text = '{\n  "version": 1,\n  "environments": { "dev": { "variables": { "x": "abc } } }\n}';
  const parsed = parseEnvironmentsFile(text);
  assert.ok(parsed.hasErrors);
  assert.ok(parsed.problems.some((p) => p.line === 3 && /unterminated string/.test(p.message)));
});

test('structural errors carry the position of the offending value', () => {
  const text = [
    '{',
    '  "version": 1,',
    '  "environments": {',
    '    "dev": {',
    '      "variables": { "baseUrl": 42 },',
    '      "credentials": {',
    '        "api": { "type": "apiKey", "in": "cookie", "name": "X-Key", "origins": [] },',
    '        "weird": { "type": "magic" }',
    '      }',
    '    }',
    '  }',
    '}',
  ].join('\n');
  const parsed = parseEnvironmentsFile(text);
  assert.ok(parsed.hasErrors);
  const at = (re: RegExp) => parsed.problems.find((p) => re.test(p.message));
  assert.deepEqual([at(/baseUrl.*must be a string/)?.line, at(/baseUrl.*must be a string/)?.column], [5, 33]);
  assert.equal(at(/"in" must be/)?.line, 7);
  assert.equal(at(/weird.*needs "type"/)?.line, 8);
  // Broken entries are left out, the rest stays usable for reading.
  assert.deepEqual(parsed.file.environments.dev.credentials, {});
  assert.equal(parsed.file.environments.dev.variables.baseUrl, undefined);
});

test('a secret value written into the file is an error that names the field, not the value', () => {
  const secretValue = ['s', '3', 'c', 'r', 'e', 't'].join('') + Date.now();
  const text = JSON.stringify({
    version: 1,
    environments: {
      dev: {
        variables: {},
        credentials: { db: { type: 'basic', username: 'u', password: secretValue, origins: [] } },
      },
    },
  });
  const parsed = parseEnvironmentsFile(text);
  const problem = parsed.problems.find((p) => /password/.test(p.message));
  assert.ok(problem);
  assert.equal(problem.severity, 'error');
  assert.ok(!problem.message.includes(secretValue));
});

test('comments and trailing commas are accepted; unknown properties are warnings', () => {
  const text =
    '// team environments\n{ "version": 1, "environments": ' +
    '{ "dev": { "variables": {}, "credentials": {}, "extra": 1 }, }, }';
  const parsed = parseEnvironmentsFile(text);
  assert.equal(parsed.hasErrors, false);
  assert.deepEqual(
    parsed.problems.map((p) => p.severity),
    ['warning'],
  );
  assert.ok(parsed.file.environments.dev);
});

test('a valid file with every credential type parses into the model', () => {
  const file = {
    version: 1 as const,
    defaultEnvironment: 'dev',
    environments: {
      dev: {
        variables: { baseUrl: 'https://api.example.test' },
        credentials: {
          s: { type: 'secret' as const, origins: [] },
          k: {
            type: 'apiKey' as const,
            in: 'query' as const,
            name: 'api_key',
            origins: ['https://api.example.test'],
          },
          b: { type: 'bearer' as const, origins: [] },
          u: { type: 'basic' as const, username: 'me', origins: [] },
          o: {
            type: 'oauth2' as const,
            grant: 'device_code' as const,
            issuer: 'https://id.example.test',
            clientId: 'c',
            scopes: ['read'],
            origins: [],
          },
        },
      },
    },
  };
  const parsed = parseEnvironmentsFile(serializeEnvironmentsFile(file));
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(parsed.file, file);
});

test('an oauth2 credential needs an issuer or a token endpoint', () => {
  const text = JSON.stringify({
    version: 1,
    environments: {
      dev: {
        variables: {},
        credentials: {
          o: { type: 'oauth2', grant: 'client_credentials', clientId: 'c', origins: [] },
        },
      },
    },
  });
  assert.ok(parseEnvironmentsFile(text).problems.some((p) => /issuer.*tokenEndpoint/.test(p.message)));
});

test("edits keep comments and the user's indentation", () => {
  const text = [
    '{',
    '\t// shared with the team',
    '\t"version": 1,',
    '\t"environments": {',
    '\t\t"dev": { "variables": { "a": "1" /* keep me */ }, "credentials": {} }',
    '\t}',
    '}',
  ].join('\n');
  const edited = editEnvironmentsText(text, ['environments', 'prod'], {
    variables: { b: '2' },
    credentials: {},
  });
  assert.ok(edited.includes('// shared with the team'));
  assert.ok(edited.includes('/* keep me */'));
  assert.ok(edited.includes('\n\t\t"prod": {'));
  assert.equal(parseEnvironmentsFile(edited).file.environments.prod.variables.b, '2');
});

test('renaming a key keeps its value, comments and position', () => {
  const text =
    '{\n  "version": 1,\n  "environments": {\n' +
    '    "dev": { /* mine */ "variables": {}, "credentials": {} },\n' +
    '    "prod": { "variables": {}, "credentials": {} }\n  }\n}\n';
  const renamed = renameKeyInText(text, ['environments', 'dev'], 'development');
  assert.equal(renamed, text.replace('"dev"', '"development"'));
});

test('an empty file is an empty model without problems', () => {
  const parsed = parseEnvironmentsFile('  \n');
  assert.deepEqual(parsed.file, { version: 1, environments: {} });
  assert.equal(parsed.hasErrors, false);
});

test('a key repeated in one object is an error at the second key, so the file is never rewritten', () => {
  const text =
    '{\n  "version": 1,\n  "environments": {\n    "dev": { "variables": { "a": "1" } },\n' +
    '    "dev": { "variables": { "b": "2", "b": "3" } }\n  }\n}\n';
  const parsed = parseEnvironmentsFile(text);
  assert.equal(parsed.hasErrors, true);
  assert.deepEqual(
    parsed.problems.map((p) => `${p.line}:${p.column} ${p.message}`),
    ['5:5 duplicate key "dev"', '5:39 duplicate key "b"'],
  );
});

test('positions stay right when a file has thousands of problems on many lines', () => {
  const lines = Array.from({ length: 3000 }, (_, i) => `      "v${i}": ${i}`);
  const text =
    '{\r\n  "version": 1,\r\n  "environments": { "dev": { "variables": {\r\n' +
    `${lines.join(',\r\n')}\r\n} } }\r\n}`;
  const parsed = parseEnvironmentsFile(text);
  assert.equal(parsed.problems.length, 3000);
  assert.deepEqual(
    [parsed.problems[0], parsed.problems[2999]].map((p) => [p.line, p.column, p.message]),
    [
      [4, 13, 'variable "v0" must be a string'],
      [3003, 16, 'variable "v2999" must be a string'],
    ],
  );
});

test('a secret typed into a variable is a warning at the value that does not repeat the value', () => {
  const secret = canary('typed', 4);
  const text =
    '{\n  "version": 1,\n  "environments": { "dev": { "variables": {\n' +
    `    "API_TOKEN": "${secret}",\n    "baseUrl": "https://api.example.com" } } }\n}\n`;
  const parsed = parseEnvironmentsFile(text);
  assert.equal(parsed.hasErrors, false, 'a warning only: the file stays editable');
  assert.deepEqual(
    parsed.problems.map((p) => [p.severity, p.line, p.column]),
    [['warning', 4, 18]],
  );
  assert.match(parsed.problems[0].message, /variable "API_TOKEN" looks like a secret/);
  assert.ok(!parsed.problems[0].message.includes(secret));
});

test('names like __proto__ and toString are errors instead of values that vanish or appear', () => {
  const text =
    '{ "version": 1, "environments": { "__proto__": { "variables": { "a": "1" } },\n' +
    '  "dev": { "variables": { "toString": "x", "ok": "y" }, "credentials": { "constructor": ' +
    '{ "type": "secret", "origins": [] } } } } }';
  const parsed = parseEnvironmentsFile(text);
  assert.equal(parsed.hasErrors, true, 'the file is not rewritten');
  assert.deepEqual(
    parsed.problems.map((p) => `${p.line} ${p.message}`),
    [
      '1 "__proto__" is a reserved name; choose another',
      '2 "toString" is a reserved name; choose another',
      '2 "constructor" is a reserved name; choose another',
    ],
  );
  assert.deepEqual(Object.keys(parsed.file.environments), ['dev']);
  assert.deepEqual(parsed.file.environments.dev.variables, { ok: 'y' });
});
