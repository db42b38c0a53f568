/**
 * Runs a KeywordIndex transition table in WebAssembly over several slices of a text at once.
 *
 * In the JavaScript loop each table load waits for the previous one, since the state it yields is
 * part of the next address, so the CPU idles on memory latency. Here three independent slices
 * share one loop, keeping three loads in flight, and the table is laid out so that a step is one
 * add and one load: entries are byte offsets of the next row, and the states with outputs come
 * last, so telling a hit needs no flag bit to mask off. About 2.2x the JavaScript loop on source.
 *
 * Each slice starts `maxDepth` characters before its share, from state 0: after that many
 * characters the automaton is in the same state whatever it started from (no state is deeper
 * than the longest keyword), so the hits from there on are exact and the earlier ones are
 * dropped. Long texts go through in chunks, so memory stays bounded.
 */
import { endianness } from 'node:os';

/** The few parts of the WebAssembly API used here (the compiler's lib has no WebAssembly types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
/** (steps, threshold, text pointer per stream, output pointer per stream) */
type ScanFunction = (...args: number[]) => void;

export interface AutomatonWasmOptions {
  /** Slices walked at once. */
  streams?: number;
  /** Characters per call into WebAssembly; bounds the memory used (about 10 bytes a character). */
  chunkChars?: number;
}

const STREAMS = 3;
const CHUNK_CHARS = 1 << 18;

const PAGE = 65536;
/** Where the scan function leaves each stream's final output pointer. */
const OUT_POINTERS = 0;
/** The table sits at a fixed offset, so one compiled module serves every table. */
const TABLE_BASE = 64;
const MAX_STREAMS = TABLE_BASE / 4;
/** A code unit that maps to state 0 and never ends a keyword: pads the text before its start. */
const PAD = 0xffff;
/** The column for every character outside ASCII: all its entries lead to state 0. */
const NON_ASCII = 128;
const ROW_BYTES = 4 * (NON_ASCII + 1);
const BYTES_PER_HIT = 8;
const OUTPUT_FLAG = 0x8000;

// Instruction and type codes from the WebAssembly binary format.
const I32 = 0x7f;
const EMPTY_BLOCK = 0x40;
const OP = {
  block: 0x02, loop: 0x03, if: 0x04, end: 0x0b, br: 0x0c, brIf: 0x0d, select: 0x1b,
  localGet: 0x20, localSet: 0x21, localTee: 0x22, load16u: 0x2f, store: 0x36, const: 0x41,
  load: 0x28, eqz: 0x45, ltU: 0x49, geU: 0x4f, add: 0x6a, sub: 0x6b, shl: 0x74,
};

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    const low = n & 0x7f;
    n >>>= 7;
    out.push(n === 0 ? low : low | 0x80);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const low = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (low & 0x40) === 0) || (n === -1 && (low & 0x40) !== 0)) return [...out, low];
    out.push(low | 0x80);
  }
}

const vector = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const name = (text: string) => [...uleb(text.length), ...Buffer.from(text, 'ascii')];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const i32const = (n: number) => [OP.const, ...sleb(n)];
/** Alignment (as a power of two) and offset of a load or store. */
const memarg = (align: number, offset: number) => [align, ...uleb(offset)];

/**
 * `scan(steps, threshold, text0..textK-1, out0..outK-1)`: advances K streams `steps` characters
 * each, from state 0. Stream k reads UTF-16 code units at `textK`; on each transition into a state
 * at or above `threshold` (the states with outputs) it appends (address after the character,
 * the state's row offset) as two i32 at `outK`. The final output pointers are stored at OUT_POINTERS.
 * Memory is imported, so each table gets its own and the module can be shared.
 */
function scanModule(streams: number): Uint8Array {
  const steps = 0;
  const threshold = 1;
  const text = (k: number) => 2 + k;
  const out = (k: number) => 2 + streams + k;
  const state = (k: number) => 2 + 2 * streams + k;
  const char = 2 + 3 * streams;

  const code: number[] = [OP.block, EMPTY_BLOCK, OP.loop, EMPTY_BLOCK,
    OP.localGet, steps, OP.eqz, OP.brIf, 1];
  for (let k = 0; k < streams; k++) {
    code.push(
      // state = table[state + 4 * min(char, 128)]: only the add and the load wait on the last state.
      OP.localGet, text(k), OP.load16u, ...memarg(1, 0), OP.localTee, char,
      ...i32const(NON_ASCII), OP.localGet, char, ...i32const(NON_ASCII), OP.ltU, OP.select,
      ...i32const(2), OP.shl,
      OP.localGet, state(k), OP.add, OP.load, ...memarg(2, TABLE_BASE), OP.localSet, state(k),
      OP.localGet, text(k), ...i32const(2), OP.add, OP.localSet, text(k),
      OP.localGet, state(k), OP.localGet, threshold, OP.geU, OP.if, EMPTY_BLOCK,
      OP.localGet, out(k), OP.localGet, text(k), OP.store, ...memarg(2, 0),
      OP.localGet, out(k), OP.localGet, state(k), OP.store, ...memarg(2, 4),
      OP.localGet, out(k), ...i32const(BYTES_PER_HIT), OP.add, OP.localSet, out(k),
      OP.end,
    );
  }
  code.push(OP.localGet, steps, ...i32const(1), OP.sub, OP.localSet, steps, OP.br, 0, OP.end, OP.end);
  for (let k = 0; k < streams; k++) {
    code.push(...i32const(OUT_POINTERS + 4 * k), OP.localGet, out(k), OP.store, ...memarg(2, 0));
  }
  code.push(OP.end);

  const locals = vector([[...uleb(streams + 1), I32]]);
  const body = [...locals, ...code];
  const params = new Array<number>(2 + 2 * streams).fill(I32);
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
    ...section(1, vector([[0x60, ...uleb(params.length), ...params, 0]])), // type 0: (i32...) -> ()
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, 1]])), // memory, min 1 page
    ...section(3, vector([[0]])), // function 0 has type 0
    ...section(7, vector([[...name('scan'), 0x00, 0]])), // export function 0 as "scan"
    ...section(10, vector([[...uleb(body.length), ...body]])),
  ]);
}

const compiled = new Map<number, object>();

function wasmApi(): WasmApi | undefined {
  // The table and the hits cross into wasm memory in host byte order; wasm reads little-endian.
  if (endianness() !== 'LE') return undefined;
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}

export class WasmAutomaton {
  private readonly scanFunction: ScanFunction;
  private readonly memory: WasmMemory;
  private bytes!: Buffer;
  private units!: Uint16Array;
  private words!: Int32Array;
  private readonly textBase: number;
  private readonly streams: number;
  private readonly chunkChars: number;
  /** The KeywordIndex state of each state here. */
  private readonly stateOf: number[];
  /** The row offset of the first state with outputs. */
  private readonly threshold: number;

  private constructor(api: WasmApi, table: Uint16Array, private readonly maxDepth: number,
    options: AutomatonWasmOptions) {
    this.streams = Math.min(Math.max(1, options.streams ?? STREAMS), MAX_STREAMS);
    this.chunkChars = Math.max(1, options.chunkChars ?? CHUNK_CHARS);
    let module = compiled.get(this.streams);
    if (!module) {
      module = new api.Module(scanModule(this.streams));
      compiled.set(this.streams, module);
    }
    this.memory = new api.Memory({ initial: 1 });
    const instance = new api.Instance(module, { env: { memory: this.memory } });
    this.scanFunction = instance.exports.scan as ScanFunction;

    const states = table.length / NON_ASCII;
    const hasOutputs = new Uint8Array(states);
    for (let i = 0; i < table.length; i++) if (table[i] & OUTPUT_FLAG) hasOutputs[table[i] & ~OUTPUT_FLAG] = 1;
    // States with outputs are numbered last, so one comparison tells whether a step is a hit.
    this.stateOf = Array.from({ length: states }, (_, state) => state)
      .sort((a, b) => hasOutputs[a] - hasOutputs[b]);
    const renumbered = new Int32Array(states);
    this.stateOf.forEach((old, now) => renumbered[old] = now);
    this.threshold = (states - hasOutputs.reduce((sum, flag) => sum + flag, 0)) * ROW_BYTES;

    this.textBase = align8(TABLE_BASE + states * ROW_BYTES);
    this.ensureBytes(this.textBase);
    // Entries are byte offsets of the next state's row, so the loop adds a column and loads.
    const rowOf = new Int32Array(states);
    for (let old = 0; old < states; old++) rowOf[old] = renumbered[old] * ROW_BYTES;
    const words = this.words;
    for (let old = 0; old < states; old++) {
      const row = (TABLE_BASE + rowOf[old]) / 4;
      const from = old * NON_ASCII;
      for (let c = 0; c < NON_ASCII; c++) words[row + c] = rowOf[table[from + c] & ~OUTPUT_FLAG];
      words[row + NON_ASCII] = 0;
    }
  }

  /**
   * Runs `table` (entries below 0x8000 are states, the 0x8000 bit marks states with outputs) or
   * returns undefined where WebAssembly is unavailable.
   */
  static create(table: Uint16Array, maxDepth: number, options: AutomatonWasmOptions = {}):
    WasmAutomaton | undefined {
    const api = wasmApi();
    if (!api) return undefined;
    try {
      return new WasmAutomaton(api, table, maxDepth, options);
    } catch {
      // A host may forbid compiling WebAssembly; the JavaScript loop gives the same answers.
      return undefined;
    }
  }

  /**
   * Calls `onHit(end, state)` for each character after which the automaton is in a state with
   * outputs, in increasing `end` order: exactly the JavaScript loop's hits.
   */
  scan(lower: string, onHit: (end: number, state: number) => void): void {
    for (let at = 0; at < lower.length; at += this.chunkChars) {
      this.scanChunk(lower, at, Math.min(this.chunkChars, lower.length - at), onHit);
    }
  }

  private scanChunk(lower: string, at: number, length: number,
    onHit: (end: number, state: number) => void): void {
    const depth = this.maxDepth;
    const streams = this.streams;
    const slice = Math.ceil(length / streams);
    const steps = slice + depth;
    const outBase = align8(this.textBase + 2 * (depth + length));
    this.ensureBytes(outBase + streams * steps * BYTES_PER_HIT);

    // Memory holds the chunk and the `depth` characters before it, padded before the text's start.
    const windowStart = at - depth;
    const pad = Math.max(0, -windowStart);
    this.units.fill(PAD, this.textBase / 2, this.textBase / 2 + pad);
    // Whole texts are copied as they are; slicing would copy twice.
    const source = windowStart + pad === 0 && at + length === lower.length
      ? lower
      : lower.slice(windowStart + pad, at + length);
    this.bytes.write(source, this.textBase + 2 * pad, 'utf16le');

    const args: number[] = [steps, this.threshold];
    const ends: number[] = [];
    for (let k = 0; k < streams; k++) {
      ends.push(at + Math.min((k + 1) * slice, length));
      args.push(this.textBase + 2 * (ends[k] - steps - windowStart));
    }
    for (let k = 0; k < streams; k++) args.push(outBase + k * steps * BYTES_PER_HIT);
    this.scanFunction(...args);

    const words = this.words;
    for (let k = 0; k < streams; k++) {
      // Hits up to the previous stream's end belong to it: this stream was still warming up.
      const from = k === 0 ? at : ends[k - 1];
      const last = words[OUT_POINTERS / 4 + k] / 4;
      for (let w = args[2 + streams + k] / 4; w < last; w += 2) {
        const end = windowStart + (words[w] - this.textBase) / 2;
        if (end > from) onHit(end, this.stateOf[words[w + 1] / ROW_BYTES]);
      }
    }
  }

  private ensureBytes(size: number): void {
    const have = this.memory.buffer.byteLength;
    if (size > have) this.memory.grow(Math.ceil((size - have) / PAGE));
    if (this.bytes?.buffer !== this.memory.buffer) {
      // Growing detaches the old buffer, so the views are made again.
      this.bytes = Buffer.from(this.memory.buffer);
      this.units = new Uint16Array(this.memory.buffer);
      this.words = new Int32Array(this.memory.buffer);
    }
  }
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
