import { createHash } from 'node:crypto';

/**
 * Secret-looking values built at test time (no credential literal is committed). The migration
 * code never looks at a value's shape, so plain high-entropy strings are enough.
 */
export function fakeSecret(seed: string, length = 32): string {
  let out = '';
  for (let i = 0; out.length < length; i++) {
    out += createHash('sha256').update(`${seed}:${i}`).digest('base64').replace(/[^A-Za-z0-9]/g, '');
  }
  return out.slice(0, length);
}
