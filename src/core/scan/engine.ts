/**
 * The detection pipeline for one text: keyword prefilter -> detectors -> false-positive filters
 * -> overlap resolution -> inline suppression. Synchronous and allocation-light because the
 * editor runs it on every (debounced) keystroke.
 */
import { createHash } from 'node:crypto';
import { PROVIDER_RULES } from './rules';
import type { Finding, Rule, ScanTextOptions, Severity } from './types';
import { bodySource, type Part } from './rules/tokenShape';
import { SEVERITY_ORDER } from './types';
import { KeywordIndex, lowerCaseSameLength, type KeywordPositions } from './keywordIndex';
import {
  GENERIC_DETECTORS, GENERIC_RULE_BY_ID, namesPublicValue, type Candidate, type GenericDetector, type ScanMode,
} from './genericRules';
import {
  isDocumentationExample, isIdentifier, isLockFile, isLockfileIntegrityLine, isMinified, isPlaceholder, isProgramSource,
  isRedacted,
  MINIFIED_LINE_LENGTH,
} from './falsePositiveFilters';
import { shannonEntropy } from './secretShape';
import { decodeEscapes, forEachEscapedString, toRawRange } from './escapedStrings';
import { LineIndex } from './lineIndex';
import { allowsNextLine, allowsSameLine, mayContainSuppression } from './suppression';

interface CompiledRule {
  rule: Rule;
  /**
   * A copy of the pattern with the `d` flag, so the `secret` group's offset is exact: sticky (`y`)
   * where the rule is tried at its `starts`, global (`g`) where it runs over the text.
   */
  regex: RegExp;
  keywordIds: number[];
  priority: number;
  /**
   * The shape alone does not identify the credential: it needs an entropy threshold or a name
   * around it (the catalogue's context rules). Lock files are full of such look-alikes.
   */
  weakShape: boolean;
  /**
   * Where every match starts, when that is known: `length` characters before the end of an
   * occurrence of one of these keywords. The pattern is then tried only there, instead of over
   * the text.
   */
  starts?: { id: number; length: number }[];
  /**
   * For a rule anchored at its leading literal: what the characters right after it must be
   * (`AC` then 32 hex digits), so most places (`ACCESS`, `path`) are ruled out without the regex.
   */
  follows?: Follows;
}

/** `count` characters from `offset` after a place must all be in `allowed` (ASCII codes). */
interface Follows {
  offset: number;
  count: number;
  allowed: Uint8Array;
}

/** How many characters after a literal are checked at most: enough to rule out an ordinary word. */
const FOLLOWS_CHECKED = 12;

/** Follows for a rule whose every match opens with `literal`, from the parts after it. */
function followsOf(rule: Rule, literal: string): Follows | undefined {
  const parts = (rule as { parts?: readonly Part[] }).parts;
  if (!parts) return undefined;
  let k = 0;
  let opening = '';
  while (k < parts.length) {
    const part = parts[k];
    if (part.kind !== 'text') break;
    opening += part.text;
    k++;
  }
  const next = parts[k];
  if (opening !== literal || next === undefined) return undefined;
  const firsts = next.kind === 'chars' && next.min > 0 ? [...next.set.chars]
    : next.kind === 'choice' && next.options.every((option) => option.length > 0)
      ? next.options.map((option) => option[0]) : undefined;
  // The table covers ASCII only; a format that may go on beyond it is left to its pattern.
  if (!firsts || firsts.some((ch) => ch.charCodeAt(0) >= 128)) return undefined;
  const allowed = new Uint8Array(128);
  for (const ch of firsts) allowed[ch.charCodeAt(0)] = 1;
  const count = next.kind === 'chars' ? Math.min(next.min, FOLLOWS_CHECKED) : 1;
  return { offset: literal.length, count, allowed };
}

function followsAt(follows: Follows, text: string, at: number): boolean {
  const { offset, count, allowed } = follows;
  for (let k = at + offset, end = k + count; k < end; k++) {
    const c = text.charCodeAt(k);
    if (!(c < 128 && allowed[c] === 1)) return false;
  }
  return true;
}

interface CompiledDetector {
  detector: GenericDetector;
  keywordIds: number[];
  /** Aligned with the detector's keywords, when it wants their occurrences. */
  endIds?: number[];
}

/** A context rule as a check on a name and the value assigned to it. */
interface NamedShape {
  rule: Rule;
  /** The rule's value shape, matched against a whole value. */
  value: RegExp;
}

/**
 * Context rules by the words their names hold, written without separators, so that the name
 * `ScwSecretKey` holds `scw_secret`.
 */
interface NamedShapes {
  /** The words as written and without separators, to rule out most names without allocating. */
  anyWord: KeywordIndex;
  shapesByWord: Map<string, NamedShape[]>;
}

interface CompiledEngine {
  index: KeywordIndex;
  rules: CompiledRule[];
  detectors: CompiledDetector[];
  /** Keyword ids whose every occurrence a detector wants. */
  uncapped: Uint8Array;
  /** Per keyword id, the indices of the rules it triggers; most texts hold few keywords. */
  rulesByKeyword: number[][];
  /** Rules without keywords, which run on every text. */
  unconditionalRules: number[];
  ruleById: Map<string, Rule>;
  /** The provider rule whose value an assignment found by the generic detector holds, if any. */
  providerFor: (name: string, value: string) => string | undefined;
  /**
   * Literals that open a provider's tokens (`ghp_`, `shpat_`, `dop_v1_`, `xoxb-`): a value that
   * opens with one and is not that provider's token (wrong length or alphabet, a failed CRC32
   * tail) is a near miss such as a test fixture or a truncated example, for the generic rules too.
   */
  providerPrefixes: string[];
}

/** Lower numbers win when findings overlap: a provider's exact shape beats a heuristic. */
const GENERIC_PRIORITY: Record<string, number> = {
  'private-key': 1, 'url-credentials': 2, 'authorization-basic': 2, jwt: 2, 'authorization-bearer': 3,
  'generic-password': 4, 'generic-api-key': 4, 'generic-secret': 4,
};

function withIndices(pattern: RegExp, mode: 'g' | 'y'): RegExp {
  const flags = new Set(pattern.flags);
  flags.delete(mode === 'g' ? 'y' : 'g');
  flags.add(mode);
  flags.add('d');
  return new RegExp(pattern.source, [...flags].join(''));
}

/** A leading lookbehind without nested groups, which constrains the match without consuming text. */
const LEADING_LOOKBEHIND = /^\(\?<![^()]*\)/;
/** Characters that stand for themselves outside a character class, and those that may be escaped. */
const PLAIN = /[A-Za-z0-9_\-:@=,;'"#%&~<>!/]/;
const ESCAPED_PLAIN = /[-./:@_#~=&%!,;]/;

/** True when `source` has an alternation outside any group or class, which makes every part optional. */
function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) return true;
  }
  return false;
}

/**
 * The case-sensitive text every match of the pattern starts with (after an optional lookbehind):
 * `sk-ant-api03-` for `(?<![A-Za-z0-9_])sk\-ant\-api03\-[...]`. The longer it is, the rarer.
 */
export function leadingLiteral(pattern: RegExp): string | undefined {
  // Case-insensitive patterns match other cases.
  if (pattern.flags.includes('i') || hasTopLevelAlternation(pattern.source)) return undefined;
  const source = pattern.source;
  let i = LEADING_LOOKBEHIND.exec(source)?.[0].length ?? 0;
  let literal = '';
  for (;;) {
    const ch = source[i];
    if (ch === '\\' && ESCAPED_PLAIN.test(source[i + 1] ?? '')) {
      literal += source[i + 1];
      i += 2;
    } else if (ch !== undefined && PLAIN.test(ch)) {
      literal += ch;
      i++;
    } else {
      break;
    }
  }
  // A quantifier applies to the last character only, which may then be absent or repeated.
  if ('?*+{'.includes(source[i] ?? '') && literal.length > 0) literal = literal.slice(0, -1);
  return literal.length >= 2 ? literal : undefined;
}

/**
 * The words every match of a context rule starts with (`<name containing a word> = value`): the
 * rule's pattern opens with them, in any case.
 */
function contextWords(rule: Rule): readonly string[] | undefined {
  return (rule as { context?: readonly string[] }).context;
}

/**
 * The longest text every match holds as written, from a provider rule's parts: a rule whose
 * leading literal is as common as `https://` runs only on texts that also hold, say,
 * `.webhook.office.com/webhookb2/`.
 */
function requiredText(rule: Rule): string | undefined {
  const parts = (rule as { parts?: readonly Part[] }).parts;
  let longest: string | undefined;
  for (const part of parts ?? []) {
    if (part.kind === 'text' && part.text.length > (longest?.length ?? 0)) longest = part.text;
  }
  return longest;
}

/**
 * Texts one of which every match holds as written, at a fixed distance from its start, from a
 * provider rule's parts: `-us` 32 characters in for `<32 hex>-us<digits>`, `AKIA` or `ASIA` at 0.
 */
function textsAtFixedOffset(rule: Rule): { texts: string[]; offset: number } | undefined {
  let offset = 0;
  for (const part of (rule as { parts?: readonly Part[] }).parts ?? []) {
    if (part.kind === 'text' && part.text.length >= 2) return { texts: [part.text], offset };
    if (part.kind === 'choice' && part.options.every((option) => option.length >= 2)) {
      return { texts: [...part.options], offset };
    }
    if (part.kind === 'text') offset += part.text.length;
    else if (part.kind === 'chars' && part.min === part.max) offset += part.min;
    else return undefined;
  }
  return undefined;
}

function compile(extraRules: readonly Rule[]): CompiledEngine {
  const allRules = [...PROVIDER_RULES, ...extraRules];
  // Case-sensitive text every match starts with (`sk-ant-api03-`, `AC`), or holds at a fixed
  // offset (`-us` after 32 hex digits). A rule with one runs where it occurs as written; a
  // context rule, where its words occur in any case. Their keywords then matter only for the
  // evidence on a match's line, and are not looked for in the keyword pass.
  const anchors = allRules.map((rule) => {
    const literal = leadingLiteral(rule.pattern);
    if (literal !== undefined) return { texts: [literal], offset: 0 };
    return contextWords(rule) ? undefined : textsAtFixedOffset(rule);
  });
  const keywords = new Set<string>();
  allRules.forEach((rule, i) => {
    if (anchors[i] !== undefined) return;
    (contextWords(rule) ?? rule.keywords).forEach((k) => keywords.add(k.toLowerCase()));
  });
  for (const detector of GENERIC_DETECTORS) detector.keywords.forEach((k) => keywords.add(k));
  // Where a required text is longer than every anchor, it decides whether the rule runs.
  const triggers = allRules.map((rule, i) => {
    const anchor = anchors[i];
    if (anchor === undefined) return undefined;
    const required = requiredText(rule);
    const longer = required !== undefined && anchor.texts.every((text) => required.length > text.length);
    return longer ? [required] : anchor.texts;
  });
  const exact = [...anchors.flatMap((anchor) => anchor?.texts ?? []), ...triggers.flatMap((texts) => texts ?? [])];
  const index = new KeywordIndex(keywords, {}, exact);
  const ids = (list: readonly string[]) => list.map((k) => index.idOf(k)).filter((id) => id >= 0);

  const ruleById = new Map<string, Rule>(GENERIC_RULE_BY_ID);
  const rules = allRules.map((rule, i): CompiledRule => {
    ruleById.set(rule.id, rule);
    const weakShape = rule.minEntropy !== undefined || (rule as { context?: unknown }).context !== undefined;
    // A shape that needs context loses to a self-identifying one where both match.
    const priority = weakShape ? 0.25 : 0;
    const anchor = anchors[i];
    const words = contextWords(rule);
    const starts = anchor !== undefined
      ? anchor.texts.map((text) => ({ id: index.exactIdOf(text), length: text.length + anchor.offset }))
      : words?.map((word) => ({ id: index.idOf(word), length: word.length }));
    if (!starts) return { rule, regex: withIndices(rule.pattern, 'g'), keywordIds: ids(rule.keywords), weakShape, priority };
    const trigger = triggers[i];
    const follows = anchor?.offset === 0 && anchor.texts.length === 1 ? followsOf(rule, anchor.texts[0]) : undefined;
    return {
      rule, regex: withIndices(rule.pattern, 'y'), weakShape, priority, starts, follows,
      keywordIds: trigger !== undefined ? trigger.map((text) => index.exactIdOf(text)) : starts.map((start) => start.id),
    };
  });
  const uncapped = new Uint8Array(index.keywords.length);
  for (const { starts } of rules) starts?.forEach(({ id }) => uncapped[id] = 1);
  const namedShapes = compileNamedShapes(allRules);
  const detectors = GENERIC_DETECTORS.map((detector) => {
    const endIds = detector.wantsKeywordEnds ? detector.keywords.map((k) => index.idOf(k)) : undefined;
    endIds?.forEach((id) => { if (id >= 0) uncapped[id] = 1; });
    return { detector, keywordIds: ids(detector.keywords), endIds };
  });
  const rulesByKeyword: number[][] = index.keywords.map(() => []);
  const unconditionalRules: number[] = [];
  rules.forEach((compiled, i) => {
    if (compiled.keywordIds.length === 0) unconditionalRules.push(i);
    for (const id of compiled.keywordIds) rulesByKeyword[id].push(i);
  });
  return {
    index, rules, detectors, ruleById, uncapped, rulesByKeyword, unconditionalRules,
    providerFor: (name: string, value: string) => providerNamed(namedShapes, name, value),
    providerPrefixes: PROVIDER_RULES.flatMap((_rule, i) => {
      const literals = anchors[i]?.offset === 0 ? anchors[i]?.texts ?? [] : [];
      // Distinctive only with a separator: `ghp_`, `glpat-`, `dop_v1_`, not `AKIA` or `SG.`.
      return literals.filter((literal) => literal.length >= 4 && /[-_.]/.test(literal));
    }),
  };
}

let defaultEngine: CompiledEngine | undefined;
let defaultProviderRules: readonly Rule[] | undefined;
const enginesByExtraRules = new WeakMap<readonly Rule[], CompiledEngine>();

/** Compiled engines are cached per rule list, so the editor pays compilation once. */
function engineFor(extraRules: readonly Rule[] | undefined): CompiledEngine {
  if (!extraRules || extraRules.length === 0) {
    if (!defaultEngine || defaultProviderRules !== PROVIDER_RULES) {
      defaultEngine = compile([]);
      defaultProviderRules = PROVIDER_RULES;
    }
    return defaultEngine;
  }
  let engine = enginesByExtraRules.get(extraRules);
  if (!engine) {
    engine = compile(extraRules);
    enginesByExtraRules.set(extraRules, engine);
  }
  return engine;
}

/** Compiles the engine, WebAssembly keyword pass included, ahead of the first scan. */
export function prepareEngine(extraRules?: readonly Rule[]): void {
  engineFor(extraRules).index.runsInWasm(Number.MAX_SAFE_INTEGER);
}

/** Every rule the engine knows, provider and generic, plus any extra rules given. */
export function allRules(extraRules?: readonly Rule[]): Rule[] {
  return [...engineFor(extraRules).ruleById.values()];
}

interface RankedCandidate extends Candidate {
  priority: number;
  /** Between rules of equal priority: how many of the rule's keywords are on the match's line. */
  evidence?: number;
}

function anyFound(found: Uint8Array, ids: number[]): boolean {
  if (ids.length === 0) return true;
  for (const id of ids) if (found[id] === 1) return true;
  return false;
}

/**
 * The rules whose trigger keywords occurred (their keywords, or their anchors or required text),
 * in catalogue order (overlap resolution breaks ties by it).
 */
function triggeredRules(engine: CompiledEngine, foundIds: readonly number[]): CompiledRule[] {
  const indices = [...engine.unconditionalRules];
  for (const id of foundIds) for (const i of engine.rulesByKeyword[id]) indices.push(i);
  indices.sort((a, b) => a - b);
  const out: CompiledRule[] = [];
  for (let k = 0; k < indices.length; k++) {
    if (k === 0 || indices[k] !== indices[k - 1]) out.push(engine.rules[indices[k]]);
  }
  return out;
}

/** `fileName` is the scanned file's lower-case name, empty for text that is no file of its own. */
function runRules(
  engine: CompiledEngine, text: string, mode: ScanMode, unquotedValues: boolean, fileName: string,
  positions = keywordPositions(engine, text),
): RankedCandidate[] {
  // Long texts: each rule runs only on the lines around its keywords, unless they are everywhere.
  const windowed = text.length >= WINDOW_MIN_TEXT;
  const { found, foundIds, ends } = positions;
  const out: RankedCandidate[] = [];
  for (const compiled of triggeredRules(engine, foundIds)) {
    if (mode === 'lockfile' && compiled.weakShape) continue;
    if (compiled.starts) {
      collectAnchoredMatches(compiled, text, ends, out);
      continue;
    }
    const windows = windowed && compiled.keywordIds.length > 0
      ? keywordWindows(compiled, text, ends)
      : undefined;
    if (!windows) {
      collectRuleMatches(compiled, text, 0, text.length, out);
      continue;
    }
    for (const [from, to] of windows) collectRuleMatches(compiled, text, from, to, out);
  }
  for (const { detector, keywordIds, endIds } of engine.detectors) {
    if (!detector.modes.includes(mode) || !anyFound(found, keywordIds)) continue;
    if (detector.fileNames && !detector.fileNames.includes(fileName)) continue;
    const keywordEnds = endIds?.map((id) => (id >= 0 && found[id] === 1 ? ends[id] : undefined));
    const { providerFor } = engine;
    for (const candidate of detector.find({ text, mode, unquotedValues, keywordEnds, providerFor })) {
      // Valid, the provider rule reports it; invalid, it is a near miss such as a test fixture.
      if (isGenericRule(candidate.ruleId) && opensLikeProviderToken(engine, candidate.secret)) continue;
      // A provider's value found under its name ranks as its own context rule would.
      out.push({ ...candidate, priority: GENERIC_PRIORITY[candidate.ruleId] ?? CONTEXT_RULE_PRIORITY });
    }
  }
  return out;
}

function keywordPositions(engine: CompiledEngine, text: string, withHits = false): KeywordPositions {
  return engine.index.findPositions(text, MAX_WINDOWED_HITS, engine.uncapped, withHits);
}

/**
 * Whether a keyword occurs within [start, end) of the text, from the keyword pass over the whole
 * text: asked of ranges in increasing order, as escaped strings are visited, so all questions
 * together read the hits once.
 */
function keywordSpanFinder(
  engine: CompiledEngine, text: string, positions: KeywordPositions,
): (start: number, end: number) => boolean {
  if (engine.index.hasNonAsciiKeywords) return (start, end) => engine.index.any(text.slice(start, end));
  const { hitStarts, hitEnds, hitCount } = positions;
  let next = 0;
  return (start, end) => {
    while (next < hitCount && hitEnds[next] <= start) next++;
    for (let k = next; k < hitCount && hitEnds[k] <= end; k++) if (hitStarts[k] >= start) return true;
    return false;
  };
}

const WINDOW_MIN_TEXT = 16 * 1024;
/** A match lies within this many characters of one of its keywords (tokens are far shorter). */
const WINDOW_REACH = 1024;
const MAX_WINDOWED_HITS = 64;

/**
 * Whole lines within reach of the rule's keyword occurrences, merged; undefined when the
 * keywords occur so often that one pass over the text is cheaper. Windows start at a line start
 * and end at a line end, so lookbehinds and lookaheads at their edges see what they would in
 * the whole text (a line break or the text's edge).
 */
function keywordWindows(
  compiled: CompiledRule, text: string, ends: number[][],
): [number, number][] | undefined {
  const windows: [number, number][] = [];
  for (const id of compiled.keywordIds) {
    if (ends[id].length > MAX_WINDOWED_HITS) return undefined;
    for (const end of ends[id]) {
      const from = end - WINDOW_REACH <= 0 ? 0 : text.lastIndexOf('\n', end - WINDOW_REACH) + 1;
      const after = text.indexOf('\n', Math.min(text.length, end + WINDOW_REACH));
      windows.push([from, after === -1 ? text.length : after]);
    }
  }
  if (windows.length > MAX_WINDOWED_HITS) return undefined;
  windows.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const window of windows) {
    const last = merged[merged.length - 1];
    if (last && window[0] <= last[1]) last[1] = Math.max(last[1], window[1]);
    else merged.push(window);
  }
  return merged;
}

function collectRuleMatches(
  compiled: CompiledRule, text: string, from: number, to: number, out: RankedCandidate[],
): void {
  const { regex } = compiled;
  const region = from === 0 && to === text.length ? text : text.slice(from, to);
  regex.lastIndex = 0;
  for (let m = regex.exec(region); m; m = regex.exec(region)) {
    if (m[0].length === 0) {
      regex.lastIndex++;
      continue;
    }
    acceptMatch(compiled, m, region, from, text, out);
  }
}

/**
 * Every match of the pattern starts where one of its start keywords occurs, so the pattern is
 * tried at those places only, in order and without overlap, as a global search would.
 */
function collectAnchoredMatches(
  compiled: CompiledRule, text: string, ends: number[][], out: RankedCandidate[],
): void {
  const starts = compiled.starts as { id: number; length: number }[];
  const anchored = compiled.regex;
  let places: number[] = [];
  for (const { id, length } of starts) for (const end of ends[id]) if (end >= length) places.push(end - length);
  if (starts.length > 1) places = [...new Set(places.sort((a, b) => a - b))];
  let resumeAt = 0;
  const { follows } = compiled;
  for (const at of places) {
    if (at < resumeAt || (follows && !followsAt(follows, text, at))) continue;
    anchored.lastIndex = at;
    const m = anchored.exec(text);
    if (!m || m[0].length === 0) continue;
    acceptMatch(compiled, m, text, 0, text, out);
    resumeAt = anchored.lastIndex;
  }
}

const CONTEXT_RULE_PRIORITY = 0.25;

/** Long enough to be a try at the token (a password that merely starts `ghp_` is not). */
function opensLikeProviderToken(engine: CompiledEngine, value: string): boolean {
  return engine.providerPrefixes.some((prefix) => value.length >= prefix.length + 16 && value.startsWith(prefix));
}

function isGenericRule(ruleId: string): boolean {
  return GENERIC_RULE_BY_ID.has(ruleId);
}
const SEPARATORS = /[-_.]/g;

function compileNamedShapes(rules: readonly Rule[]): NamedShapes {
  const byWord = new Map<string, NamedShape[]>();
  for (const rule of rules) {
    const parts = (rule as { parts?: readonly Part[] }).parts;
    const words = contextWords(rule);
    if (!words || !parts) continue;
    const shape = { rule, value: new RegExp(`^(?:${bodySource(parts)})$`) };
    for (const word of new Set(words.map((w) => w.toLowerCase().replace(SEPARATORS, '')))) {
      byWord.set(word, [...(byWord.get(word) ?? []), shape]);
    }
  }
  const written = rules.flatMap((rule) => ((rule as { parts?: unknown }).parts ? contextWords(rule) ?? [] : []))
    .flatMap((word) => [word, word.replace(SEPARATORS, '-'), word.replace(SEPARATORS, '.'), word.replace(SEPARATORS, '_')]);
  return { anyWord: new KeywordIndex([...byWord.keys(), ...written], { wasm: false }), shapesByWord: byWord };
}

/** A name's words, lower-cased: split at `_`, `-`, `.` and camelCase humps, digits kept. */
function nameWords(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[\s._-]+/).filter((w) => w.length > 0);
}

/**
 * The context rule whose value an assignment found by the generic detector holds: the name
 * holds one of the rule's words and the value has the rule's shape. The assignment parser reads
 * more syntax (`setenv("NAME", "...")`, `config['name'] = ...`, XML elements, camelCase names)
 * than a rule's own pattern, and a provider's shape outranks the generic value heuristics.
 */
function providerNamed(shapes: NamedShapes, name: string, value: string): string | undefined {
  // Most names hold no provider's word: this check allocates nothing.
  if (!shapes.anyWord.any(name)) return undefined;
  // A rule's word is a run of the name's whole words: `dd_api` in `DD_API_KEY`, not in `addApiKey`.
  const words = nameWords(name);
  const runs: string[] = [];
  for (let from = 0; from < words.length; from++) {
    let run = '';
    for (let to = from; to < words.length; to++) runs.push(run += words[to]);
  }
  for (const run of runs) {
    for (const { rule, value: shape } of shapes.shapesByWord.get(run) ?? []) {
      if (!shape.test(value) || isDocumentationExample(value) || isRedacted(value) || isPlaceholder(value)) continue;
      if (/\$\{|\{\{|<[A-Za-z_]/.test(value)) continue;
      if (rule.minEntropy !== undefined && shannonEntropy(value) < rule.minEntropy) continue;
      if (rule.validate && !rule.validate(value)) continue;
      return rule.id;
    }
  }
  return undefined;
}

/** Filters one match of a rule's pattern in `region` (which starts at `from` in `text`). */
function acceptMatch(
  { rule, priority, weakShape }: CompiledRule, m: RegExpExecArray, region: string, from: number,
  text: string, out: RankedCandidate[],
): void {
  const span = m.indices?.groups?.secret ?? m.indices?.[0];
  if (!span) return;
  const secret = region.slice(span[0], span[1]);
  if (!secret) return;
  if (isDocumentationExample(secret) || isRedacted(secret) || /\$\{|\{\{|<[A-Za-z_]/.test(secret)) return;
  if (rule.minEntropy !== undefined && shannonEntropy(secret) < rule.minEntropy) return;
  if (rule.validate && !rule.validate(secret)) return;
  // A shape as loose as `[A-Za-z0-9_-]{40}` also fits names: `CLOUDFLARE_DURABLE_OBJECT_QUERY_BINDINGS`.
  if (weakShape && isIdentifier(secret)) return;
  if (contextWords(rule) && namesPublicValue(contextName(text, from + m.index))) return;
  const evidence = weakShape ? keywordsOnLine(rule, text, from + m.index) : undefined;
  out.push({ ruleId: rule.id, start: from + span[0], end: from + span[1], secret, priority, evidence });
}

/** The whole name a context rule's match starts in: `SPOTIFY_CLIENT_ID` for a match at `SPOTIFY`. */
function contextName(text: string, at: number): string {
  const isNameChar = (ch: string | undefined) => ch !== undefined && /[A-Za-z0-9_.-]/.test(ch);
  let start = at;
  while (start > 0 && at - start < 60 && isNameChar(text[start - 1])) start--;
  let end = at;
  while (end < text.length && end - at < 60 && isNameChar(text[end])) end++;
  return text.slice(start, end);
}

function keywordsOnLine(rule: Rule, text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd === -1) lineEnd = text.length;
  const line = lowerCaseSameLength(text.slice(lineStart, lineEnd));
  return rule.keywords.filter((keyword) => line.includes(keyword)).length;
}

/** Keeps the best candidate where candidates overlap: higher priority, then longer, then earlier. */
function resolveOverlaps(candidates: RankedCandidate[]): RankedCandidate[] {
  if (candidates.length < 2) return candidates;
  const byStart = [...candidates].sort((a, b) => a.start - b.start || b.end - a.end);
  const accepted: RankedCandidate[] = [];
  // Overlapping candidates form small clusters; the greedy choice runs within each cluster only,
  // so a file with thousands of findings stays linear.
  let cluster: RankedCandidate[] = [];
  let clusterEnd = -1;
  const flush = () => {
    if (cluster.length === 1) accepted.push(cluster[0]);
    else if (cluster.length > 1) accepted.push(...pickNonOverlapping(cluster));
    cluster = [];
  };
  for (const candidate of byStart) {
    if (candidate.start >= clusterEnd) flush();
    cluster.push(candidate);
    clusterEnd = Math.max(clusterEnd, candidate.end);
  }
  flush();
  return accepted;
}

function pickNonOverlapping(cluster: RankedCandidate[]): RankedCandidate[] {
  const ranked = [...cluster].sort(
    (a, b) => a.priority - b.priority || (b.evidence ?? 0) - (a.evidence ?? 0)
      || (b.end - b.start) - (a.end - a.start) || a.start - b.start,
  );
  const kept: RankedCandidate[] = [];
  for (const candidate of ranked) {
    if (kept.every((k) => k.end <= candidate.start || candidate.end <= k.start)) kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** Stable id of a finding: no secret, no line number, no absolute path. */
export function fingerprintOf(ruleId: string, path: string, secret: string): string {
  const secretHash = createHash('sha256').update(secret).digest('hex');
  const key = `${ruleId}\n${path.replace(/\\/g, '/')}\n${secretHash}`;
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

function meetsSeverity(severity: Severity, min: Severity | undefined): boolean {
  return !min || SEVERITY_ORDER.indexOf(severity) <= SEVERITY_ORDER.indexOf(min);
}

function scanModeFor(text: string, path: string | undefined): ScanMode {
  if (isLockFile(path)) return 'lockfile';
  // Minified means few lines for the length; counting stops once there are too many for that.
  const enough = text.length / MINIFIED_LINE_LENGTH;
  let lines = 1;
  if (text.length > 2000) {
    for (let i = text.indexOf('\n'); i !== -1 && lines <= enough; i = text.indexOf('\n', i + 1)) lines++;
  }
  return isMinified(text, path, lines) ? 'strong' : 'full';
}

function fileNameOf(path: string | undefined): string {
  if (!path) return '';
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).toLowerCase();
}

/** Scans one text and returns findings sorted by position. */
export function scanText(text: string, options: ScanTextOptions = {}): Finding[] {
  const engine = engineFor(options.extraRules);
  const mode = scanModeFor(text, options.path);
  const unquotedValues = !isProgramSource(options.path);
  // Where keywords occur tells which escaped strings to decode; only texts with a backslash have any.
  const positions = keywordPositions(engine, text, text.includes('\\'));
  const candidates = runRules(engine, text, mode, unquotedValues, fileNameOf(options.path), positions);

  // Secrets inside escaped literals: decoded matches win over raw ones at the same place.
  const holdsKeyword = keywordSpanFinder(engine, text, positions);
  forEachEscapedString(text, (rawStart, rawEnd) => {
    // Escapes rarely hide a keyword's letters; \u and \x escapes can, and `\/` hides the slashes
    // of literals such as `https://`, so strings with those are always decoded.
    if (!holdsKeyword(rawStart, rawEnd) && !/\\[uxUX/]/.test(text.slice(rawStart, rawEnd))) return;
    const decoded = decodeEscapes(text, rawStart, rawEnd);
    // A string's content is no file of its own, whatever the file's name says its format is. But
    // in minified code a "string" may be code whose quotes were paired wrongly (`'"'` throws the
    // pairing off for a whole line), so there a value needs quotes or a connection string's `;`.
    const unquotedInString = unquotedValues || mode !== 'strong';
    for (const found of runRules(engine, decoded.value, mode, unquotedInString, '')) {
      const [start, end] = toRawRange(decoded, found.start, found.end);
      // Ranked just above raw matches of the same rule, so overlap resolution keeps the decoded one.
      candidates.push({ ...found, start, end, priority: found.priority - 0.5 });
    }
  });

  const resolved = resolveOverlaps(candidates);
  if (resolved.length === 0) return [];
  return toFindings(resolved, text, mode, engine, options);
}

function toFindings(
  candidates: RankedCandidate[], text: string, mode: ScanMode, engine: CompiledEngine,
  options: ScanTextOptions,
): Finding[] {
  const lines = new LineIndex(text);
  const checkSuppression = mayContainSuppression(lowerCaseSameLength(text));
  const path = options.path ?? '';
  const findings: Finding[] = [];
  for (const candidate of candidates) {
    const rule = engine.ruleById.get(candidate.ruleId);
    if (!rule) continue;
    const severity = candidate.severity ?? rule.severity;
    if (!meetsSeverity(severity, options.minSeverity)) continue;
    const start = lines.position(candidate.start);
    const end = lines.position(candidate.end);
    if (mode === 'lockfile' && candidate.ruleId !== 'url-credentials' && candidate.ruleId !== 'private-key'
      && isLockfileIntegrityLine(lines.lineText(start.line))) continue;
    if (checkSuppression && isSuppressed(lines, start.line, end.line)) continue;
    findings.push({
      ruleId: rule.id,
      title: rule.title,
      provider: rule.provider,
      severity,
      secret: candidate.secret,
      start: candidate.start,
      end: candidate.end,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      fingerprint: fingerprintOf(rule.id, path, candidate.secret),
      revokeUrl: rule.revokeUrl,
      envName: rule.envName,
    });
  }
  return findings;
}

function isSuppressed(lines: LineIndex, startLine: number, endLine: number): boolean {
  if (allowsSameLine(lines.lineText(startLine))) return true;
  if (endLine !== startLine && allowsSameLine(lines.lineText(endLine))) return true;
  return allowsNextLine(lines.lineText(startLine - 1));
}
