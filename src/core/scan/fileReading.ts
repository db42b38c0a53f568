/** Reads files for scanning: skips binaries and oversized files, decodes any text without failing. */
import { closeSync, fstatSync, openSync, promises as fs, readSync } from 'node:fs';

export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

const BINARY_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'bmp', 'ico', 'icns', 'webp', 'tif', 'tiff', 'psd', 'heic', 'avif',
  'pdf', 'zip', 'gz', 'tgz', 'bz2', 'xz', 'zst', '7z', 'rar', 'jar', 'war', 'ear', 'class', 'exe', 'dll',
  'so', 'dylib', 'o', 'a', 'lib', 'obj', 'bin', 'woff', 'woff2', 'ttf', 'otf', 'eot', 'mp3', 'mp4', 'm4a',
  'mov', 'avi', 'mkv', 'wav', 'flac', 'ogg', 'webm', 'sqlite', 'sqlite3', 'db', 'pyc', 'pyo', 'wasm',
  'node', 'iso', 'dmg', 'deb', 'rpm', 'msi', 'vsix', 'nupkg', 'whl', 'pack', 'idx', 'DS_Store',
]);

export type ReadOutcome =
  | { kind: 'text'; text: string; bytes: number }
  | { kind: 'binary'; bytes: number }
  | { kind: 'too-large'; bytes: number };

export function hasBinaryExtension(filePath: string): boolean {
  const dot = filePath.lastIndexOf('.');
  if (dot === -1 || dot < filePath.lastIndexOf('/')) return false;
  return BINARY_EXTENSIONS.has(filePath.slice(dot + 1).toLowerCase());
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes bytes as text: UTF-16 when it has a byte-order mark, UTF-8 when valid, else Latin-1,
 * which maps every byte to a character, so offsets stay meaningful and nothing throws.
 */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  }
}

/** Reads one file for scanning. Errors (unreadable, vanished) propagate to the caller. */
export async function readFileForScan(
  filePath: string, maxFileSize = DEFAULT_MAX_FILE_SIZE,
): Promise<ReadOutcome> {
  if (hasBinaryExtension(filePath)) {
    const { size } = await fs.stat(filePath);
    return { kind: 'binary', bytes: size };
  }
  const handle = await fs.open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    if (size > maxFileSize) return { kind: 'too-large', bytes: size };
    const bytes = await handle.readFile();
    const text = decodeText(bytes);
    if (text === undefined) return { kind: 'binary', bytes: bytes.length };
    return { kind: 'text', text, bytes: bytes.length };
  } finally {
    await handle.close();
  }
}

/** Scratch space for synchronous reads; fresh buffers per file cost a page fault per page. */
let scratch = Buffer.allocUnsafe(256 * 1024);

/**
 * Synchronous twin of readFileForScan, for worker threads: with nothing else to do there, one
 * blocking open/fstat/read/close beats four thread-pool round trips per file, and reading into
 * one reused buffer (decoding copies out of it) spares the kernel mapping fresh pages.
 */
export function readFileForScanSync(filePath: string, maxFileSize = DEFAULT_MAX_FILE_SIZE): ReadOutcome {
  const fd = openSync(filePath, 'r');
  try {
    const { size } = fstatSync(fd);
    if (hasBinaryExtension(filePath)) return { kind: 'binary', bytes: size };
    if (size > maxFileSize) return { kind: 'too-large', bytes: size };
    if (scratch.length < size) scratch = Buffer.allocUnsafe(Math.max(size, scratch.length * 2));
    let filled = 0;
    while (filled < size) {
      const read = readSync(fd, scratch, filled, size - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    const text = decodeText(scratch.subarray(0, filled));
    return text === undefined ? { kind: 'binary', bytes: filled } : { kind: 'text', text, bytes: filled };
  } finally {
    closeSync(fd);
  }
}
