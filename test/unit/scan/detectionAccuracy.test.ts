// Recall and precision of scanText on a small seeded slice of the accuracy corpus (the full one
// runs with `npm run accuracy`), so a change that loses secrets or adds false alarms fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskSecret, scanText } from '../../../src/core/scan';
import { buildAccuracyCorpus, scoreFindings, type ScoredFinding } from '../../support/accuracyCorpus';

const corpus = buildAccuracyCorpus({ seed: 7, casesPerFile: 10, filesPerFormat: 1 });

function scanCorpus(): ScoredFinding[] {
  return corpus.files.flatMap((file) => scanText(file.content, { path: file.path })
    .map((finding) => ({ ...finding, file: file.path })));
}

test('the small corpus holds positives of every category and decoys of many kinds', () => {
  const categories = new Set(corpus.positives.map((p) => p.category));
  assert.deepEqual([...categories].sort(), ['api-key', 'basic', 'bearer', 'jwt', 'password', 'private-key',
    'provider',
    'secret-token', 'url-credentials']);
  assert.ok(corpus.positives.length + corpus.decoys.length >= 200, 'about 200 cases');
  assert.ok(new Set(corpus.decoys.map((d) => d.kind.replace(/:.*$/, ''))).size >= 15);
});

test('recall and precision on the small corpus stay at or above 95%', () => {
  const score = scoreFindings(corpus, scanCorpus());
  const misses = score.misses.map((m) => `${m.file}:${m.line} ${m.category} ${maskSecret(m.secret)}`);
  const alarms = score.falseAlarms.map((a) => `${a.file}:${a.line} ${a.ruleId} ${a.decoy?.kind ?? 'unlabelled'}`);
  assert.ok(score.recallOverall >= 0.95,
    `recall ${score.recallOverall.toFixed(3)}; misses:\n${misses.join('\n')}`);
  assert.ok(score.precisionOverall >= 0.95,
    `precision ${score.precisionOverall.toFixed(3)}; false alarms:\n${alarms.join('\n')}`);
});
