/** Keeping `.env` out of git: asks git when the folder is a repository, reads .gitignore otherwise. */
import { execFile } from 'node:child_process';
import ignore from 'ignore';
import { appendBytes, appendedText, decodeTextFile } from './textFileAppend';

/**
 * Whether git ignores `relativePath` (relative to `cwd`): true or false from `git check-ignore`,
 * undefined when `cwd` is not in a repository or git is missing.
 */
export function gitIgnores(cwd: string, relativePath: string): Promise<boolean | undefined> {
  return gitSays(cwd, ['check-ignore', '-q', '--', relativePath]);
}

/**
 * Whether git tracks `relativePath` (committed or staged), so that .gitignore no longer keeps it
 * out of commits; undefined outside a repository.
 */
export function gitTracks(cwd: string, relativePath: string): Promise<boolean | undefined> {
  return gitSays(cwd, ['ls-files', '--error-unmatch', '--', relativePath]);
}

/** Exit status 0 is yes and 1 is no; 128 means "not a repository" (or another failure). */
function gitSays(cwd: string, args: string[]): Promise<boolean | undefined> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, timeout: 10_000 }, (error) => {
      if (!error) return resolve(true);
      const code: unknown = (error as { code?: unknown }).code;
      resolve(code === 1 ? false : undefined);
    });
  });
}

/** Whether the rules of one .gitignore file ignore `relativePath` (relative to that file's folder). */
export function gitignoreIgnores(gitignore: Uint8Array | undefined, relativePath: string): boolean {
  if (!gitignore) return false;
  return ignore().add(decodeTextFile(gitignore).text).ignores(relativePath.replace(/\\/g, '/'));
}

/**
 * The .gitignore bytes with `entry` appended as its own line (line endings and BOM kept), and the
 * appended text. Undefined when the file's encoding cannot hold the entry.
 */
export function gitignoreWithEntry(existing: Uint8Array | undefined, entry: string):
  { content: Buffer; appended: string } | undefined {
  const decoded = existing ? decodeTextFile(existing) : undefined;
  const appended = appendedText(decoded, entry);
  const content = appendBytes(existing, decoded, appended);
  return content ? { content, appended } : undefined;
}
