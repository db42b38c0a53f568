// Checks that hostile inputs cost scanText no more than a small multiple of an ordinary file of
// the same size (linear-time patterns, bounded heuristics). Exits 1 when a ratio exceeds the limit.
// Run: npx tsx scripts/bench-scan-adversarial.ts [--limit 20]
import { scanText } from '../src/core/scan';
import { ADVERSARIAL_CASES, fastest, ordinary } from '../test/support/adversarialInputs';

const limitArg = process.argv.indexOf('--limit');
const LIMIT = limitArg !== -1 ? Number(process.argv[limitArg + 1]) : 20;

scanText(ordinary(1000)); // compile and warm up
let failed = false;
for (const [name, text] of ADVERSARIAL_CASES) {
  const plain = fastest(ordinary(text.length));
  const hostile = fastest(text);
  const ratio = hostile / Math.max(plain, 0.05);
  const verdict = ratio <= LIMIT ? 'ok' : 'TOO SLOW';
  if (ratio > LIMIT) failed = true;
  const size = String(text.length).padStart(7);
  console.log(`${name.padEnd(32)} ${size} chars  ${hostile.toFixed(1).padStart(7)} ms` +
    `  ordinary ${plain.toFixed(1).padStart(6)} ms  ratio ${ratio.toFixed(1).padStart(5)}  ${verdict}`);
}
process.exitCode = failed ? 1 : 0;
