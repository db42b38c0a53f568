/**
 * Recall and precision of the detection engine on a labelled corpus of fakes and hard decoys
 * (test/support/accuracyCorpus.ts). Writes the corpus to .bench/accuracy (gitignored), scans
 * it as `token-warden scan` does, and lists every miss and false alarm, secrets masked. Then does
 * the same for the held-out corpus (test/support/heldOutCorpus.ts, written to .bench/held-out),
 * which the engine is not tuned against: its figures are reported separately. Last the blind corpus
 * (test/support/blindCorpus.ts, written to .bench/blind): leaks and decoys as real repositories hold
 * them, in many languages and config formats, written without looking at the other two. Last the
 * second blind corpus (test/support/blindCorpus2.ts, written to .bench/blind2): the formats the first
 * covers thinly, written without reading the detectors.
 *
 *   npm run accuracy [-- --seed N] [--cases N] [--files N] [--held-out-seed N] [--blind-seed N]
 *                    [--blind2-seed N] [--only main|held-out|blind|blind2]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { maskSecret, scanFiles } from '../../src/core/scan';
import {
  buildAccuracyCorpus, scoreFindings, type CategoryScore, type Corpus,
} from '../../test/support/accuracyCorpus';
import { buildHeldOutCorpus } from '../../test/support/heldOutCorpus';
import { buildBlindCorpus, scoreBlind, type BlindCorpus } from '../../test/support/blindCorpus';
import { buildBlindCorpus2 } from '../../test/support/blindCorpus2';

const TARGET = 0.95;

const { values } = parseArgs({ options: { seed: { type: 'string' }, cases: { type: 'string' },
  files: { type: 'string' }, 'held-out-seed': { type: 'string' }, 'blind-seed': { type: 'string' },
  'blind2-seed': { type: 'string' }, only: { type: 'string' } } });

const percent = (score: CategoryScore) =>
  (score.total === 0 ? '-' : `${((100 * score.found) / score.total).toFixed(1)}%`);

async function main(): Promise<void> {
  let ok = true;
  const only = values.only;
  if (only === undefined || only === 'main') {
    const corpus = buildAccuracyCorpus({
      seed: values.seed ? Number(values.seed) : undefined,
      casesPerFile: values.cases ? Number(values.cases) : undefined,
      filesPerFormat: values.files ? Number(values.files) : undefined,
    });
    ok = (await report('main corpus', corpus, path.resolve('.bench', 'accuracy'))) && ok;
  }
  if (only === undefined || only === 'held-out') {
    if (only === undefined) console.log('\n' + '='.repeat(80) + '\n');
    const corpus = buildHeldOutCorpus({
      seed: values['held-out-seed'] ? Number(values['held-out-seed']) : undefined,
    });
    ok = (await report('held-out corpus', corpus, path.resolve('.bench', 'held-out'))) && ok;
  }
  if (only === undefined || only === 'blind') {
    if (only === undefined) console.log('\n' + '='.repeat(80) + '\n');
    const corpus = buildBlindCorpus({ seed: values['blind-seed'] ? Number(values['blind-seed']) : undefined });
    ok = (await reportBlind('blind corpus', corpus, path.resolve('.bench', 'blind'))) && ok;
  }
  if (only === undefined || only === 'blind2') {
    if (only === undefined) console.log('\n' + '='.repeat(80) + '\n');
    const seed = values['blind2-seed'] ? Number(values['blind2-seed']) : undefined;
    ok = (await reportBlind('second blind corpus', buildBlindCorpus2({ seed }), path.resolve('.bench', 'blind2'))) &&
      ok;
  }
  process.exitCode = ok ? 0 : 1;
}

/** Writes the files under `root`, a repository root of its own, and scans them as the CLI does. */
async function writeAndScan(files: readonly { path: string; content: string }[], root: string) {
  rmSync(root, { recursive: true, force: true });
  // Its own repository root, so the checkout's .gitignore (which lists .bench/) does not apply.
  mkdirSync(path.join(root, '.git'), { recursive: true });
  for (const file of files) {
    mkdirSync(path.dirname(path.join(root, file.path)), { recursive: true });
    writeFileSync(path.join(root, file.path), file.content);
  }
  return (await scanFiles(root, ['.'], { workers: 0 })).findings;
}

/** Writes `corpus` under `root`, scans it and prints its figures; true when both targets are met. */
async function report(title: string, corpus: Corpus, root: string): Promise<boolean> {
  const score = scoreFindings(corpus, await writeAndScan(corpus.files, root));

  console.log(`${title}: ${corpus.files.length} files, ${corpus.positives.length} labelled secrets, ` +
    `${corpus.decoys.length} decoys (${root})`);
  printCategories(score.recall, score.decoys, (kind, s) => {
    if (kind !== 'near-miss') return;
    const generic = new Set(score.genericOnNearMiss.map((alarm) => alarm.decoy)).size;
    console.log(`  ${'  by a generic rule'.padEnd(22)} ${`${generic}/${s.total}`.padStart(9)}  (not ` +
      `counted, see below)`);
  });
  console.log('');
  const decoyTotal = [...score.decoys.values()].reduce((sum, s) => sum + s.total, 0);
  const decoyFlagged = [...score.decoys.values()].reduce((sum, s) => sum + s.found, 0);
  console.log(`recall:    ${(100 * score.recallOverall).toFixed(1)}% (target >= ${TARGET * 100}%)`);
  console.log(`precision: ${(100 * score.precisionOverall).toFixed(1)}% (${score.truePositives} true, ` +
    `${score.falsePositives} false findings; target >= ${TARGET * 100}%)`);
  console.log(`strict precision (generic findings on near misses counted as false): ` +
    `${(100 * score.precisionStrict).toFixed(1)}%`);
  console.log(`decoys left alone: ${(100 * (1 - decoyFlagged / Math.max(1, decoyTotal))).toFixed(1)}%`);
  if (score.otherRule.length > 0) {
    console.log(`provider secrets reported under another rule: ${score.otherRule.length}`);
    for (const p of score.otherRule) console.log(`  ${p.file}:${p.line} ${p.ruleId} -> ${p.reportedAs}`);
  }
  printList('misses', score.misses.map((miss) => missLine(miss, miss.secret)));
  printList('false alarms', score.falseAlarms.map((alarm) => alarmLine(alarm, alarm.decoy?.kind)));
  printList('generic findings on near misses, not counted above', score.genericOnNearMiss.map((alarm) =>
    `${alarm.file}:${alarm.line} ${alarm.ruleId} ${maskSecret(alarm.secret)} (${alarm.decoy?.kind ?? ''})`));
  return score.recallOverall >= TARGET && score.precisionOverall >= TARGET;
}

/** A blind corpus's figures: recall by category, decoys flagged by kind, every miss and false alarm. */
async function reportBlind(title: string, corpus: BlindCorpus, root: string): Promise<boolean> {
  const score = scoreBlind(corpus, await writeAndScan(corpus.files, root));

  console.log(`${title}: ${corpus.files.length} files, ${corpus.secrets.length} labelled secrets, ` +
    `${corpus.decoys.length} decoys (${root})`);
  printCategories(score.recall, score.decoys);
  console.log('');
  console.log(`recall:    ${(100 * score.recallOverall).toFixed(1)}% (target >= ${TARGET * 100}%)`);
  console.log(`precision: ${(100 * score.precision).toFixed(1)}% (${score.truePositives} true, ` +
    `${score.falseAlarms.length} false findings; target >= ${TARGET * 100}%)`);
  if (score.otherRule.length > 0) {
    console.log(`provider secrets reported under another rule: ${score.otherRule.length}`);
    for (const { secret, reportedAs } of score.otherRule) {
      console.log(`  ${secret.file}:${secret.line} ${secret.ruleId ?? ''} -> ${reportedAs}`);
    }
  }
  printList('misses', score.misses.map((miss) => missLine(miss, miss.value)));
  printList('false alarms', score.falseAlarms.map(({ finding, decoy }) => alarmLine(finding, decoy?.kind)));
  return score.recallOverall >= TARGET && score.precision >= TARGET;
}

/** Recall by category, then decoys flagged by kind; `afterDecoy` may add a line under a kind. */
function printCategories(
  recall: ReadonlyMap<string, CategoryScore>, decoys: ReadonlyMap<string, CategoryScore>,
  afterDecoy?: (kind: string, score: CategoryScore) => void,
): void {
  console.log('');
  console.log('recall by category');
  for (const [category, s] of [...recall].sort((a, b) => a[0].localeCompare(b[0]))) {
    console.log(`  ${category.padEnd(18)} ${`${s.found}/${s.total}`.padStart(9)}  ${percent(s)}`);
  }
  console.log('');
  console.log('decoys flagged by kind (lower is better)');
  for (const [kind, s] of [...decoys].sort((a, b) => a[0].localeCompare(b[0]))) {
    console.log(`  ${kind.padEnd(22)} ${`${s.found}/${s.total}`.padStart(9)}`);
    afterDecoy?.(kind, s);
  }
}

function missLine(miss: { file: string; line: number; category: string; ruleId?: string }, secret: string): string {
  return `${miss.file}:${miss.line} ${miss.category}${miss.ruleId ? ` ${miss.ruleId}` : ''} ${maskSecret(secret)}`;
}

function alarmLine(alarm: { file: string; line: number; ruleId: string; secret: string }, decoyKind?: string): string {
  return `${alarm.file}:${alarm.line} ${alarm.ruleId} ${maskSecret(alarm.secret)} ` +
    `(${decoyKind ? `decoy: ${decoyKind}` : 'unlabelled line'})`;
}

/** A blank line, the title with the count, then the items indented; nothing when there are none. */
function printList(title: string, lines: readonly string[]): void {
  if (lines.length === 0) return;
  console.log('');
  console.log(`${title} (${lines.length}):`);
  for (const line of lines) console.log(`  ${line}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(2);
});
