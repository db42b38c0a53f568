import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readIfExists, writeFileAtomic } from '../files/atomicWrite';

/** The file operations the environments core needs; tests and the extension both use the Node one. */
export interface FileAccess {
  /** The file's text, or `undefined` when it does not exist. */
  readText(file: string): Promise<string | undefined>;
  /** Replaces the file in one step (write a sibling, then rename), creating missing folders. */
  writeTextAtomic(file: string, text: string): Promise<void>;
}

export const nodeFileAccess: FileAccess = {
  async readText(file) {
    return (await readIfExists(file))?.toString('utf8');
  },

  async writeTextAtomic(file, text) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, Buffer.from(text, 'utf8'));
  },
};
