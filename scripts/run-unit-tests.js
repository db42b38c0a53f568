// Runs every test/unit/**/*.test.ts under node's test runner (TypeScript through tsx).
// node 20's --test takes no globs, so the files are listed here.
const { spawnSync } = require('node:child_process');
const { globSync } = require('glob');

const files = globSync('test/unit/**/*.test.ts').sort();
if (files.length === 0) {
  console.error('no unit tests found');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
