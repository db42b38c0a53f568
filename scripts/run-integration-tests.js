// Runs test/integration/**/*.test.ts inside a real VS Code: code-server's extension host, with the
// workbench open in headless Chromium. See test/integration/index.ts for the test conventions.
//
//   npm run test:integration [-- --grep TEXT] [-- --timeout SECONDS] [-- --keep]
//
// Each run builds into its own folder, opens a fresh temp copy of test/fixtures/workspace/, and
// starts its own code-server on an ephemeral port with its own HOME and user-data dir, so runs
// can overlap. The last line printed is always `N passed, N failed`; the exit code is non-zero on
// any failure, on no test run at all, or on the overall timeout (default 15 minutes; also
// TOKEN_WARDEN_TEST_TIMEOUT in seconds). code-server's process group is killed on every exit path.
const fs = require('node:fs');
const path = require('node:path');
const { REPO, buildIntegrationRun } = require('./build-integration-tests');
const { ensureCodeServer } = require('./install-code-server');
const { makeSandbox, startCodeServer, workbenchUrl, launchChromium } = require('./code-server-host');
const { runUiSmoke, UI_SMOKE_TITLE } = require('./ui-smoke');
const { runUiRequestPanel, UI_REQUEST_PANEL_TITLE } = require('./ui-request-panel');

function parseArgs(argv) {
  // The timeout only catches a hung host; a loaded CI machine needs minutes for a large suite.
  const options = { grep: undefined, timeoutSeconds: Number(process.env.TOKEN_WARDEN_TEST_TIMEOUT) || 900,
    keep: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    const value = () => inline ?? argv[++i];
    if (flag === '--grep' || flag === '-g') options.grep = value();
    else if (flag === '--timeout') options.timeoutSeconds = Number(value());
    else if (flag === '--keep') options.keep = true;
    else throw new Error(`unknown option ${argv[i]} (expected --grep TEXT, --timeout SECONDS, --keep)`);
  }
  if (!(options.timeoutSeconds > 0)) throw new Error('--timeout needs a positive number of seconds');
  return options;
}

const cleanups = [];
async function cleanUp() {
  while (cleanups.length > 0) {
    try {
      await cleanups.pop()();
    } catch (error) {
      console.error(`cleanup: ${error.message}`);
    }
  }
}

/** Runs the mocha suite in the workbench; resolves to the parsed result file. */
async function runSuite({ browser, server, sandbox, build, workspace, artifacts }) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const consoleLines = [];
  page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => consoleLines.push(`[pageerror] ${error.message}`));
  const saveConsole = () =>
    fs.writeFileSync(path.join(artifacts, 'browser-console.log'), consoleLines.join('\n'));
  saveConsole.artifact = true;
  cleanups.push(saveConsole);
  const saveScreenshot = async () =>
    !page.isClosed() && page.screenshot({ path: path.join(artifacts, 'workbench.png'), timeout: 5000 });
  saveScreenshot.artifact = true;
  cleanups.push(saveScreenshot);

  // The workbench calls window.codeAutomationExit(code) when the test runner's run() settles.
  const exit = {};
  const exited = new Promise((resolve, reject) => Object.assign(exit, { resolve, reject }));
  await page.exposeFunction('codeAutomationExit', (code) => exit.resolve(code));
  page.on('crash', () => exit.reject(new Error('the workbench page crashed')));
  await page.goto(workbenchUrl(server.url, {
    workspace,
    extensionDevelopmentPath: build.extensionDir,
    extensionTestsPath: build.testsIndex,
  }));
  const exitCode = await exited;

  const resultsFile = path.join(sandbox.root, 'results.json');
  if (!fs.existsSync(resultsFile)) {
    throw new Error(`the test host exited with ${exitCode} without writing results (did index.js load?)`);
  }
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  if (exitCode !== 0 && results.failed === 0) {
    results.failed++;
    const error = `exited with code ${exitCode} although no test failed`;
    results.failures.push({ title: 'test host', error });
  }
  // Another workbench (the UI smoke) comes next; keep this one only as evidence of a failure.
  if (results.failed === 0) await page.close();
  return results;
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`run-integration-tests: ${error.message}`);
    process.exit(2);
  }
  const started = Date.now();
  const runName = `integration-${process.pid}-${started.toString(36)}`;
  const artifacts = path.join(REPO, 'test-results', runName);
  let results = { passed: 0, failed: 0, pending: 0, failures: [] };
  let exitCode = 1;
  let phaseStart = started;
  const phase = (what) => {
    const now = Date.now();
    console.error(`[integration] ${what} (${((now - phaseStart) / 1000).toFixed(1)} s)`);
    phaseStart = now;
  };

  const timer = setTimeout(async () => {
    results.failed++;
    results.failures.push({ title: 'integration run', error: `timed out after ${options.timeoutSeconds} s` });
    await finish();
  }, options.timeoutSeconds * 1000);
  const interrupt = async (signal) => {
    results.failed++;
    results.failures.push({ title: 'integration run', error: `interrupted by ${signal}` });
    await finish(130);
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  process.on('SIGHUP', interrupt);

  let finishing = false;
  async function finish(forcedCode) {
    if (finishing) return;
    finishing = true;
    clearTimeout(timer);
    const failed = results.failed > 0 || forcedCode !== undefined;
    if (failed) fs.mkdirSync(artifacts, { recursive: true });
    else cleanups.splice(0, cleanups.length, ...cleanups.filter((c) => !c.artifact));
    await cleanUp();
    for (const failure of results.failures) console.log(`\nFAILED: ${failure.title}\n${failure.error}`);
    if (failed && fs.readdirSync(artifacts).length > 0) {
      console.log(`\nlogs and screenshots: ${path.relative(REPO, artifacts)}`);
    } else {
      fs.rmSync(artifacts, { recursive: true, force: true });
    }
    const pending = results.pending ? `, ${results.pending} pending` : '';
    console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s${pending})`);
    console.log(`${results.passed} passed, ${results.failed} failed`);
    process.exit(forcedCode ?? (failed ? 1 : exitCode));
  }

  try {
    const build = await buildIntegrationRun();
    if (!options.keep) cleanups.push(build.remove);
    phase('built extension and tests');
    const codeServerDir = await ensureCodeServer();
    phase('code-server installed');

    const sandbox = makeSandbox('token-warden-it');
    if (!options.keep) cleanups.push(sandbox.remove);
    const workspace = path.join(sandbox.root, 'workspace');
    fs.cpSync(path.join(REPO, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });

    let serverOutput = '';
    const server = await startCodeServer({
      codeServerDir,
      sandbox,
      // The suite is not about workspace trust; a trust prompt would only sit in front of the UI.
      extraArgs: ['--disable-workspace-trust'],
      env: {
        TOKEN_WARDEN_TEST_RESULTS: path.join(sandbox.root, 'results.json'),
        TOKEN_WARDEN_TEST_LOGS_DIR: sandbox.logsDir,
        TOKEN_WARDEN_TEST_GREP: options.grep ?? '',
        TOKEN_WARDEN_REPO_ROOT: REPO,
      },
      onOutput: (text) => {
        serverOutput += text;
      },
    });
    cleanups.push(server.stop);
    phase(`code-server listening at ${server.url}`);
    const saveServerLog = () => fs.writeFileSync(path.join(artifacts, 'code-server.log'), serverOutput);
    saveServerLog.artifact = true;
    cleanups.push(saveServerLog);

    const browser = await launchChromium(sandbox);
    cleanups.push(() => browser.close());

    results = await runSuite({ browser, server, sandbox, build, workspace, artifacts });
    phase(`mocha suite: ${results.passed} passed, ${results.failed} failed`);

    if (!options.grep || UI_SMOKE_TITLE.includes(options.grep)) {
      try {
        await runUiSmoke({ browser, baseUrl: server.url, workspace, extensionDir: build.extensionDir });
        results.passed++;
        phase('UI smoke passed');
      } catch (error) {
        results.failed++;
        results.failures.push({ title: UI_SMOKE_TITLE, error: error.stack || String(error) });
      }
    }
    if (!options.grep || UI_REQUEST_PANEL_TITLE.includes(options.grep)) {
      try {
        await runUiRequestPanel({ browser, baseUrl: server.url, extensionDir: build.extensionDir,
          sandboxRoot: sandbox.root });
        results.passed++;
        phase('UI request panel passed');
      } catch (error) {
        results.failed++;
        results.failures.push({ title: UI_REQUEST_PANEL_TITLE, error: error.stack || String(error) });
      }
    }
    if (results.passed + results.failed === 0) {
      results.failed++;
      const error = options.grep ? `no test matched --grep ${options.grep}` : 'no test found';
      results.failures.push({ title: 'integration run', error });
    }
    exitCode = results.failed > 0 ? 1 : 0;
  } catch (error) {
    // After a timeout or signal, finish() is tearing things down under us: those errors are noise.
    if (finishing) return;
    results.failed++;
    results.failures.push({ title: 'integration run', error: error.stack || String(error) });
  }
  await finish();
}

main();
