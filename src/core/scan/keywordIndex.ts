/**
 * Finds which of many lower-case keywords occur in a text, in any case, in one pass: an
 * Aho-Corasick automaton compiled to a dense transition table over ASCII (upper-case letters lead
 * where their lower-case twins do), so each character costs one table lookup whatever the
 * keywords and the input, and the text need not be lower-cased first. Rules run only when one of
 * their keywords occurred, so most text never meets most regular expressions.
 *
 * Measured against one regular expression of all ~400 keywords (flat or trie-shaped), the table
 * was 4x faster on source code and 20x faster on a long run of one letter.
 */

import { type AutomatonWasmOptions, WasmAutomaton } from './automatonWasm';

const ALPHABET = 128;
/** Keywords the table holds; the others go through indexOf. */
const BEYOND_ASCII = /[\u0080-\uffff]/;
const NO_ENDS: readonly number[] = Object.freeze([]);
const EMPTY_HITS = new Int32Array(0);
/** Below about this length (measured: 256 to 512) the JavaScript loop wins over the call into wasm. */
const WASM_MIN_LENGTH = 512;

/** For tests and benchmarks: whether and how to run the automaton in WebAssembly. */
export interface KeywordIndexOptions {
  wasm?: false | (AutomatonWasmOptions & { minLength?: number });
}

/** What findPositions reports: per keyword id, whether and where it occurred. */
export interface KeywordPositions {
  /** 1 for each keyword id that occurs. */
  found: Uint8Array;
  /** The ids that occur, in the order of their first occurrence: most texts hold few keywords. */
  foundIds: number[];
  /** End offsets per keyword id, capped as findPositions says. */
  ends: number[][];
  /**
   * When asked for, every place a keyword occurs, uncapped, in order: `hitEnds[i]` where one or
   * more keywords end and `hitStarts[i]` where the shortest of them starts. Keywords beyond ASCII
   * are left out.
   */
  hitStarts: Int32Array;
  hitEnds: Int32Array;
  hitCount: number;
}

export class KeywordIndex {
  readonly keywords: readonly string[];
  private readonly idByKeyword = new Map<string, number>();
  private readonly exactIdByKeyword = new Map<string, number>();
  /**
   * Next state per (state, character), with `outputFlag` set where the next state has outputs:
   * the hot loop then needs one load per character instead of two.
   */
  private readonly table: Uint16Array | Int32Array;
  private readonly outputFlag: number;
  /** For each state, the keyword ids ending there (through failure links too). */
  private readonly outputs: (number[] | undefined)[];
  /** The same outputs flat: the ids of state `s` are `outputIds[outputStart[s] .. outputStart[s + 1]]`. */
  private readonly outputStart: Int32Array;
  private readonly outputIds: Int32Array;
  /** Every keyword's empty list of ends, copied for each text: cheaper than filling a new array. */
  private readonly noEnds: number[][];
  /** For each state, the length of the shortest keyword ending there. */
  private readonly shortestOutput: Int32Array;
  /** Keywords with non-ASCII characters cannot go through the table; they fall back to indexOf. */
  private readonly nonAscii: number[] = [];
  /** The longest ASCII keyword: no state is deeper. */
  private readonly maxDepth: number;
  /** Made on the first long text; null where WebAssembly cannot run this table. */
  private wasm: WasmAutomaton | null | undefined;
  private readonly wasmMinLength: number;

  /**
   * `keywords` are found in any case; `exactKeywords` (ASCII) only as written, which keeps
   * case-sensitive literals such as `AC` from matching every `account`. Their ids follow the others.
   */
  constructor(
    keywords: Iterable<string>, private readonly options: KeywordIndexOptions = {},
    exactKeywords: Iterable<string> = [],
  ) {
    const folded = [...new Set([...keywords].map((k) => k.toLowerCase()).filter((k) => k.length > 0))];
    const exact = [...new Set([...exactKeywords].filter((k) => k.length > 0))];
    this.keywords = [...folded, ...exact];
    folded.forEach((keyword, id) => this.idByKeyword.set(keyword, id));
    exact.forEach((keyword, i) => this.exactIdByKeyword.set(keyword, folded.length + i));

    const ascii = (keyword: string) => !BEYOND_ASCII.test(keyword);
    folded.forEach((keyword, id) => { if (!ascii(keyword)) this.nonAscii.push(id); });
    const foldedDfa = buildDfa(folded.map((keyword, id) => [keyword, id] as const)
      .filter(([keyword]) => ascii(keyword)), true);
    const exactDfa = buildDfa(exact.map((keyword, i) => {
      if (!ascii(keyword)) throw new Error('exact keywords must be ASCII');
      return [keyword, folded.length + i] as const;
    }), false);
    const { table, outputs } = exact.length === 0 ? foldedDfa : productDfa(foldedDfa, exactDfa);
    const states = outputs.length;
    const size = states * ALPHABET;

    // Uint16 leaves 15 bits for states; past that the table needs 32-bit entries anyway.
    const flagged = states < 32768 ? new Uint16Array(size) : new Int32Array(size);
    const outputFlag = states < 32768 ? 0x8000 : 0x40000000;
    const flagOf = new Int32Array(states);
    for (let state = 0; state < states; state++) if (outputs[state]) flagOf[state] = outputFlag;
    for (let i = 0; i < size; i++) flagged[i] = table[i] | flagOf[table[i]];
    this.table = flagged;
    this.outputFlag = outputFlag;
    this.outputs = outputs;
    this.outputStart = new Int32Array(states + 1);
    for (let state = 0; state < states; state++) {
      this.outputStart[state + 1] = this.outputStart[state] + (outputs[state]?.length ?? 0);
    }
    this.outputIds = Int32Array.from(outputs.flatMap((ids) => ids ?? []));
    this.noEnds = new Array<number[]>(this.keywords.length).fill(NO_ENDS as number[]);
    this.shortestOutput = Int32Array.from(outputs,
      (ids) => (ids ? Math.min(...ids.map((id) => this.keywords[id].length)) : 0));
    this.maxDepth = Math.max(foldedDfa.maxDepth, exactDfa.maxDepth);
    this.wasmMinLength = options.wasm === false ? Infinity : options.wasm?.minLength ?? WASM_MIN_LENGTH;
  }

  /**
   * Marks which keyword ids occur in `text` (ignoring case) and records where each keyword
   * ends, up to `cap` positions per keyword
   * (a keyword with more than `cap` occurrences has exactly `cap + 1` recorded, meaning "many"),
   * or all of them for ids marked in `uncapped`.
   */
  findPositions(text: string, cap: number, uncapped?: Uint8Array, withHits = false): KeywordPositions {
    const source = withAsciiLowerCase(text);
    const all = uncapped ?? new Uint8Array(this.keywords.length);
    const found = new Uint8Array(this.keywords.length);
    const foundIds: number[] = [];
    // Most keywords never occur: they share one empty list, replaced on their first occurrence.
    const ends = this.noEnds.slice();
    const { outputStart, outputIds, shortestOutput } = this;
    let hitStarts = withHits ? new Int32Array(Math.max(64, text.length >> 6)) : EMPTY_HITS;
    let hitEnds = withHits ? new Int32Array(hitStarts.length) : EMPTY_HITS;
    let hitCount = 0;
    const record = (end: number, state: number) => {
      if (withHits) {
        if (hitCount === hitEnds.length) {
          hitStarts = grown(hitStarts);
          hitEnds = grown(hitEnds);
        }
        hitStarts[hitCount] = end - shortestOutput[state];
        hitEnds[hitCount++] = end;
      }
      for (let k = outputStart[state], last = outputStart[state + 1]; k < last; k++) {
        const id = outputIds[k];
        if (found[id] === 0) {
          found[id] = 1;
          foundIds.push(id);
          ends[id] = [end];
        } else if (ends[id].length <= cap || all[id] === 1) {
          ends[id].push(end);
        }
      }
    };
    const wasm = source.length >= this.wasmMinLength ? this.wasmAutomaton() : undefined;
    if (wasm) {
      wasm.scan(source, record);
    } else {
      const table = this.table;
      const flag = this.outputFlag;
      let state = 0;
      for (let i = 0, n = source.length; i < n; i++) {
        const c = source.charCodeAt(i);
        const entry = c < ALPHABET ? table[(state << 7) | c] : 0;
        if (entry < flag) {
          state = entry;
        } else {
          state = entry - flag;
          record(i + 1, state);
        }
      }
    }
    const lowerCased = this.nonAscii.length > 0 ? lowerCaseSameLength(text) : '';
    for (const id of this.nonAscii) {
      for (let at = lowerCased.indexOf(this.keywords[id]); at !== -1 && (ends[id].length <= cap || all[id] === 1);
        at = lowerCased.indexOf(this.keywords[id], at + 1)) {
        if (found[id] === 0) {
          ends[id] = [];
          foundIds.push(id);
        }
        found[id] = 1;
        ends[id].push(at + this.keywords[id].length);
      }
    }
    return { found, foundIds, ends, hitStarts, hitEnds, hitCount };
  }

  /** Whether some keyword beyond ASCII could occur: those are not among the positions' hits. */
  get hasNonAsciiKeywords(): boolean {
    return this.nonAscii.length > 0;
  }

  /** True when any keyword occurs in `text` (ignoring case); stops at the first. */
  any(text: string): boolean {
    const source = withAsciiLowerCase(text);
    const table = this.table;
    const flag = this.outputFlag;
    let state = 0;
    for (let i = 0, n = source.length; i < n; i++) {
      const c = source.charCodeAt(i);
      const entry = c < ALPHABET ? table[(state << 7) | c] : 0;
      if (entry >= flag) return true;
      state = entry;
    }
    if (this.nonAscii.length === 0) return false;
    const lowerCased = lowerCaseSameLength(text);
    return this.nonAscii.some((id) => lowerCased.includes(this.keywords[id]));
  }

  /** Whether `findPositions` runs texts of this length in WebAssembly (for tests). */
  runsInWasm(length: number): boolean {
    return length >= this.wasmMinLength && this.wasmAutomaton() !== undefined;
  }

  private wasmAutomaton(): WasmAutomaton | undefined {
    if (this.wasm === undefined) {
      // A table of 32-bit entries (over 32767 states) stays in JavaScript.
      this.wasm = this.table instanceof Uint16Array && this.options.wasm !== false
        ? WasmAutomaton.create(this.table, this.maxDepth, this.options.wasm) ?? null
        : null;
    }
    return this.wasm ?? undefined;
  }

  idOf(keyword: string): number {
    return this.idByKeyword.get(keyword.toLowerCase()) ?? -1;
  }

  /** The id of a keyword given to the constructor as exact, or -1. */
  exactIdOf(keyword: string): number {
    return this.exactIdByKeyword.get(keyword) ?? -1;
  }
}

function grown(array: Int32Array): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

interface Dfa {
  /** Next state per (state, ASCII character). */
  table: Int32Array;
  /** For each state, the keyword ids ending there (through failure links too). */
  outputs: (number[] | undefined)[];
  /** The longest keyword: no state is deeper. */
  maxDepth: number;
}

/**
 * The Aho-Corasick automaton of ASCII keywords as a dense table. With `fold`, keywords are lower
 * case and an upper-case letter goes wherever its lower-case twin goes.
 */
function buildDfa(keywords: readonly (readonly [string, number])[], fold: boolean): Dfa {
  // The trie, then the table, in one array: no state is beyond the keywords' total length.
  let capacity = 1;
  for (const [keyword] of keywords) capacity += keyword.length;
  const table = new Int32Array(capacity * ALPHABET).fill(-1);
  const outputs: (number[] | undefined)[] = [undefined];
  let states = 1;
  let maxDepth = 0;
  for (const [keyword, id] of keywords) {
    let state = 0;
    for (let i = 0; i < keyword.length; i++) {
      const at = state * ALPHABET + keyword.charCodeAt(i);
      if (table[at] === -1) {
        table[at] = states++;
        outputs.push(undefined);
      }
      state = table[at];
    }
    (outputs[state] ??= []).push(id);
    maxDepth = Math.max(maxDepth, keyword.length);
  }

  const fail = new Int32Array(states);
  const queue = new Int32Array(states);
  let tail = 0;
  for (let c = 0; c < ALPHABET; c++) {
    if (table[c] === -1) table[c] = 0;
    else queue[tail++] = table[c];
  }
  // Breadth-first, so a state's failure target is complete before the state is filled in.
  for (let head = 0; head < tail; head++) {
    const state = queue[head];
    const failOutputs = outputs[fail[state]];
    if (failOutputs) outputs[state] = [...(outputs[state] ?? []), ...failOutputs];
    const row = state * ALPHABET;
    const failRow = fail[state] * ALPHABET;
    for (let c = 0; c < ALPHABET; c++) {
      const next = table[row + c];
      if (next === -1) {
        table[row + c] = table[failRow + c];
      } else {
        fail[next] = table[failRow + c];
        queue[tail++] = next;
      }
    }
  }
  if (fold) {
    for (let row = 0; row < states * ALPHABET; row += ALPHABET) {
      for (let c = 65; c <= 90; c++) table[row + c] = table[row + c + 32];
    }
  }
  return { table: table.subarray(0, states * ALPHABET), outputs, maxDepth };
}

/**
 * One automaton that runs two at once: a state is a pair of their states (only the pairs some
 * text reaches), and its outputs are both of theirs. The keyword pass stays one load a character.
 */
function productDfa(a: Dfa, b: Dfa): Dfa {
  const bStates = b.outputs.length;
  const pairs: number[] = [0];
  const seen = new PairTable();
  seen.add(0, 0);
  let table = new Int32Array(2 * (a.outputs.length + bStates) * ALPHABET);
  const outputs: (number[] | undefined)[] = [];
  const aTable = a.table;
  const bTable = b.table;
  for (let state = 0; state < pairs.length; state++) {
    const sa = Math.floor(pairs[state] / bStates);
    const sb = pairs[state] % bStates;
    const oa = a.outputs[sa];
    const ob = b.outputs[sb];
    outputs.push(oa && ob ? [...oa, ...ob] : oa ?? ob);
    if ((state + 1) * ALPHABET > table.length) {
      const grown = new Int32Array(table.length * 2);
      grown.set(table);
      table = grown;
    }
    const row = state * ALPHABET;
    const aRow = sa * ALPHABET;
    const bRow = sb * ALPHABET;
    for (let c = 0; c < ALPHABET; c++) {
      const pair = aTable[aRow + c] * bStates + bTable[bRow + c];
      let next = seen.get(pair);
      if (next === -1) {
        next = pairs.length;
        seen.add(pair, next);
        pairs.push(pair);
      }
      table[row + c] = next;
    }
  }
  return { table: table.subarray(0, pairs.length * ALPHABET), outputs, maxDepth: Math.max(a.maxDepth, b.maxDepth) };
}

/**
 * The states made for pairs so far: an open-addressing hash table in typed arrays, which stays
 * small and in cache where an array indexed by every possible pair would take megabytes.
 */
class PairTable {
  private keys = new Int32Array(1 << 14).fill(-1);
  private values = new Int32Array(1 << 14);
  private size = 0;

  get(pair: number): number {
    const mask = this.keys.length - 1;
    for (let slot = Math.imul(pair, 0x9e3779b1) >>> 0 & mask; ; slot = (slot + 1) & mask) {
      const key = this.keys[slot];
      if (key === pair) return this.values[slot];
      if (key === -1) return -1;
    }
  }

  add(pair: number, state: number): void {
    if (2 * (this.size + 1) > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let slot = Math.imul(pair, 0x9e3779b1) >>> 0 & mask;
    while (this.keys[slot] !== -1) slot = (slot + 1) & mask;
    this.keys[slot] = pair;
    this.values[slot] = state;
    this.size++;
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Int32Array(keys.length * 2).fill(-1);
    this.values = new Int32Array(keys.length * 2);
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== -1) this.add(keys[i], values[i]);
  }
}

/** U+0130 and the Kelvin sign U+212A are the only characters beyond ASCII whose lower case is in it. */
const ASCII_LOWER_CASE = /[\u0130\u212a]/;

/**
 * The text with those two characters lower-cased, so that folded keywords find them as they
 * would in the lower-cased text, while exact keywords still see every other character as written.
 */
function withAsciiLowerCase(text: string): string {
  if (!ASCII_LOWER_CASE.test(text)) return text;
  return text.replace(/[\u0130\u212a]/g, (ch) => (ch === '\u0130' ? 'i' : 'k'));
}

/**
 * Lower-cases without changing length: `toLowerCase` turns U+0130 into two code units, which
 * would shift every offset after it.
 */
export function lowerCaseSameLength(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  return text.replace(/\u0130/g, 'I').toLowerCase();
}
