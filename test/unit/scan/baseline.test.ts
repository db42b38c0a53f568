import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  BaselineError, baselineFingerprints, loadBaseline, parseBaseline, saveBaseline, scanText, serializeBaseline,
} from '../../../src/core/scan';
import { fakeApiKey } from '../../support/genericSecrets';

test('round trip: save then load gives the same entries, sorted and de-duplicated', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'tw-baseline-'));
  try {
    const file = path.join(dir, '.token-warden-baseline.json');
    const entries = [
      { file: 'src/b.ts', ruleId: 'generic-secret', fingerprint: 'bb' },
      { file: 'src/a.ts', ruleId: 'jwt', fingerprint: 'aa' },
      { file: 'src/a.ts', ruleId: 'jwt', fingerprint: 'aa' },
    ];
    await saveBaseline(file, entries);
    const loaded = await loadBaseline(file);
    assert.deepEqual(loaded?.entries, [entries[1], entries[0]]);
    assert.deepEqual([...baselineFingerprints(loaded)].sort(), ['aa', 'bb']);
    assert.equal(await loadBaseline(path.join(dir, 'missing.json')), undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('serialised baselines are stable: any order gives identical bytes, no lines or times', () => {
  const entries = [
    { file: 'z.env', ruleId: 'generic-password', fingerprint: '01' },
    { file: 'a.env', ruleId: 'generic-password', fingerprint: '02' },
  ];
  const text = serializeBaseline(entries);
  assert.equal(serializeBaseline([...entries].reverse()), text);
  assert.ok(text.endsWith('\n'));
  assert.ok(!/"line"|"date"|"time"|"generated"/i.test(text));
  assert.equal(text.split('\n').filter((l) => l.includes('fingerprint')).length, 2, 'one entry per line');
  assert.deepEqual(parseBaseline(text).entries.map((e) => e.file), ['a.env', 'z.env']);
  assert.equal(serializeBaseline([]), '{\n  "version": 1,\n  "findings": []\n}\n');
});

test('a baselined finding stays accepted after lines are inserted above it', () => {
  const line = `api_key = "${fakeApiKey(70)}"`;
  const [first] = scanText(`${line}\n`, { path: 'config/app.env' });
  const entry = { file: 'config/app.env', ruleId: first.ruleId, fingerprint: first.fingerprint };
  const baseline = parseBaseline(serializeBaseline([entry]));
  const [moved] = scanText(`# header\n# more\n\n${line}\n`, { path: 'config/app.env' });
  assert.ok(baselineFingerprints(baseline).has(moved.fingerprint));
  const text = serializeBaseline(baseline.entries);
  assert.ok(!text.includes(first.secret), 'the baseline never holds the secret');
});

test('invalid baselines raise BaselineError naming the problem', async () => {
  assert.throws(() => parseBaseline('{', 'b.json'),
    (err: Error) => err instanceof BaselineError && /not valid JSON/.test(err.message));
  assert.throws(() => parseBaseline('{"version":1}'), /"findings" list/);
  assert.throws(() => parseBaseline('{"version":7,"findings":[]}'), /version 7/);
  assert.throws(() => parseBaseline('{"version":1,"findings":[{"file":"a"}]}'), /entry 1/);
  const dir = await mkdtemp(path.join(tmpdir(), 'tw-baseline-'));
  try {
    await writeFile(path.join(dir, 'b.json'), 'not json');
    await assert.rejects(loadBaseline(path.join(dir, 'b.json')), BaselineError);
    assert.equal(await readFile(path.join(dir, 'b.json'), 'utf8'), 'not json', 'nothing is overwritten');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a file that is not JSON (a mistyped --baseline .env) is not quoted in the error', () => {
  const secret = fakeApiKey(90);
  assert.throws(() => parseBaseline(`# settings\nAPI_KEY=${secret}\n`, '.env'), (err: Error) => {
    assert.ok(err instanceof BaselineError);
    assert.equal(err.message, '.env is not valid JSON');
    assert.ok(!err.message.includes('API_KEY') && !err.message.includes(secret.slice(0, 8)), err.message);
    return true;
  });
  const conflicted = '{\n  "version": 1,\n  "findings": [\n<<<<<<< HEAD\n=======\n>>>>>>> main\n  ]\n}\n';
  assert.throws(() => parseBaseline(conflicted, 'b.json'),
    /^BaselineError: b\.json is not valid JSON: it has unresolved merge conflict markers$/);
});
