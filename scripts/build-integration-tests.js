// Builds one integration run into its own folder under out/integration-runs/, so runs started at
// the same time (several people or agents sharing a checkout) never load each other's half-written
// bundles. Layout: <run>/extension (package.json, media, docs/rules.md, dist: what the .vsix
// holds) and <run>/tests (index.js plus one bundle per test/integration/**/*.test.ts). The folder
// sits inside the repo so the external `mocha` resolves from the repo's node_modules.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const esbuild = require('esbuild');
const { globSync } = require('glob');

const REPO = path.resolve(__dirname, '..');
const RUNS = path.join(REPO, 'out', 'integration-runs');

function processIsAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Removes folders of runs whose process is gone (killed with SIGKILL, say). */
function removeAbandonedRuns() {
  if (!fs.existsSync(RUNS)) return;
  for (const name of fs.readdirSync(RUNS)) {
    const pid = Number(name.split('-')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !processIsAlive(pid)) {
      fs.rmSync(path.join(RUNS, name), { recursive: true, force: true });
    }
  }
}

/** Builds the extension and the suite; returns { runDir, extensionDir, testsIndex, remove() }. */
async function buildIntegrationRun() {
  removeAbandonedRuns();
  const runDir = path.join(RUNS, `${process.pid}-${Date.now().toString(36)}`);
  const extensionDir = path.join(runDir, 'extension');
  const testsDir = path.join(runDir, 'tests');
  fs.mkdirSync(extensionDir, { recursive: true });

  const build = spawnSync(process.execPath, ['esbuild.js', `--outdir=${path.join(extensionDir, 'dist')}`], {
    cwd: REPO,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('building the extension failed (node esbuild.js)');
  fs.copyFileSync(path.join(REPO, 'package.json'), path.join(extensionDir, 'package.json'));
  fs.cpSync(path.join(REPO, 'media'), path.join(extensionDir, 'media'), { recursive: true });
  // Leak diagnostics link to this page inside the extension folder, as in the .vsix.
  fs.mkdirSync(path.join(extensionDir, 'docs'));
  fs.copyFileSync(path.join(REPO, 'docs', 'rules.md'), path.join(extensionDir, 'docs', 'rules.md'));
  // Diagnostics link each rule id to docs/rules.md inside the installed extension, as in the .vsix.
  if (fs.existsSync(path.join(REPO, 'docs'))) {
    fs.cpSync(path.join(REPO, 'docs'), path.join(extensionDir, 'docs'), { recursive: true });
  }

  const testFiles = globSync('test/integration/**/*.test.ts', { cwd: REPO }).sort();
  await esbuild.build({
    absWorkingDir: REPO,
    entryPoints: ['test/integration/index.ts', ...testFiles],
    outbase: 'test/integration',
    outdir: testsDir,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    // mocha loads from the repo's node_modules; test files only use the globals it installs.
    external: ['vscode', 'mocha'],
    // Same resolution as esbuild.js: jsonc-parser's UMD "main" cannot be bundled, its ESM build can.
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });

  return {
    runDir,
    extensionDir,
    testsIndex: path.join(testsDir, 'index.js'),
    testCount: testFiles.length,
    remove: () => fs.rmSync(runDir, { recursive: true, force: true }),
  };
}

module.exports = { REPO, buildIntegrationRun };
