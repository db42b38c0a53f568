import * as path from 'node:path';
import * as vscode from 'vscode';

/** Folder of the temp copy of test/fixtures/workspace/ that the test run opened. */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open; the launcher should open a fixture copy');
  return folder.uri.fsPath;
}

/** The repository checkout, for reading fixtures other than the opened workspace. */
export function repoRoot(): string {
  return process.env.TOKEN_WARDEN_REPO_ROOT || path.resolve(__dirname, '..', '..', '..', '..');
}
