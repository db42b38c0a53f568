// Bundles the extension, the CLI and the scan worker to CommonJS for Node 20.
// `--production` minifies; otherwise sourcemaps are kept. `--watch` rebuilds on change and
// prints esbuild's problem-matcher markers ("[watch] build started" / "[watch] build finished").
const path = require('node:path');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// Integration runs build into their own folder so concurrent runs never load a half-written bundle.
const outdir = process.argv.find((arg) => arg.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';

/** Prints errors in a shape the `$esbuild-watch` problem matcher understands. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  external: ['vscode'],
  // jsonc-parser's UMD entry (its "main") requires its own files dynamically, which a bundle
  // cannot follow; its ESM entry bundles cleanly.
  mainFields: ['module', 'main'],
  logLevel: watch ? 'silent' : 'warning',
  plugins: watch ? [problemMatcherPlugin] : [],
};

const targets = [
  { entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['src/core/scan/scanWorker.ts'], outfile: 'dist/scanWorker.js' },
  { entryPoints: ['src/core/git/historyScanWorker.ts'], outfile: 'dist/historyScanWorker.js' },
  { entryPoints: ['src/core/leaks/textScanWorker.ts'], outfile: 'dist/textScanWorker.js' },
];

async function main() {
  const contexts = await Promise.all(targets.map((t) =>
    esbuild.context({ ...common, ...t, outfile: path.join(outdir, path.basename(t.outfile)) })));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
