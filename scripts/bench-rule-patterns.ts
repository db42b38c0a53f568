// Runs every provider rule's pattern over adversarial inputs (100k characters: one character
// repeated, the keyword repeated, a near miss repeated) and fails when a pattern takes more than
// RATIO_LIMIT times as long as a trivial regex that visits every character of the same text. The
// limit is scaled up for patterns whose largest bounded quantifier exceeds 64, since a linear
// pattern may spend that many steps per start position, and has a floor because tiny timings are
// noise. Anything quadratic or worse needs around 1e10 steps at this size, i.e. seconds, far past
// the limit. (Comparing 2x with 8x inputs was tried and dropped: cache effects on a shared machine
// made linear patterns grow 10x.) Run with `npm run bench:rules`; timings belong here, not in unit
// tests.
import { PROVIDER_RULE_DETAILS, type ProviderRule } from '../src/core/scan/rules';
import { nearMiss } from '../test/support/fakeTokens';

const RATIO_LIMIT = 50;
const FLOOR_MS = 15;
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
  baseline: number;
  allowed: number;
}

function measure(rule: ProviderRule, unit: string): Measurement {
  const text = fill(unit, SIZE);
  const baseline = timeRegex(trivial, text);
  const ms = timeRegex(rule.pattern, text);
  const allowed = Math.max(FLOOR_MS, RATIO_LIMIT * baseline * Math.max(1, largestBound(rule.pattern) / 64));
  return { ms, baseline, allowed };
}

for (const rule of PROVIDER_RULE_DETAILS) {
  for (const [name, unit] of Object.entries(adversarialUnits(rule))) {
    let result = measure(rule, unit);
    // The machine is shared: a failure counts only if it repeats.
    for (let retry = 0; retry < 2 && result.ms > result.allowed; retry++) result = measure(rule, unit);
    if (result.ms > worst.ms) worst = { rule: rule.id, input: name, ms: result.ms };
    if (result.ms > result.allowed) {
      failures++;
      console.error(`SLOW ${rule.id} on "${name}": ${result.ms.toFixed(2)} ms for ${SIZE} chars ` +
        `(trivial regex ${result.baseline.toFixed(3)} ms, allowed ${result.allowed.toFixed(2)} ms)`);
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
