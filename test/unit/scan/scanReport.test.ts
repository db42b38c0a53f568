import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allRules, scanText, type FileFinding, type ScanResult } from '../../../src/core/scan';
import {
  formatJson, formatSarif, formatText, sarifArtifactLocation,
} from '../../../src/core/scan/scanReport';
import { fakeApiKey, fakePemPrivateKey } from '../../support/genericSecrets';

const canary = fakeApiKey(90, 36);

function result(): ScanResult {
  const text = `api_key = "${canary}"\n${fakePemPrivateKey(91)}\n`;
  const findings: FileFinding[] = scanText(text, { path: 'dir with space/app.env' })
    .map((f) => ({ ...f, file: 'dir with space/app.env' }));
  return {
    findings,
    stats: { files: 1, bytes: text.length, ms: 3, skippedBinary: 0, skippedTooLarge: 0, baselined: 0 },
    errors: [],
    files: ['dir with space/app.env'],
  };
}

const options = { rules: new Map(allRules().map((r) => [r.id, r])), toolVersion: '1.2.3' };

test('text: one line per finding, masked by default, and a summary', () => {
  const text = formatText(result(), options);
  const lines = text.trimEnd().split('\n');
  assert.match(lines[0],
    /^dir with space\/app\.env:1:12 {2}medium {2}generic-api-key {2}Hard-coded API key {2}\S+$/);
  assert.match(lines[1], /^dir with space\/app\.env:2:1 {2}critical {2}private-key/);
  assert.match(lines[2], /^2 findings in 1 file/);
  assert.ok(!text.includes(canary) && !text.includes(canary.slice(4, 12)));
  assert.ok(formatText(result(), { ...options, showSecrets: true }).includes(canary));
});

test('json: the documented shape, 1-based positions, masked secrets', () => {
  const parsed = JSON.parse(formatJson(result(), options));
  assert.deepEqual(Object.keys(parsed.findings[0]),
    ['file', 'line', 'column', 'endLine', 'endColumn', 'ruleId', 'title', 'severity', 'secret',
      'fingerprint']);
  assert.deepEqual(Object.keys(parsed.stats), ['files', 'bytes', 'ms']);
  assert.equal(parsed.findings[0].line, 1);
  assert.equal(parsed.findings[0].column, 12);
  assert.ok(!JSON.stringify(parsed).includes(canary));
});

test('json: files skipped as too large or binary, and baselined findings, are counted', () => {
  const skipping = result();
  skipping.stats = { ...skipping.stats, skippedBinary: 3, skippedTooLarge: 1, baselined: 2 };
  const parsed = JSON.parse(formatJson(skipping, options));
  assert.deepEqual(parsed.skipped, { binary: 3, tooLarge: 1, baselined: 2 });
});

test('sarif: 2.1.0 with rules, levels, security-severity, relative locations and no secret', () => {
  const out = formatSarif(result(), options);
  assert.ok(!out.includes(canary));
  assert.ok(!out.includes('-----BEGIN'), 'no key material');
  const sarif = JSON.parse(out);
  assert.equal(sarif.version, '2.1.0');
  const run = sarif.runs[0];
  assert.equal(run.tool.driver.name, 'Token Warden');
  assert.equal(run.tool.driver.version, '1.2.3');
  assert.match(run.tool.driver.informationUri, /^https:\/\//);
  const ruleIds = run.tool.driver.rules.map((r: { id: string }) => r.id);
  assert.deepEqual(ruleIds, ['generic-api-key', 'private-key']);
  for (const rule of run.tool.driver.rules) {
    assert.ok(rule.shortDescription.text);
    assert.match(rule.helpUri, /^https:\/\//);
    assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
    assert.match(rule.properties['security-severity'], /^\d+\.\d$/);
  }
  const [first, second] = run.results;
  assert.equal(first.ruleId, 'generic-api-key');
  assert.equal(first.level, 'warning');
  assert.equal(second.level, 'error');
  assert.equal(ruleIds[first.ruleIndex], first.ruleId);
  const location = first.locations[0].physicalLocation;
  assert.deepEqual(location.artifactLocation, { uri: 'dir%20with%20space/app.env', uriBaseId: '%SRCROOT%' });
  assert.deepEqual(location.region,
    { startLine: 1, startColumn: 12, endLine: 1, endColumn: 12 + canary.length });
  assert.match(Object.values(first.partialFingerprints)[0] as string, /^[0-9a-f]{32}$/);
});

test('sarif: file names with #, ? and % stay one path; paths outside the root become file: URIs', () => {
  assert.deepEqual(sarifArtifactLocation('notes/#1 draft?.md'),
    { uri: 'notes/%231%20draft%3F.md', uriBaseId: '%SRCROOT%' });
  assert.deepEqual(sarifArtifactLocation('50%/a.env'), { uri: '50%25/a.env', uriBaseId: '%SRCROOT%' });
  assert.deepEqual(sarifArtifactLocation('/home/me/other repo/a.env'),
    { uri: 'file:///home/me/other%20repo/a.env' });
  assert.deepEqual(sarifArtifactLocation('C:/work/a.env'), { uri: 'file:///C:/work/a.env' });
  assert.deepEqual(sarifArtifactLocation('db:/b.env'), { uri: 'db%3A/b.env', uriBaseId: '%SRCROOT%' });
});

test('sarif: files and folders that could not be read make the run unsuccessful and are named', () => {
  const clean = JSON.parse(formatSarif(result(), options)).runs[0];
  assert.deepEqual(clean.invocations, [{ executionSuccessful: true, toolExecutionNotifications: [] }]);
  const partial = { ...result(), errors: [{ file: 'pg data/', message: 'EACCES' }, { file: 'a.env', message: 'EIO' }] };
  const [invocation] = JSON.parse(formatSarif(partial, options)).runs[0].invocations;
  assert.equal(invocation.executionSuccessful, false);
  assert.deepEqual(invocation.toolExecutionNotifications.map((n: { level: string; message: { text: string };
    locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
    [n.level, n.message.text, n.locations[0].physicalLocation.artifactLocation.uri]), [
    ['error', 'Could not read folder (EACCES).', 'pg%20data/'],
    ['error', 'Could not read file (EIO).', 'a.env'],
  ]);
});
