import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { SecretStore } from '../../src/core/environments/model';

/**
 * Fake secrets built at run time (never as literals in the repository), from a seeded generator
 * so failures reproduce. `canary` values are easy to search for in files and logs.
 */
export function seededSecret(seed: number, length = 32): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let state = seed >>> 0 || 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    // xorshift32: enough randomness for high-entropy-looking strings.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out += alphabet[(state >>> 0) % alphabet.length];
  }
  return out;
}

export function canary(label: string, seed = label.length): string {
  return `canary${label}${seededSecret(seed, 24)}`;
}

/** A JWT-shaped string (not signed by anything). */
export function fakeJwt(seed: number): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const header = b64({ alg: 'HS256', typ: 'JWT' });
  return `${header}.${b64({ sub: `user${seed}`, exp: 2000000000 })}.${seededSecret(seed, 43)}`;
}

/** A SecretStore over a Map, with the Map exposed for assertions. */
export function mapSecretStore(): SecretStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    get: async (k) => map.get(k),
    store: async (k, v) => void map.set(k, v),
    delete: async (k) => void map.delete(k),
  };
}

export async function withTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tw-env-'));
  try {
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
