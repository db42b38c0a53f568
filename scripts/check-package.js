// `npm run test:package`: packages the extension into a temp folder, checks the .vsix holds only
// what users need (bundles without sourcemaps, media, docs/rules.md, README, CHANGELOG, LICENSE,
// package.json), and installs it into code-server the way a user would. A few seconds; CI runs it.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { packageExtension } = require('./package');
const { ensureCodeServer, entryScript } = require('./install-code-server');
const { makeSandbox, sandboxEnv } = require('./code-server-host');

const ALLOWED = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt)$/,
  /^extension\/dist\/[^/]+\.js$/,
  /^extension\/media\/.+/,
  /^extension\/docs\/rules\.md$/,
];
const REQUIRED = ['package.json', 'readme.md', 'changelog.md', 'LICENSE.txt', 'dist/extension.js',
  'dist/cli.js', 'docs/rules.md'].map((file) => `extension/${file}`);

/** Entry names from a zip's central directory (a .vsix is a zip); enough for listing, no extraction. */
function zipEntries(file) {
  const zip = fs.readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error(`${file} is not a zip archive`);
  const count = zip.readUInt16LE(end + 10);
  const names = [];
  for (let i = 0, offset = zip.readUInt32LE(end + 16); i < count; i++) {
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

async function main() {
  const { name, publisher, version } = require('../package.json');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'token-warden-package-'));
  const sandbox = makeSandbox('token-warden-package-install');
  try {
    const vsix = packageExtension(path.join(work, `${name}-${version}.vsix`));
    const entries = zipEntries(vsix);
    const unexpected = entries.filter((entry) => !ALLOWED.some((pattern) => pattern.test(entry)));
    const missing = REQUIRED.filter((entry) => !entries.includes(entry));
    const list = (files) => files.map((file) => `\n  ${file}`).join('');
    if (unexpected.length > 0) throw new Error(`unexpected files in the .vsix:${list(unexpected)}`);
    if (missing.length > 0) throw new Error(`files missing from the .vsix:${list(missing)}`);
    const kib = (fs.statSync(vsix).size / 1024).toFixed(0);
    console.log(`${path.basename(vsix)}: ${entries.length} entries, ${kib} KiB`);

    const codeServerDir = await ensureCodeServer();
    const install = spawnSync(process.execPath, [entryScript(codeServerDir), '--install-extension', vsix,
      '--extensions-dir', sandbox.extensions, '--user-data-dir', sandbox['user-data']], {
      encoding: 'utf8',
      env: sandboxEnv(sandbox),
      timeout: 120_000,
    });
    const id = `${publisher}.${name}-${version}`;
    if (install.status !== 0 || !fs.existsSync(path.join(sandbox.extensions, id, 'dist', 'extension.js'))) {
      const output = `${install.stdout}${install.stderr}`;
      throw new Error(`code-server --install-extension failed (exit ${install.status}):\n${output}`);
    }
    console.log(`installed into code-server as ${id}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    sandbox.remove();
  }
}

main().catch((error) => {
  console.error(`check-package: ${error.message}`);
  process.exit(1);
});
