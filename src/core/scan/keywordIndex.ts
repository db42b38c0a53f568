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
const NO_ENDS: readonly number[] = Object.freeze([]);
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

    const ascii = (keyword: string) => ![...keyword].some((ch) => ch.charCodeAt(0) >= ALPHABET);
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
    for (let i = 0; i < size; i++) flagged[i] = table[i] | (outputs[table[i]] ? outputFlag : 0);
    this.table = flagged;
    this.outputFlag = outputFlag;
    this.outputs = outputs;
    this.maxDepth = Math.max(foldedDfa.maxDepth, exactDfa.maxDepth);
    this.wasmMinLength = options.wasm === false ? Infinity : options.wasm?.minLength ?? WASM_MIN_LENGTH;
  }

  /**
   * Marks which keyword ids occur in `text` (ignoring case) and records where each keyword
   * ends, up to `cap` positions per keyword
   * (a keyword with more than `cap` occurrences has exactly `cap + 1` recorded, meaning "many"),
   * or all of them for ids marked in `uncapped`.
   */
  findPositions(text: string, cap: number, uncapped?: Uint8Array): KeywordPositions {
    const source = withAsciiLowerCase(text);
    const all = uncapped ?? new Uint8Array(this.keywords.length);
    const found = new Uint8Array(this.keywords.length);
    const foundIds: number[] = [];
    // Most keywords never occur: they share one empty list, replaced on their first occurrence.
    const ends: number[][] = new Array<number[]>(this.keywords.length).fill(NO_ENDS as number[]);
    const record = (end: number, state: number) => {
      for (const id of this.outputs[state] as number[]) {
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
      for (let at = lowerCased.indexOf(this.keywords[id]); at !== -1 && ends[id].length <= cap;
        at = lowerCased.indexOf(this.keywords[id], at + 1)) {
        if (found[id] === 0) {
          ends[id] = [];
          foundIds.push(id);
        }
        found[id] = 1;
        ends[id].push(at + this.keywords[id].length);
      }
    }
    return { found, foundIds, ends };
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
  const gotos: Map<number, number>[] = [new Map()];
  const outputs: (number[] | undefined)[] = [undefined];
  let maxDepth = 0;
  for (const [keyword, id] of keywords) {
    let state = 0;
    for (let i = 0; i < keyword.length; i++) {
      const c = keyword.charCodeAt(i);
      let next = gotos[state].get(c);
      if (next === undefined) {
        next = gotos.length;
        gotos.push(new Map());
        outputs.push(undefined);
        gotos[state].set(c, next);
      }
      state = next;
    }
    (outputs[state] ??= []).push(id);
    maxDepth = Math.max(maxDepth, keyword.length);
  }

  const table = new Int32Array(gotos.length * ALPHABET);
  const fail = new Int32Array(gotos.length);
  const queue: number[] = [];
  for (const [c, next] of gotos[0]) {
    table[c] = next;
    queue.push(next);
  }
  // Breadth-first, so a state's failure target is complete before the state is filled in.
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head];
    const failOutputs = outputs[fail[state]];
    if (failOutputs) outputs[state] = [...(outputs[state] ?? []), ...failOutputs];
    for (let c = 0; c < ALPHABET; c++) {
      const next = gotos[state].get(c);
      if (next === undefined) {
        table[state * ALPHABET + c] = table[fail[state] * ALPHABET + c];
      } else {
        fail[next] = table[fail[state] * ALPHABET + c];
        table[state * ALPHABET + c] = next;
        queue.push(next);
      }
    }
  }
  if (fold) {
    for (let state = 0; state < gotos.length; state++) {
      for (let c = 65; c <= 90; c++) table[state * ALPHABET + c] = table[state * ALPHABET + c + 32];
    }
  }
  return { table, outputs, maxDepth };
}

/**
 * One automaton that runs two at once: a state is a pair of their states (only the pairs some
 * text reaches), and its outputs are both of theirs. The keyword pass stays one load a character.
 */
function productDfa(a: Dfa, b: Dfa): Dfa {
  const bStates = b.outputs.length;
  // Most pairs have b at its start; those are looked up in an array, the others in a map.
  const stateWithBAtStart = new Int32Array(a.outputs.length).fill(-1);
  stateWithBAtStart[0] = 0;
  const stateOfPair = new Map<number, number>();
  const pairs: number[] = [0];
  let table = new Int32Array(4 * (a.outputs.length + bStates) * ALPHABET);
  const outputs: (number[] | undefined)[] = [];
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
    for (let c = 0; c < ALPHABET; c++) {
      const na = a.table[sa * ALPHABET + c];
      const nb = b.table[sb * ALPHABET + c];
      let next = nb === 0 ? stateWithBAtStart[na] : stateOfPair.get(na * bStates + nb) ?? -1;
      if (next === -1) {
        next = pairs.length;
        if (nb === 0) stateWithBAtStart[na] = next;
        else stateOfPair.set(na * bStates + nb, next);
        pairs.push(na * bStates + nb);
      }
      table[state * ALPHABET + c] = next;
    }
  }
  return { table: table.slice(0, pairs.length * ALPHABET), outputs, maxDepth: Math.max(a.maxDepth, b.maxDepth) };
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
