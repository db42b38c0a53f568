// `npm run package [-- --out FILE]`: production build, then a .vsix with vsce.
// --no-dependencies: every dependency is already inside the bundles, and vsce would otherwise run
// `npm list` over node_modules. --no-rewrite-relative-links: the package has no repository URL to
// rewrite README links against. Nothing is signed, so vsce-sign (whose postinstall downloads a
// binary) is never needed.
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const REPO = path.resolve(__dirname, '..');

function run(command, args) {
  const result = spawnSync(command, args, { cwd: REPO, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

/** Builds and packages; returns the path of the .vsix. */
function packageExtension(outFile) {
  const { name, version } = require(path.join(REPO, 'package.json'));
  const vsix = path.resolve(outFile ?? path.join(REPO, `${name}-${version}.vsix`));
  run(process.execPath, ['esbuild.js', '--production']);
  run(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies',
    '--no-rewrite-relative-links', '--out', vsix]);
  return vsix;
}

module.exports = { packageExtension };

if (require.main === module) {
  const outIndex = process.argv.indexOf('--out');
  try {
    packageExtension(outIndex > 0 ? process.argv[outIndex + 1] : undefined);
  } catch (error) {
    console.error(`package: ${error.message}`);
    process.exit(1);
  }
}
