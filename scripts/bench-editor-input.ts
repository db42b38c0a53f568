/**
 * Adversarial input for the code that runs on every edit of a `.http` file, of
 * `.vscode/token-warden.json` and on every leak quick fix. Each case doubles its input size;
 * linear code takes about twice as long, quadratic code four times as long. Exits 1 when a case
 * grows by more than 3.2 times per doubling or takes over 2 s at the larger size.
 *
 *   npx tsx scripts/bench-editor-input.ts
 */
import { performance } from 'node:perf_hooks';
import { parseEnvironmentsFile } from '../src/core/environments/environmentsFile';
import { findReferences, parseHttpFile } from '../src/core/http/parser';
import { planAllowComment } from '../src/core/leaks/allowComment';

const cases: [string, (n: number) => unknown][] = [
  ['findReferences: n "{{" then "}}"', (n) => findReferences(`${'{{a'.repeat(n)}}}`, 0)],
  ['parseHttpFile: one request line of n "{{"', (n) => parseHttpFile(`GET http://x/${'{{'.repeat(n)}}}`)],
  ['parseEnvironmentsFile: n/4 variables of the wrong type', (n) => parseEnvironmentsFile(wrongTypes(n / 4))],
  [
    'planAllowComment: n blanks inside a line',
    (n) => planAllowComment(`a = 1${' '.repeat(n)}x`, 0, 'javascript', 'a.js'),
  ],
];

function wrongTypes(count: number): string {
  const variables = Array.from({ length: count }, (_, i) => `"v${i}": 1`).join(',\n');
  return `{"version": 1, "environments": {"d": {"variables": {${variables}}}}}`;
}

function time(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

let failed = false;
for (const [label, run] of cases) {
  time(() => run(20_000)); // warm-up, so the first timing is not the compiler's
  const small = time(() => run(100_000));
  const large = time(() => run(200_000));
  const ratio = large / Math.max(small, 1);
  const bad = ratio > 3.2 || large > 2000;
  failed ||= bad;
  const timings = `${small.toFixed(0)} ms -> ${large.toFixed(0)} ms (x${ratio.toFixed(1)})`;
  console.log(`${bad ? 'SLOW' : 'ok  '} ${label}: ${timings}`);
}
process.exitCode = failed ? 1 : 0;
