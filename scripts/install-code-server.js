// Installs code-server (VS Code's server and web workbench) without reaching anything but the npm
// registry, so integration tests and `npm start` work on machines where @vscode/test-electron
// cannot download VS Code. The recipe is in /work/shared/REAL-VSCODE-HOST.md; the steps below
// replace code-server's postinstall script, which fetches from GitHub.
//
// The install lives outside the git tree, keyed by version, and is marked complete only at the
// very end: an interrupted install has no marker and is wiped and redone on the next run.
// Concurrent callers (several test runs at once) serialize on a lock directory.
//
// Usage: node scripts/install-code-server.js   (prints the install folder)
//        require('./install-code-server').ensureCodeServer() -> Promise<folder>
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const VERSION = '4.96.4';
const PROXY_AGENT_VERSION = '0.27.0';
const NATIVE_MODULES = ['@parcel/watcher', '@vscode/deviceid', '@vscode/spdlog', 'kerberos',
  'native-watchdog', 'node-pty'];
const MARKER = '.token-warden-install-complete';
const LOCK_STALE_MS = 30 * 60 * 1000;

/** What each Debian package is needed for, and a file that proves it is installed. */
const DEBIAN_PACKAGES = {
  'libkrb5-dev': { proof: ['/usr/include/gssapi/gssapi.h'], why: 'building the kerberos module' },
  ripgrep: { proof: ['/usr/bin/rg'], why: "VS Code's search" },
  chromium: { proof: ['/usr/bin/chromium'], why: 'driving the workbench headlessly' },
  'fonts-dejavu-core': { proof: ['/usr/share/fonts/truetype/dejavu'], why: 'readable screenshots' },
};

function cacheRoot() {
  const base = process.env.XDG_CACHE_HOME && path.isAbsolute(process.env.XDG_CACHE_HOME)
    ? process.env.XDG_CACHE_HOME
    : path.join(os.homedir(), '.cache');
  return path.join(base, 'token-warden');
}

/** Folder of the cached install; TOKEN_WARDEN_CODE_SERVER_DIR overrides it. */
function installDir() {
  return process.env.TOKEN_WARDEN_CODE_SERVER_DIR || path.join(cacheRoot(), `code-server-${VERSION}`);
}

function entryScript(dir = installDir()) {
  return path.join(dir, 'out', 'node', 'entry.js');
}

function isInstalled(dir = installDir()) {
  return fs.existsSync(path.join(dir, MARKER));
}

/** Throws one error naming every missing Debian package and the command that installs them. */
function assertDebianPackages(names) {
  const missing = names.filter((name) => !DEBIAN_PACKAGES[name].proof.some((p) => fs.existsSync(p)));
  if (missing.length === 0) return;
  const reasons = missing.map((name) => `  ${name} (${DEBIAN_PACKAGES[name].why})`).join('\n');
  const command = `apt-get install -y ${missing.join(' ')}`;
  throw new Error(`missing Debian packages:\n${reasons}\ninstall them with: ${command}`);
}

function run(command, args, cwd, log, extraEnv = {}) {
  log(`$ ${command} ${args.join(' ')}   (in ${cwd})`);
  const result = spawnSync(command, args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // node-gyp would otherwise download Node headers from nodejs.org.
    env: { ...process.env, npm_config_nodedir: '/usr', npm_config_update_notifier: 'false',
      npm_config_fund: 'false', npm_config_audit: 'false', ...extraEnv },
  });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
    const status = result.status ?? result.signal;
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd} (exit ${status}):\n${output}`);
  }
  return result.stdout;
}

function symlink(target, linkPath) {
  fs.rmSync(linkPath, { recursive: true, force: true });
  fs.symlinkSync(target, linkPath);
}

function registryUrl() {
  const configured = spawnSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).stdout?.trim();
  return (configured || 'https://registry.npmjs.org/').replace(/\/?$/, '/');
}

/** The shrinkwrap pins @vscode/proxy-agent to a GitHub commit; the registry tarball has the same bytes. */
function pointProxyAgentAtRegistry(vscodeDir) {
  const file = path.join(vscodeDir, 'npm-shrinkwrap.json');
  const shrinkwrap = JSON.parse(fs.readFileSync(file, 'utf8'));
  const entry = shrinkwrap.packages?.['node_modules/@vscode/proxy-agent'];
  if (!entry) {
    throw new Error(`${file} has no entry for @vscode/proxy-agent; is this code-server ${VERSION}?`);
  }
  entry.resolved = `${registryUrl()}@vscode/proxy-agent/-/proxy-agent-${PROXY_AGENT_VERSION}.tgz`;
  fs.writeFileSync(file, `${JSON.stringify(shrinkwrap, null, 2)}\n`);
}

function install(dir, log) {
  assertDebianPackages(['libkrb5-dev', 'ripgrep']);
  fs.rmSync(dir, { recursive: true, force: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(dir), 'pack-'));
  try {
    const packed = run('npm', ['pack', `code-server@${VERSION}`, '--silent'], staging, log);
    const tarball = packed.trim().split('\n').pop();
    run('tar', ['xzf', tarball], staging, log);
    fs.renameSync(path.join(staging, 'package'), dir);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }

  const manifestFile = path.join(dir, 'package.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  delete manifest.scripts.postinstall;
  fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  run('npm', ['install', '--omit=dev'], dir, log);

  const vscodeDir = path.join(dir, 'lib', 'vscode');
  pointProxyAgentAtRegistry(vscodeDir);
  run('npm', ['install', '--omit=dev', '--ignore-scripts'], vscodeDir, log);
  run('npm', ['rebuild', ...NATIVE_MODULES], vscodeDir, log);
  const rgDir = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  fs.mkdirSync(rgDir, { recursive: true });
  fs.copyFileSync('/usr/bin/rg', path.join(rgDir, 'rg'));
  fs.chmodSync(path.join(rgDir, 'rg'), 0o755);

  symlink('node_modules', path.join(vscodeDir, 'node_modules.asar'));
  symlink('code-linux.sh', path.join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  symlink('browser-linux.sh', path.join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
  run('npm', ['install', '--omit=dev'], path.join(vscodeDir, 'extensions'), log);

  fs.writeFileSync(path.join(dir, MARKER), `${new Date().toISOString()}\n`);
}

function processIsAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** mkdir is atomic; a lock left by a dead or long-gone installer is taken over. */
async function withLock(lockDir, log, work) {
  for (let announced = false; ;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let owner = NaN;
    let age = 0;
    try {
      owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
      age = Date.now() - fs.statSync(lockDir).mtimeMs;
    } catch {
      // The owner is between mkdir and writing its pid, or just released the lock.
    }
    if ((Number.isInteger(owner) && owner > 0 && !processIsAlive(owner)) || age > LOCK_STALE_MS) {
      log(`removing stale install lock ${lockDir}`);
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!announced) log(`another process (pid ${owner}) is installing code-server; waiting`);
    announced = true;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Returns the code-server folder, installing it first when no complete install is cached. */
async function ensureCodeServer({ log = (line) => console.error(`[code-server] ${line}`) } = {}) {
  const dir = installDir();
  if (isInstalled(dir)) return dir;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  await withLock(`${dir}.lock`, log, async () => {
    if (isInstalled(dir)) return;
    const started = Date.now();
    log(`installing code-server ${VERSION} into ${dir} (about a minute, ~340 MB)`);
    install(dir, log);
    log(`installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  });
  return dir;
}

module.exports = { VERSION, ensureCodeServer, entryScript, installDir, isInstalled, assertDebianPackages };

if (require.main === module) {
  ensureCodeServer().then(
    (dir) => console.log(dir),
    (error) => {
      console.error(`install-code-server: ${error.message}`);
      process.exit(1);
    },
  );
}
