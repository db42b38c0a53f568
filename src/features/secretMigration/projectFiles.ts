import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readIfExists } from '../../core/files/atomicWrite';
import { gitIgnores, gitignoreIgnores, gitTracks } from '../../core/migrate/gitignoreFile';

/** The files a migration to .env touches, for one source file. */
export interface DotenvFiles {
  folder: string;
  dotenv: string;
  gitignore: string;
  example: string;
}

/**
 * The .env a file's secrets go to: the nearest existing `.env` from the file's folder up to its
 * workspace folder (monorepos keep one per package), else a new one at the workspace folder root.
 */
export function dotenvFilesFor(document: vscode.Uri): DotenvFiles {
  // A request file's `{{$dotenv NAME}}` reads the .env in its own folder.
  if (/\.(http|rest)$/i.test(document.fsPath)) return filesIn(path.dirname(document.fsPath));
  const root = vscode.workspace.getWorkspaceFolder(document)?.uri.fsPath ?? path.dirname(document.fsPath);
  let folder = path.dirname(document.fsPath);
  while (!fs.existsSync(path.join(folder, '.env')) && folder.startsWith(root) && folder !== root) {
    folder = path.dirname(folder);
  }
  if (!fs.existsSync(path.join(folder, '.env'))) folder = root;
  return filesIn(folder);
}

function filesIn(folder: string): DotenvFiles {
  return {
    folder,
    dotenv: path.join(folder, '.env'),
    gitignore: path.join(folder, '.gitignore'),
    example: path.join(folder, '.env.example'),
  };
}

/**
 * Whether `.env` needs a .gitignore entry: git's answer inside a repository, the folder's
 * .gitignore otherwise.
 */
export async function dotenvNeedsIgnoring(files: DotenvFiles): Promise<boolean> {
  // git can run programs named by a repository's own config: in an untrusted workspace it is not asked.
  const git = vscode.workspace.isTrusted ? await gitIgnores(files.folder, '.env') : undefined;
  if (git !== undefined) return !git;
  return !gitignoreIgnores(await readIfExists(files.gitignore), '.env');
}

/**
 * Whether git tracks `.env`: a secret written there would go out with the next commit, and a
 * .gitignore entry does not stop that. git is asked only in a trusted workspace, as above.
 */
export async function dotenvTracked(files: DotenvFiles): Promise<boolean> {
  return vscode.workspace.isTrusted && await gitTracks(files.folder, '.env') === true;
}

/** The open document for a path when it has unsaved changes (writing under it would lose them). */
export function dirtyDocument(file: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.isDirty && d.uri.scheme === 'file'
    && d.uri.fsPath === file);
}
