import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Writes a file so that readers see either the old or the new content, never a half-written one:
 * the bytes go to a temporary file in the same folder (same file system) that is then renamed
 * over the target. The old file's permission bits are kept, so a 0600 .env stays 0600.
 */
export async function writeFileAtomic(target: string, content: Uint8Array,
  newFileMode = 0o644): Promise<void> {
  const temp = path.join(path.dirname(target),
    `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  let oldMode: number | undefined;
  try {
    oldMode = (await fs.stat(target)).mode & 0o777;
  } catch {
    // A new file: the caller chose its mode (0600 for .env, which holds secrets).
  }
  try {
    const handle = await fs.open(temp, 'wx', oldMode ?? newFileMode);
    try {
      // The umask narrows the mode given to open; a replaced 0664 file must stay 0664.
      if (oldMode !== undefined) await handle.chmod(oldMode);
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, target);
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw e;
  }
}

/** The file's bytes, or undefined when it does not exist. */
export async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
