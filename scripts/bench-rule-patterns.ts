// Runs every provider rule's pattern over adversarial inputs and fails when a pattern is not
// linear: (1) its time must stay within RATIO_LIMIT of a trivial regex that visits every character
// of the same text, scaled up for patterns whose largest bounded quantifier exceeds 64 (they may
// legitimately spend that many steps per start), with a floor since tiny timings are noise, and
// (2) quadrupling a large input must not cost more than GROWTH_LIMIT times as much (quadratic
// would be 16x). A backtracking blow-up shows as seconds, far past both limits.
// Run with `npm run bench:rules`; timings belong here, not in unit tests.
import { PROVIDER_RULE_DETAILS, type ProviderRule } from '../src/core/scan/rules';
import { nearMiss } from '../test/support/fakeTokens';

const RATIO_LIMIT = 50;
const FLOOR_MS = 15;
const GROWTH_LIMIT = 8;
const GROWTH_FLOOR_MS = 60;
const GROWTH_CHECK_FROM_MS = 5;
const SIZE = 100_000;

function timeRegex(pattern: RegExp, text: string): number {
  let best = Infinity;
  for (let run = 0; run < 5; run++) {
    const regex = new RegExp(pattern.source, pattern.flags);
    const start = process.hrtime.bigint();
    for (const _match of text.matchAll(regex)) {
      // Consuming the iterator is the work being measured.
    }
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return best;
}

function fill(unit: string, size: number): string {
  return unit.repeat(Math.max(1, Math.ceil(size / unit.length))).slice(0, size);
}

function firstSetChar(rule: ProviderRule): string {
  const chars = rule.parts.find((p) => p.kind === 'chars');
  return chars && chars.kind === 'chars' ? chars.set.chars[0] : 'a';
}

/** Inputs that make a backtracking engine try hard: long runs, repeated keywords, repeated near misses. */
function adversarialUnits(rule: ProviderRule): Record<string, string> {
  const keyword = rule.keywords[0];
  const decoy = nearMiss(rule.id);
  const units: Record<string, string> = {
    'keyword first char': keyword[0],
    'alphabet char': firstSetChar(rule),
    'keyword repeated': keyword,
    'near miss glued': decoy,
    'near miss spaced': decoy + ' ',
  };
  if (rule.context) {
    units['assignment without value'] = `${keyword}_key = "`;
    units['assignment with short value'] = `${keyword} = ${decoy}\n`;
  }
  return units;
}

// A single-character search would be answered by a memchr-like scan, so the baseline instead
// consumes the whole text in short chunks: linear, and touching every character.
const trivial = /[\s\S]{1,8}/g;
let failures = 0;
let worst = { rule: '', input: '', ms: 0 };
const started = Date.now();

/** Largest quantifier bound: a linear pattern may spend that many steps per start position. */
function largestBound(pattern: RegExp): number {
  const bounds = [...pattern.source.matchAll(/\{(\d+)(?:,(\d+))?\}/g)].map((m) => Number(m[2] ?? m[1]));
  return Math.max(1, ...bounds);
}

interface Measurement {
  ms: number;
  msLarge: number;
  baseline: number;
  failed: boolean;
}

function measure(rule: ProviderRule, unit: string): Measurement {
  const small = fill(unit, SIZE);
  const baseline = timeRegex(trivial, small);
  const ms = timeRegex(rule.pattern, small);
  const allowed = Math.max(FLOOR_MS, RATIO_LIMIT * baseline * Math.max(1, largestBound(rule.pattern) / 64));
  // Growth is compared between 2x and 8x the size: around 100k characters the text stops fitting
  // in cache and timings jump once, which would look like super-linear growth.
  let msLarge = 0;
  let grows = false;
  if (ms > GROWTH_CHECK_FROM_MS) {
    const msDouble = timeRegex(rule.pattern, fill(unit, SIZE * 2));
    msLarge = timeRegex(rule.pattern, fill(unit, SIZE * 8));
    grows = msLarge > GROWTH_FLOOR_MS && msLarge / Math.max(msDouble, 0.01) > GROWTH_LIMIT;
  }
  return { ms, msLarge, baseline, failed: ms > allowed || grows };
}

for (const rule of PROVIDER_RULE_DETAILS) {
  for (const [name, unit] of Object.entries(adversarialUnits(rule))) {
    let result = measure(rule, unit);
    // The machine is shared: a failure counts only if it repeats.
    for (let retry = 0; retry < 2 && result.failed; retry++) result = measure(rule, unit);
    if (result.ms > worst.ms) worst = { rule: rule.id, input: name, ms: result.ms };
    if (result.failed) {
      failures++;
      console.error(`SLOW ${rule.id} on "${name}": ${result.ms.toFixed(2)} ms for ${SIZE} chars ` +
        `(trivial regex ${result.baseline.toFixed(3)} ms), ${result.msLarge.toFixed(2)} ms for 8x the input`);
    }
  }
}

const elapsed = ((Date.now() - started) / 1000).toFixed(1);
console.log(`${PROVIDER_RULE_DETAILS.length} rules checked in ${elapsed} s; ` +
  `slowest: ${worst.rule} on "${worst.input}" ${worst.ms.toFixed(2)} ms per ${SIZE} chars`);
if (failures > 0) {
  console.error(`${failures} pattern/input pairs were not linear enough`);
  process.exit(1);
}
