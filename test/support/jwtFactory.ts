/**
 * Builds JWTs at test time so no token literal is ever committed. Signs with node:crypto only,
 * so the same helper works in unit tests and inside the VS Code extension host.
 */
import { createHmac, randomBytes } from 'node:crypto';

export function base64url(value: string | Uint8Array | object): string {
  if (typeof value === 'string') return Buffer.from(value, 'utf8').toString('base64url');
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64url');
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** A fresh random HMAC secret, different on every run. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** HS256-signed compact JWS; the header defaults to `{ alg: 'HS256', typ: 'JWT' }`. */
export function makeHs256(
  payload: object | string,
  secret: string | Uint8Array = randomSecret(),
  header: object = {},
): string {
  const input = `${base64url({ alg: 'HS256', typ: 'JWT', ...header })}.${base64url(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** An unsigned `alg: none` token (empty signature, trailing dot kept). */
export function makeUnsigned(payload: object): string {
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
}

/** A syntactically valid 5-part JWE with random bytes where the ciphertext would be. */
export function makeFakeJwe(header: object = { alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'enc-1' }): string {
  return [
    base64url(header),
    base64url(randomBytes(256)),
    base64url(randomBytes(12)),
    base64url(randomBytes(80)),
    base64url(randomBytes(16)),
  ].join('.');
}

/** Seconds since the epoch for `now` plus an offset. */
export function epoch(nowMs: number, offsetSeconds = 0): number {
  return Math.floor(nowMs / 1000) + offsetSeconds;
}
