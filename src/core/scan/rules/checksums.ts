/**
 * Structural checks that let a rule drop look-alikes its regex cannot tell apart.
 *
 * CRC32 is computed here rather than with node:zlib's crc32: that export only exists from
 * Node 20.15, and src/core must also run where node:zlib is absent (a browser worker for
 * VS Code for the Web). The table costs 1 KiB and is built once.
 */

const CRC_TABLE = ((): Uint32Array => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, as in zlib) of the UTF-8 bytes of an ASCII string. */
export function crc32(value: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < value.length; i++) {
    crc = CRC_TABLE[(crc ^ value.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Base62 (digits, upper, lower) left-padded with `0` to `width`. */
export function base62(value: number, width: number): string {
  let out = '';
  let rest = value;
  while (rest > 0) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, '0');
}

/** The 6-character tail GitHub and npm append to the random part of a token. */
export function crc32Base62Tail(randomPart: string): string {
  return base62(crc32(randomPart), 6);
}

/**
 * GitHub classic tokens (`ghp_` and siblings) and npm tokens: prefix, `_`, 30 random base62
 * characters, then the base62 CRC32 of those 30 characters.
 */
export function hasCrc32Base62Tail(token: string): boolean {
  const body = token.slice(token.indexOf('_') + 1);
  if (body.length !== 36) return false;
  return crc32Base62Tail(body.slice(0, 30)) === body.slice(30);
}

const BECH32_ALPHABET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BECH32_GENERATORS = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function bech32Polymod(values: number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= BECH32_GENERATORS[i];
  }
  return chk >>> 0;
}

function bech32HrpExpand(hrp: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) >> 5);
  out.push(0);
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) & 31);
  return out;
}

/** 5-bit values of a bech32 data part, or undefined when a character is outside the alphabet. */
function bech32Values(data: string): number[] | undefined {
  const values: number[] = [];
  for (const c of data.toLowerCase()) {
    const v = BECH32_ALPHABET.indexOf(c);
    if (v < 0) return undefined;
    values.push(v);
  }
  return values;
}

/** True when a bech32 string (either case, BIP-173 checksum) is intact. Used for age keys. */
export function hasValidBech32Checksum(value: string): boolean {
  const separator = value.lastIndexOf('1');
  if (separator < 1 || value.length - separator < 7) return false;
  const values = bech32Values(value.slice(separator + 1));
  if (!values) return false;
  const hrp = value.slice(0, separator).toLowerCase();
  return bech32Polymod([...bech32HrpExpand(hrp), ...values]) === 1;
}

/** The 6 checksum characters for a bech32 human-readable part and 5-bit data values. */
export function bech32Checksum(hrp: string, values: number[]): string {
  const mod = bech32Polymod([...bech32HrpExpand(hrp.toLowerCase()), ...values, 0, 0, 0, 0, 0, 0]) ^ 1;
  let out = '';
  for (let i = 0; i < 6; i++) out += BECH32_ALPHABET[(mod >>> (5 * (5 - i))) & 31];
  return out;
}

function decodeBase64Text(value: string): string | undefined {
  const normal = value.replace(/-/g, '+').replace(/_/g, '/');
  if (/[^A-Za-z0-9+/=]/.test(normal)) return undefined;
  try {
    // atob rather than Buffer: it exists in browsers as well as in Node.
    return atob(normal);
  } catch {
    return undefined;
  }
}

/**
 * True when `encoded` is base64 (either alphabet) of a JSON object that has every key in `keys`.
 * Grafana Cloud, Sentry org and Mapbox tokens embed such a payload; random text never decodes so.
 */
export function isBase64JsonWithKeys(encoded: string, keys: readonly string[]): boolean {
  const decoded = decodeBase64Text(encoded);
  if (decoded === undefined) return false;
  try {
    const parsed: unknown = JSON.parse(decoded);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false;
    return keys.every((k) => Object.prototype.hasOwnProperty.call(parsed, k));
  } catch {
    return false;
  }
}
