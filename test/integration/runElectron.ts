// Runs the integration suite in desktop VS Code downloaded by @vscode/test-electron, for machines
// that can reach Microsoft's download servers (a laptop, a public CI). Machines limited to the npm
// registry use `npm run test:integration` (code-server) instead; both load the same bundles.
//
//   npm run test:integration:electron [-- --grep TEXT]   (VSCODE_VERSION picks the build; default stable)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import type { IntegrationResults } from './index';

interface IntegrationBuild {
  extensionDir: string;
  testsIndex: string;
  remove(): void;
}
const { REPO, buildIntegrationRun } = require('../../scripts/build-integration-tests') as {
  REPO: string;
  buildIntegrationRun(): Promise<IntegrationBuild>;
};

function grepArgument(argv: string[]): string {
  const index = argv.findIndex((arg) => arg === '--grep' || arg.startsWith('--grep='));
  if (index < 0) return '';
  return argv[index].includes('=') ? argv[index].slice('--grep='.length) : argv[index + 1] ?? '';
}

async function main(): Promise<number> {
  const build = await buildIntegrationRun();
  const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'token-warden-electron-'));
  const workspace = path.join(sandbox, 'workspace');
  const userData = path.join(sandbox, 'user-data');
  const resultsFile = path.join(sandbox, 'results.json');
  fs.cpSync(path.join(REPO, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });

  try {
    try {
      await runTests({
        version: process.env.VSCODE_VERSION || 'stable',
        extensionDevelopmentPath: build.extensionDir,
        extensionTestsPath: build.testsIndex,
        launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust',
          `--user-data-dir=${userData}`, `--extensions-dir=${path.join(sandbox, 'extensions')}`],
        extensionTestsEnv: {
          TOKEN_WARDEN_TEST_RESULTS: resultsFile,
          TOKEN_WARDEN_TEST_LOGS_DIR: path.join(userData, 'logs'),
          TOKEN_WARDEN_TEST_GREP: grepArgument(process.argv.slice(2)),
          TOKEN_WARDEN_REPO_ROOT: REPO,
        },
      });
    } catch (error) {
      // runTests rejects when any test fails; the result file says which.
      if (!fs.existsSync(resultsFile)) throw error;
    }
    const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as IntegrationResults;
    for (const failure of results.failures) console.log(`\nFAILED: ${failure.title}\n${failure.error}`);
    console.log(`${results.passed} passed, ${results.failed} failed`);
    return results.failed === 0 && results.passed > 0 ? 0 : 1;
  } finally {
    fs.rmSync(sandbox, { recursive: true, force: true });
    build.remove();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
