import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCustomRules, fingerprintOf, scanText, type Rule } from '../../../src/core/scan';
import { fakeApiKey, fakeBase64, fakePassword, fakePemPrivateKey } from '../../support/genericSecrets';
import {
  fakeToken, fakeTokenInContext, nearMiss, nearMissInContext, ruleIdsWithGenerators,
} from '../../support/fakeTokens';

/** A provider-like rule built at test time, standing in for the catalogue. */
function acmeRule(): Rule[] {
  const { rules, errors } = compileCustomRules([
    { id: 'acme-token', regex: 'acme_(?<secret>[A-Za-z0-9]{32})', keywords: ['acme_'], title: 'Acme token' },
  ]);
  assert.deepEqual(errors, []);
  return rules;
}

function rawPosition(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

test('a secret in a notebook cell is found at its line and column in the raw JSON, decoded', () => {
  const password = fakePassword(41).replace(/[\\"]/g, 'x');
  const notebook = JSON.stringify({
    cells: [
      { cell_type: 'markdown', source: ['# Load data\n', 'Uses the "warehouse" connection.\n'] },
      {
        cell_type: 'code',
        source: ['import os\n', `db_password = "${password}"\n`, 'connect(db_password)\n'],
      },
    ],
    metadata: {}, nbformat: 4, nbformat_minor: 5,
  }, null, 1);
  const findings = scanText(notebook, { path: 'analysis.ipynb' });
  assert.equal(findings.length, 1);
  const [finding] = findings;
  assert.equal(finding.ruleId, 'generic-password');
  assert.equal(finding.secret, password);
  // In the raw file the value sits after `db_password = \"`.
  const rawStart = notebook.indexOf(`db_password = \\"${password}`) + 'db_password = \\"'.length;
  assert.deepEqual({ line: finding.line, column: finding.column }, rawPosition(notebook, rawStart));
  assert.equal(notebook.slice(finding.start, finding.end), password);
});

test('escaped characters inside the secret are decoded and the raw range covers the escapes', () => {
  const key = fakeApiKey(42, 30);
  const escaped = `${key.slice(0, 10)}\\u00${key.charCodeAt(10).toString(16)}${key.slice(11)}`;
  const text = `{"config": "api_key=\\"${escaped}\\""}`;
  const [finding] = scanText(text, { path: 'config.json' });
  assert.equal(finding.secret, key);
  assert.equal(text.slice(finding.start, finding.end), escaped);
});

const COMMENT_SYNTAXES: [string, (marker: string) => string][] = [
  ['app.ts', (m) => `// ${m}`],
  ['app.py', (m) => `# ${m}`],
  ['page.html', (m) => `<!-- ${m} -->`],
  ['style.css', (m) => `/* ${m} */`],
  ['query.sql', (m) => `-- ${m}`],
  ['setup.ini', (m) => `; ${m}`],
];

test('suppression: every same-line marker, in several comment syntaxes', () => {
  for (const [path, comment] of COMMENT_SYNTAXES) {
    const line = `api_key = "${fakeApiKey(path.length)}"`;
    assert.equal(scanText(line, { path }).length, 1, `${path}: found without a marker`);
    const markers = ['token-warden:allow', 'gitleaks:allow', 'pragma: allowlist secret',
      'secretlint-disable-line'];
    for (const marker of markers) {
      assert.deepEqual(scanText(`${line} ${comment(marker)}`, { path }), [], `${path}: ${marker}`);
    }
  }
});

test('suppression: every next-line marker allows only the line below it', () => {
  for (const [path, comment] of COMMENT_SYNTAXES) {
    const line = `api_key = "${fakeApiKey(path.length + 1)}"`;
    for (const marker of ['token-warden:allow-next-line', 'pragma: allowlist nextline secret',
      'secretlint-disable-next-line']) {
      const text = `${comment(marker)}\n${line}\n${line.replace('api_key', 'other_api_key')}\n`;
      const findings = scanText(text, { path });
      assert.deepEqual(findings.map((f) => f.line), [3], `${path}: ${marker}`);
    }
  }
});

test('suppression of a multi-line private key: marker on the line above the block', () => {
  const pem = fakePemPrivateKey(43);
  assert.equal(scanText(`# token-warden:allow-next-line\n${pem}\n`, { path: 'k.txt' }).length, 0);
  assert.equal(scanText(`# unrelated\n${pem}\n`, { path: 'k.txt' }).length, 1);
});

test('a provider rule wins over the generic detectors where they overlap', () => {
  const token = `acme_${fakeApiKey(44, 32)}`;
  const findings = scanText(`api_key = "${token}"\nAuthorization: Bearer ${token}\n`, {
    path: 'a.env', extraRules: acmeRule(),
  });
  assert.deepEqual(findings.map((f) => f.ruleId), ['acme-token', 'acme-token']);
  assert.equal(findings[0].secret, token.slice('acme_'.length));
});

test('every provider rule: its fake token in context is found by that rule, its near miss is not', () => {
  const missed: string[] = [];
  const wrong: string[] = [];
  for (const id of ruleIdsWithGenerators()) {
    for (const seed of [1, 2]) {
      const token = fakeToken(id, seed);
      const text = `# settings\n${fakeTokenInContext(id, seed)}\n`;
      const findings = scanText(text, { path: 'config/settings.env' });
      const mine = findings.find((f) => f.ruleId === id);
      const got = findings.map((f) => f.ruleId).join(', ') || 'nothing';
      if (!mine) missed.push(`${id} (seed ${seed}): got ${got}`);
      else if (mine.secret !== token && !token.includes(mine.secret)) wrong.push(id);
      else assert.equal(text.slice(mine.start, mine.end), mine.secret);
      const near = scanText(nearMissInContext(id, seed), { path: 'config/settings.env' });
      assert.ok(!near.some((f) => f.ruleId === id), `${id}: near miss reported`);
    }
  }
  assert.deepEqual(missed, []);
  assert.deepEqual(wrong, []);
});

test('in long texts (rules run near their keywords only) every provider token is still found', () => {
  const filler = 'export function load(config) { return fetch(config.url, { method: "GET" }); }\n'
    .repeat(300);
  const missed: string[] = [];
  for (const id of ruleIdsWithGenerators()) {
    const text = `${filler}${fakeTokenInContext(id, 3)}\n${filler}${fakeTokenInContext(id, 4)}`;
    assert.ok(text.length > 40_000);
    const found = scanText(text, { path: 'config/settings.env' }).filter((f) => f.ruleId === id);
    if (found.length !== 2) missed.push(`${id}: ${found.length} of 2`);
    for (const f of found) assert.equal(text.slice(f.start, f.end), f.secret, id);
  }
  assert.deepEqual(missed, []);
});

test('provider matches that are documentation examples or redacted are dropped', () => {
  const rules = acmeRule();
  const example = `acme_${'A'.repeat(3)}${fakeApiKey(45, 22)}EXAMPLE`;
  assert.equal(example.length, 'acme_'.length + 32);
  assert.deepEqual(scanText(`t = "${example}"`, { path: 'a.txt', extraRules: rules }), []);
  assert.deepEqual(scanText(`t = "acme_${'x'.repeat(32)}"`, { path: 'a.txt', extraRules: rules }), []);
});

test('lock files: integrity and resolved lines are skipped, credentials in URLs are still reported', () => {
  const b64 = fakeBase64(46, 86);
  const password = fakePassword(47).replace(/[#?@%/]/g, 'x');
  const lock = JSON.stringify({
    packages: {
      'node_modules/a': {
        version: '1.0.0',
        resolved: `https://ci:${password}@npm.internal/a/-/a-1.0.0.tgz`,
        integrity: `sha512-${b64}==`,
        token: fakeApiKey(48),
      },
    },
  }, null, 2);
  const findings = scanText(lock, { path: 'package-lock.json' });
  assert.deepEqual(findings.map((f) => [f.ruleId, f.secret]), [['url-credentials', password]]);
  assert.equal(scanText(lock, { path: 'config.json' }).some((f) => f.ruleId === 'generic-secret'), true,
    'the same assignment outside a lock file is reported');
});

test('minified bundles: strong signals are still found, weak unquoted assignments are not', () => {
  const key = fakeApiKey(49, 40);
  const pem = fakePemPrivateKey(50).replace(/\n/g, '\\n');
  const filler = 'function(a){return a.b}'.repeat(400);
  const bundle = `${filler};var c={apiKey:"${key}"};var k="${pem}";var t=token=abc;${filler}`;
  const findings = scanText(bundle, { path: 'dist/app.min.js' });
  assert.deepEqual(findings.map((f) => f.ruleId), ['generic-api-key', 'private-key']);
  assert.equal(findings[0].secret, key);
});

test('minSeverity drops findings below the threshold', () => {
  const text = `${fakePemPrivateKey(51)}\npassword = "${fakePassword(52)}"\n`;
  assert.deepEqual(scanText(text, { path: 'a.txt' }).map((f) => f.severity), ['critical', 'medium']);
  const high = scanText(text, { path: 'a.txt', minSeverity: 'high' });
  assert.deepEqual(high.map((f) => f.severity), ['critical']);
});

test('fingerprints survive inserted lines, differ by file and rule, and never contain the secret', () => {
  const secret = fakeApiKey(53);
  const line = `api_key = "${secret}"`;
  const before = scanText(`a\n${line}\n`, { path: 'src/app.env' })[0];
  const after = scanText(`x\ny\nz\n\na\n${line}\n`, { path: 'src/app.env' })[0];
  assert.notEqual(before.line, after.line);
  assert.equal(before.fingerprint, after.fingerprint);
  assert.notEqual(scanText(line, { path: 'src/other.env' })[0].fingerprint, before.fingerprint);
  assert.equal(fingerprintOf('generic-api-key', 'src\\app.env', secret), before.fingerprint,
    'separators normalised');
  assert.ok(!before.fingerprint.includes(secret.slice(0, 6)));
  assert.match(before.fingerprint, /^[0-9a-f]{32}$/);
});

test('findings carry everything the editor needs', () => {
  const [finding] = scanText(`\n  password: "${fakePassword(54)}"\n`, { path: 'config.yaml' });
  assert.equal(finding.line, 2);
  assert.equal(finding.column, 14);
  assert.equal(finding.endLine, 2);
  assert.equal(finding.endColumn, 14 + finding.secret.length);
  assert.equal(finding.provider, 'Generic');
  assert.match(finding.revokeUrl, /^https:/);
  assert.equal(finding.envName, 'PASSWORD');
});

test('text with U+0130 keeps offsets aligned', () => {
  const key = fakeApiKey(55);
  const text = `// İİİ\napi_key = "${key}"`;
  const [finding] = scanText(text, { path: 'a.env' });
  assert.equal(text.slice(finding.start, finding.end), key);
});

test('adversarial inputs finish and find nothing (linear-time patterns)', { timeout: 60_000 }, () => {
  const inputs = [
    'a'.repeat(100_000),
    '\n'.repeat(100_000),
    `ghp_${'A'.repeat(35)}`.repeat(2_500),
    '-----BEGIN '.repeat(10_000),
    '-----BEGIN RSA PRIVATE KEY-----'.repeat(3_000),
    `"'`.repeat(50_000),
    '\\"'.repeat(50_000),
    'password='.repeat(50_000),
    'password: '.repeat(10_000),
    '://a:'.repeat(20_000),
    'eyJ' + 'a'.repeat(100_000),
    'Bearer '.repeat(15_000),
    `"${'\\u0041'.repeat(20_000)}"`,
    'eyJ-'.repeat(25_000),
    `${'eyJ'.repeat(20_000)}.${'a'.repeat(20)}`,
    `"${'\\"x'.repeat(20_000)}`,
    'api_key_'.repeat(12_000),
  ];
  for (const input of inputs) assert.deepEqual(scanText(input, { path: 'x.txt' }), [], input.slice(0, 20));
});

test('many findings in one file are all reported (overlap resolution stays linear)', () => {
  const lines = Array.from({ length: 3000 }, (_v, i) => `key_${i}_api_key = "${fakeApiKey(1000 + i)}"`);
  assert.equal(scanText(lines.join('\n'), { path: 'many.env' }).length, 3000);
});

function customRules(definitions: Parameters<typeof compileCustomRules>[0]): Rule[] {
  const { rules, errors } = compileCustomRules(definitions);
  assert.deepEqual(errors, []);
  return rules;
}

test('a pattern led by a literal finds tokens back to back and after false starts of that literal', () => {
  const extraRules = customRules([{ id: 'tw', regex: 'tw_(?<secret>[0-9a-f]{16})', keywords: ['tw_'] }]);
  const a = '0123456789abcdef';
  const b = 'fedcba9876543210';
  const text = `x = "tw_tw_${a}tw_${b}" # tw_ tw_short`;
  const found = scanText(text, { extraRules }).filter((f) => f.ruleId === 'tw');
  assert.deepEqual(found.map((f) => f.secret), [a, b]);
  for (const f of found) assert.equal(text.slice(f.start, f.end), f.secret);
});

test('a case-sensitive literal is matched exactly even where its keyword occurs in other cases', () => {
  const extraRules = customRules([{ id: 'acme-upper', regex: 'ACME-(?<secret>[0-9]{8})', keywords: ['acme'] }]);
  const text = 'a = "acme-12345678"\nb = "Acme-23456789"\nc = "ACME-34567890"\n';
  const found = scanText(text, { extraRules }).filter((f) => f.ruleId === 'acme-upper');
  assert.deepEqual(found.map((f) => [f.line, f.secret]), [[3, '34567890']]);
});

test('a pattern with alternatives at its top level finds every alternative', () => {
  const extraRules = customRules([
    { id: 'either', regex: 'abc_[0-9]{8}|xyz_[0-9]{8}', keywords: ['abc_', 'xyz_'] },
  ]);
  const found = scanText('k1 = "xyz_12345678"\nk2 = "abc_87654321"\n', { extraRules })
    .filter((f) => f.ruleId === 'either');
  assert.deepEqual(found.map((f) => f.secret), ['xyz_12345678', 'abc_87654321']);
});

test('rules tried only at their anchors find every token on a line, past false starts of the anchor', () => {
  // Anchors: `-us` 32 characters in (mailchimp), one of several prefixes (AWS key ids), the
  // context words (session token), a leading `https://` that runs only beside its longer host text.
  const falseStarts = '-us AKIA aws_session_token https:// ACDb .webhook.office.com/webhookb2/';
  for (const id of ['mailchimp-api-key', 'aws-access-key-id', 'aws-session-token', 'microsoft-teams-webhook-url',
    'azure-cosmosdb-identifiable-key']) {
    const tokens = [fakeToken(id, 11), fakeToken(id, 12), fakeToken(id, 13)];
    const line = [fakeTokenInContext(id, 11), falseStarts, fakeTokenInContext(id, 12), fakeTokenInContext(id, 13)]
      .join(' ; ');
    const text = `${falseStarts}\n${line}\n`;
    const found = scanText(text, { path: 'deploy/settings.env' }).filter((f) => f.ruleId === id);
    assert.deepEqual(found.map((f) => f.secret), tokens, id);
    for (const f of found) assert.equal(text.slice(f.start, f.end), f.secret, id);
  }
});

test('JSON that escapes its slashes (`\\/`) still shows the URLs that are secrets', () => {
  for (const id of ['slack-webhook-url', 'microsoft-teams-webhook-url', 'sentry-dsn']) {
    const token = fakeToken(id, 21);
    const text = `{"hook":"${token.replace(/\//g, '\\/')}"}\n`;
    const found = scanText(text, { path: 'settings.json' }).filter((f) => f.ruleId === id);
    assert.deepEqual(found.map((f) => f.secret), [token], id);
  }
});

test('a provider value under its name in syntax the rule\'s own pattern does not read is that provider\'s', () => {
  // Call arguments, subscripts and XML elements are read by the assignment parser; the name
  // holds the rule's word and the value has its shape, so the finding names the provider.
  const id = 'twilio-auth-token';
  const token = fakeToken(id, 31);
  for (const [path, text] of [
    ['settings.py', `os.environ.setdefault("TWILIO_AUTH_TOKEN", "${token}")\n`],
    ['config.js', `config['twilioAuthToken'] = '${token}';\n`],
    ['app.config', `<twilioToken>${token}</twilioToken>\n`],
  ]) {
    const found = scanText(text, { path });
    assert.deepEqual(found.map((f) => [f.ruleId, f.secret]), [[id, token]], text);
  }
  // Without the provider's word in the name it stays a generic finding.
  assert.deepEqual(scanText(`os.environ.setdefault("API_TOKEN", "${token}")\n`, { path: 'settings.py' })
    .map((f) => f.ruleId), ['generic-secret']);
});

test('a provider\'s value under a name that holds its word is that provider\'s, past the generic filters', () => {
  // Atlas private keys are UUIDs, which the generic rules take for identifiers.
  const id = 'mongodb-atlas-private-key';
  const token = fakeToken(id, 41);
  for (const name of ['MONGODB_ATLAS_PRIVATE_KEY', 'mongodbAtlasPrivateKey']) {
    const found = scanText(`${name}: '${token}'\n`, { path: 'config.js' });
    assert.deepEqual(found.map((f) => [f.ruleId, f.secret]), [[id, token]], name);
  }
  assert.deepEqual(scanText(`SESSION_KEY: '${token}'\n`, { path: 'config.js' }), []);
});

test('a value that opens like a checksummed token and fails the checksum is reported by no rule', () => {
  for (const id of ['github-pat-classic', 'npm-access-token']) {
    const near = nearMiss(id, 51);
    const valid = fakeToken(id, 51);
    assert.deepEqual(scanText(`TOKEN=${near}\n`, { path: 'ci.env' }), [], `${id} near miss`);
    assert.deepEqual(scanText(`TOKEN=${valid}\n`, { path: 'ci.env' }).map((f) => f.ruleId), [id]);
  }
});

test('a provider\'s word counts only as whole words of the name', () => {
  // `dd_api` (Datadog) is not in `addApiKey`, `co_api_key` (Cohere) not in `CISCO_API_KEY`.
  const hex = fakeToken('datadog-api-key', 61);
  const found = scanText(`const addApiKey = "${hex}";\nconst DD_API_KEY = "${hex}";\n`, { path: 'keys.js' });
  assert.deepEqual(found.map((f) => [f.line, f.ruleId]), [[1, 'generic-api-key'], [2, 'datadog-api-key']]);
});
