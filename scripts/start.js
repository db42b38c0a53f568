// `npm start [folder] [-- --port N]`: builds the extension, makes sure code-server is installed,
// and serves VS Code in the browser on `folder` (default samples/leaky-app, generated when
// missing) with the development build of Token Warden loaded. Stays in the foreground; Ctrl-C
// stops code-server and everything it started.
//
// code-server refuses --extensionDevelopmentPath on its command line, so the printed URL carries
// it in the `payload` parameter: open exactly that URL. Settings and SecretStorage live in a
// temporary profile that is deleted on exit.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ensureCodeServer } = require('./install-code-server');
const { makeSandbox, startCodeServer, workbenchUrl } = require('./code-server-host');

const REPO = path.resolve(__dirname, '..');
const SAMPLE = path.join(REPO, 'samples', 'leaky-app');

function parseArgs(argv) {
  const options = { folder: undefined, port: 0 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    if (flag === '--port') options.port = Number(inline ?? argv[++i]);
    else if (!argv[i].startsWith('-') && options.folder === undefined) options.folder = argv[i];
    else throw new Error(`unexpected argument ${argv[i]} (usage: npm start [folder] [-- --port N])`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new Error('--port needs a port number (0 picks a free one)');
  }
  return options;
}

function runStep(description, args) {
  console.error(`[start] ${description}`);
  const result = spawnSync(process.execPath, args, { cwd: REPO, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${description} failed`);
}

async function main() {
  // npm runs scripts from the package folder; INIT_CWD is where the user typed the command.
  const options = parseArgs(process.argv.slice(2));
  const cwd = process.env.INIT_CWD || process.cwd();
  const folder = options.folder ? path.resolve(cwd, options.folder) : SAMPLE;
  if (options.folder && !fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`${folder} is not a folder`);
  }

  runStep('building the extension', ['esbuild.js']);
  if (!options.folder && !fs.existsSync(SAMPLE)) {
    runStep('generating samples/leaky-app', ['--import', 'tsx', 'scripts/make-sample.ts', SAMPLE]);
  }
  const codeServerDir = await ensureCodeServer();

  const sandbox = makeSandbox('token-warden-start');
  // The sample sits inside this repo's checkout; VS Code would offer to open the parent repository.
  fs.mkdirSync(path.join(sandbox['user-data'], 'User'), { recursive: true });
  fs.writeFileSync(path.join(sandbox['user-data'], 'User', 'settings.json'),
    JSON.stringify({ 'git.openRepositoryInParentFolders': 'never' }, null, 2));
  let server;
  let watchdog;
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    clearInterval(watchdog);
    await server?.stop();
    sandbox.remove();
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      console.error(`\n[start] ${signal}: stopping code-server`);
      void stop(0);
    });
  }

  server = await startCodeServer({
    codeServerDir,
    sandbox,
    extraArgs: [
      ...(options.port ? ['--bind-addr', `127.0.0.1:${options.port}`] : []),
      // The generated sample is ours; any other folder gets VS Code's usual trust prompt.
      ...(folder === SAMPLE ? ['--disable-workspace-trust'] : []),
    ],
  });
  const url = workbenchUrl(server.url, { workspace: folder, extensionDevelopmentPath: REPO });
  console.log(`\nToken Warden is running in VS Code (code-server) on ${folder}\n`);
  console.log(`Open:\n${url}\n\nCtrl-C stops it.`);

  // Keep the foreground until a signal arrives or code-server dies on its own.
  watchdog = setInterval(() => {
    try {
      process.kill(server.pid, 0);
    } catch {
      if (stopping) return;
      console.error(`[start] code-server exited:\n${server.output().split('\n').slice(-20).join('\n')}`);
      void stop(1);
    }
  }, 1000);
}

main().catch((error) => {
  console.error(`start: ${error.message}`);
  process.exit(1);
});
