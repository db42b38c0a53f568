// Starts code-server for tests and `npm start`, and drives its workbench in headless Chromium.
// Every run gets its own sandbox (HOME, XDG dirs, TMPDIR, user data, extensions) and an
// ephemeral port, so several runs can share a machine. code-server runs in its own process
// group and is stopped by signalling the whole group: its file watcher outlives the main pid.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const { spawn } = require('node:child_process');
const { entryScript } = require('./install-code-server');

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Makes a fresh folder tree for one run; `remove()` deletes it. */
function makeSandbox(prefix) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  const dirs = {};
  for (const name of ['home', 'config', 'data', 'cache', 'tmp', 'user-data', 'extensions']) {
    dirs[name] = path.join(root, name);
    fs.mkdirSync(dirs[name]);
  }
  return {
    root,
    ...dirs,
    logsDir: path.join(dirs['user-data'], 'logs'),
    remove: () => fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 }),
  };
}

/** Environment that keeps code-server and everything it starts inside the sandbox. */
function sandboxEnv(sandbox, extra = {}) {
  return {
    ...process.env,
    HOME: sandbox.home,
    XDG_CONFIG_HOME: sandbox.config,
    XDG_DATA_HOME: sandbox.data,
    XDG_CACHE_HOME: sandbox.cache,
    TMPDIR: sandbox.tmp,
    // Without it the workbench keeps trying to reach a marketplace these machines cannot see.
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  };
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

function groupIsAlive(pid) {
  return signalGroup(pid, 0);
}

/**
 * Starts code-server on `workspace` and resolves once /healthz answers.
 * Resolves to { url, port, pid, output(), stop() }; `stop()` ends the whole process group.
 */
async function startCodeServer(options) {
  const { codeServerDir, workspace, sandbox, env = {}, extraArgs = [], startupMs = 60_000 } = options;
  const onOutput = options.onOutput ?? (() => {});
  fs.writeFileSync(path.join(sandbox.root, 'config.yaml'), 'auth: none\ncert: false\n');
  const args = [entryScript(codeServerDir), '--auth', 'none', '--bind-addr', '127.0.0.1:0',
    '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override',
    '--user-data-dir', sandbox['user-data'], '--extensions-dir', sandbox.extensions,
    '--config', path.join(sandbox.root, 'config.yaml'), ...extraArgs];
  if (workspace) args.push(workspace);
  // detached: the child calls setsid(), so it leads a process group that `stop()` can signal at once.
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: sandboxEnv(sandbox, env),
  });
  const pid = child.pid;
  let output = '';
  let exited = null;
  const onData = (chunk) => {
    output += chunk;
    onOutput(String(chunk));
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  const killOnExit = () => signalGroup(pid, 'SIGKILL');
  process.on('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (!signalGroup(pid, 'SIGTERM')) return;
    for (let waited = 0; waited < 5000 && groupIsAlive(pid); waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    signalGroup(pid, 'SIGKILL');
  };

  try {
    const deadline = Date.now() + startupMs;
    let port;
    while (!port) {
      if (exited) {
        throw new Error(`code-server exited during startup (${exited.code ?? exited.signal}):\n${output}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`code-server did not start within ${startupMs} ms:\n${output}`);
      }
      // code-server picks the port itself (we pass :0) and reports it here.
      port = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
      if (!port) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const url = `http://127.0.0.1:${port}/`;
    while (!(await healthy(url))) {
      if (exited || Date.now() > deadline) {
        throw new Error(`code-server never answered ${url}healthz:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return { url, port: Number(port), pid, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function healthy(url) {
  return new Promise((resolve) => {
    const request = http.get(`${url}healthz`, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.setTimeout(2000, () => request.destroy());
  });
}

/**
 * Workbench URL that opens `workspace` with a development extension (and optionally a test
 * runner). code-server refuses --extensionDevelopmentPath on its command line but takes the
 * same options from the `payload` query parameter.
 */
function workbenchUrl(baseUrl, { workspace, extensionDevelopmentPath, extensionTestsPath }) {
  const payload = [['skipWelcome', 'true']];
  if (extensionDevelopmentPath) {
    payload.push(['extensionDevelopmentPath', `vscode-remote://remote${extensionDevelopmentPath}`]);
  }
  if (extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://remote${extensionTestsPath}`]);
  const folder = encodeURIComponent(workspace);
  return `${baseUrl}?folder=${folder}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Headless Chromium through playwright-core; Playwright gives it a fresh profile and deletes it on close. */
async function launchChromium(sandbox) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found; install it with: apt-get install -y chromium fonts-dejavu-core`);
  }
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    env: sandboxEnv(sandbox),
    // We stop the browser ourselves, in order, from our own signal handlers.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

module.exports = { makeSandbox, startCodeServer, workbenchUrl, launchChromium, sandboxEnv };
