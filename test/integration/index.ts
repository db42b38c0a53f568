/**
 * Entry point of the integration suite, loaded by VS Code's extension host (code-server through
 * `npm run test:integration`, or desktop VS Code through `npm run test:integration:electron`).
 *
 * Conventions for test authors:
 * - One file per feature: test/integration/<feature>.test.ts, mocha TDD interface (`suite`,
 *   `test`, `suiteSetup`, `teardown`). Every *.test.ts here is bundled (esbuild, CommonJS,
 *   `vscode` external) and loaded; nothing needs registering.
 * - The workspace is a fresh temp copy of test/fixtures/workspace/ (`workspaceRoot()`); tests may
 *   write into it. Anything else (git repos, servers) a test creates itself and cleans up.
 * - Helpers in ./support: `waitFor` polls instead of sleeping (diagnostics, tree items and log
 *   lines all arrive asynchronously), `readExtensionLog` returns the "Token Warden" log channel as
 *   written to disk, `workspaceRoot`/`repoRoot` locate folders.
 * - Never put a realistic token literal in a test: build it with test/support/fakeTokens.ts.
 * - `-- --grep TEXT` runs only tests whose full title contains TEXT.
 *
 * The launcher reads the JSON result file this writes: TOKEN_WARDEN_TEST_RESULTS names it, else
 * it is results.json next to this file. Mocha's own console output reaches the browser with its
 * format strings unfilled, which is why the launcher prints the summary, not mocha.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** Shape of the result file; the launchers depend on it. */
export interface IntegrationResults {
  passed: number;
  failed: number;
  pending: number;
  failures: { title: string; error: string }[];
}

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.js'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    // A real workbench is slow on a shared two-core machine; individual tests poll with waitFor.
    timeout: Number(process.env.TOKEN_WARDEN_TEST_TIMEOUT_MS) || 90_000,
  });
  const grep = process.env.TOKEN_WARDEN_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of testFiles(__dirname)) mocha.addFile(file);

  const results: IntegrationResults = { passed: 0, failed: 0, pending: 0, failures: [] };
  const resultsFile = process.env.TOKEN_WARDEN_TEST_RESULTS || path.join(__dirname, 'results.json');
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2));
      if (failures > 0) reject(new Error(`${failures} integration tests failed`));
      else resolve();
    });
    runner.on('pass', () => results.passed++);
    runner.on('pending', () => results.pending++);
    runner.on('fail', (test, error: Error) => {
      results.failed++;
      results.failures.push({ title: test.fullTitle(), error: error?.stack || String(error) });
    });
  });
}
