import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

/** The file operations the environments core needs; tests and the extension both use the Node one. */
export interface FileAccess {
  /** The file's text, or `undefined` when it does not exist. */
  readText(file: string): Promise<string | undefined>;
  /** Replaces the file in one step (write a sibling, then rename), creating missing folders. */
  writeTextAtomic(file: string, text: string): Promise<void>;
}

export const nodeFileAccess: FileAccess = {
  async readText(file) {
    try {
      return await fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  },

  async writeTextAtomic(file, text) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const temp = path.join(
      path.dirname(file),
      `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`,
    );
    // Keep the permissions of the file being replaced (a .env is often 0600).
    const mode = await fs.stat(file).then(
      (s) => s.mode & 0o777,
      () => undefined,
    );
    try {
      await fs.writeFile(temp, text, { encoding: 'utf8', mode: mode ?? 0o644 });
      await fs.rename(temp, file);
    } catch (err) {
      await fs.rm(temp, { force: true });
      throw err;
    }
  },
};
