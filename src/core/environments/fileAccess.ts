import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readIfExists, writeFileAtomic } from '../files/atomicWrite';
import { lineColumnAt } from './environmentsFile';

/** The file operations the environments core needs; tests and the extension both use the Node one. */
export interface FileAccess {
  /** The file's text, or `undefined` when it does not exist. */
  readText(file: string): Promise<string | undefined>;
  /** Replaces the file in one step (write a sibling, then rename), creating missing folders. */
  writeTextAtomic(file: string, text: string): Promise<void>;
}

export const nodeFileAccess: FileAccess = {
  async readText(file) {
    const bytes = await readIfExists(file);
    return bytes && decodeUtf8(bytes, path.basename(file));
  },

  async writeTextAtomic(file, text) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, Buffer.from(text, 'utf8'));
  },
};

/**
 * Strict UTF-8 (a BOM is kept): bytes decoded lossily would be written back as U+FFFD by the next
 * edit, so a file in another encoding is refused with the position of its first bad byte.
 */
export function decodeUtf8(bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const lossy = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const { line, column } = lineColumnAt(lossy, lossy.indexOf('\uFFFD'));
    throw new Error(
      `${name} is not valid UTF-8 at line ${line}, column ${column}; save it as UTF-8 and try again ` +
        '(it was not changed)',
    );
  }
}
