/**
 * mulberry32: a small, fast, reproducible generator. Every fixture, corpus and benchmark tree that
 * needs "random" values draws them from here with a fixed seed, so runs are repeatable.
 */
export type Random = () => number;

export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const HEX = '0123456789abcdef';
export const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
export const BCRYPT = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Seeded picks for the corpora: numbers, items, strings over an alphabet, UUIDs. */
export class Pick {
  constructor(private readonly rand: Random) {}
  int(n: number): number {
    return Math.floor(this.rand() * n);
  }
  one<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chars(alphabet: string, n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }
  uuid(): string {
    const hex = (n: number) => this.chars(HEX, n);
    return `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;
  }
}
