import * as fs from 'node:fs';
import * as path from 'node:path';

const LOG_FILE = 'Token Warden.log';
const EXTENSION_ID = 'tokenwarden.token-warden';

function findFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name === LOG_FILE)
    .filter((entry) => path.basename(entry.parentPath) === EXTENSION_ID)
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * Path of the "Token Warden" log channel's file. VS Code writes an extension's LogOutputChannel
 * to `<logs>/<session>/<exthost folder>/<extension id>/<channel name>.log`. Both launchers start
 * VS Code with a fresh user-data dir and pass its logs folder in TOKEN_WARDEN_TEST_LOGS_DIR, which
 * the extension host inherits; if the host restarted there are several files, the newest wins.
 */
export function extensionLogPath(): string | undefined {
  const logsDir = process.env.TOKEN_WARDEN_TEST_LOGS_DIR;
  if (!logsDir) {
    throw new Error('TOKEN_WARDEN_TEST_LOGS_DIR is not set; run the tests through npm run test:integration');
  }
  return findFiles(logsDir)
    .map((file) => ({ file, mtime: fs.statSync(file).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime)[0]?.file;
}

/**
 * Text of the "Token Warden" log channel as written to disk ('' before the first line). Lines
 * reach the file a moment after they are logged: read it inside `waitFor`.
 */
export function readExtensionLog(): string {
  const file = extensionLogPath();
  return file ? fs.readFileSync(file, 'utf8') : '';
}
