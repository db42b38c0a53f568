import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { IgnoreRules, isIgnored } from '../../../src/core/scan';
import type { FolderRules } from '../../../src/core/scan/ignoreRules';

async function tree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tw-ignore-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

test('.gitignore, nested .gitignore and .tokenwardenignore rules, with git precedence', async () => {
  const dir = await tree({
    '.gitignore': 'build/\n*.log\n',
    '.tokenwardenignore': 'fixtures/\n',
    'pkg/.gitignore': 'generated.ts\n!keep.log\n',
  });
  try {
    const rules = new IgnoreRules(dir);
    assert.equal(rules.isIgnored('build/out.js'), true);
    assert.equal(rules.isIgnored('build', true), true);
    assert.equal(rules.isIgnored('debug.log'), true);
    assert.equal(rules.isIgnored('fixtures/leaky.env'), true);
    assert.equal(rules.isIgnored('pkg/generated.ts'), true);
    assert.equal(rules.isIgnored('generated.ts'), false, 'nested rules apply only below their folder');
    assert.equal(rules.isIgnored('pkg/keep.log'), false, 'a deeper negation re-includes');
    assert.equal(rules.isIgnored('src/app.ts'), false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('.git and node_modules are skipped by default; --no-ignore keeps only .git skipped', async () => {
  const dir = await tree({ '.gitignore': 'secret.txt\n' });
  try {
    const rules = new IgnoreRules(dir);
    assert.equal(rules.isIgnored('.git/config'), true);
    assert.equal(rules.isIgnored('web/node_modules/pkg/index.js'), true);
    const all = new IgnoreRules(dir, { useIgnoreFiles: false });
    assert.equal(all.isIgnored('.git/config'), true);
    assert.equal(all.isIgnored('web/node_modules/pkg/index.js'), false);
    assert.equal(all.isIgnored('secret.txt'), false);
    assert.equal(isIgnored(dir, 'secret.txt'), true);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('forRoot reads the rules of the enclosing repository when scanning a subfolder', async () => {
  const dir = await tree({
    '.git/HEAD': 'ref: refs/heads/main\n', '.gitignore': 'dist/\n', 'app/dist/a.js': 'x',
  });
  try {
    const rules = IgnoreRules.forRoot(path.join(dir, 'app'));
    assert.equal(rules.base, dir);
    assert.equal(rules.isIgnoredAbsolute(path.join(dir, 'app/dist/a.js')), true);
    assert.equal(rules.isIgnoredAbsolute(path.join(tmpdir(), 'elsewhere.txt')), false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('forRoot on a folder the enclosing repository ignores uses that folder\'s own rules', async () => {
  const dir = await tree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': 'samples/demo/\n',
    'samples/demo/.gitignore': 'out/\n',
    'samples/demo/src/app.js': 'x',
    'samples/demo/out/a.js': 'x',
  });
  try {
    const root = path.join(dir, 'samples/demo');
    const rules = IgnoreRules.forRoot(root);
    assert.equal(rules.base, root);
    assert.equal(rules.isIgnoredAbsolute(path.join(root, 'src/app.js')), false);
    assert.equal(rules.isIgnoredAbsolute(path.join(root, 'out/a.js')), true);
    assert.equal(IgnoreRules.forRoot(dir).isIgnoredAbsolute(path.join(root, 'src/app.js')), true);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('FolderRules, entered folder by folder, decides every entry as isIgnored does', async () => {
  const dir = await tree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': '*.log\nvendor\n/top.txt\ndocs/**/draft.md\ncache/\n',
    '.tokenwardenignore': 'secrets/\n',
    'top.txt': 'x', 'app/top.txt': 'x', 'app/x.log': 'x', 'vendor/lib.js': 'x', 'cache': 'a file',
    'docs/a/b/draft.md': 'x', 'docs/final.md': 'x', 'secrets/k.env': 'x', 'node_modules/m/i.js': 'x',
    'pkg/.gitignore': '!keep.log\n!/vendor\n*.tmp\n', 'pkg/keep.log': 'x', 'pkg/vendor/v.js': 'x',
    'pkg/a.tmp': 'x', 'pkg/deep/.tokenwardenignore': '!b.tmp\n', 'pkg/deep/b.tmp': 'x', 'pkg/deep/c.tmp': 'x',
  });
  try {
    for (const useIgnoreFiles of [true, false]) {
      const walked = new IgnoreRules(dir, { useIgnoreFiles });
      const reference = new IgnoreRules(dir, { useIgnoreFiles });
      const decisions: string[] = [];
      const visit = (folder: FolderRules) => {
        const entries = readdirSync(folder.absolute, { withFileTypes: true });
        const here = folder.entered(entries);
        for (const entry of entries) {
          const absolute = path.join(folder.absolute, entry.name);
          const rel = path.relative(dir, absolute).split(path.sep).join('/');
          const inner = entry.isDirectory() ? here.subfolder(entry.name, absolute) : undefined;
          const ignored = entry.isDirectory() ? !inner : here.ignoresFile(entry.name, absolute);
          assert.equal(ignored, reference.isIgnored(rel, entry.isDirectory()), `${rel} (${useIgnoreFiles})`);
          decisions.push(`${rel}:${ignored}`);
          if (inner) visit(inner);
        }
      };
      const start = walked.folderRules(dir);
      assert.ok(start);
      visit(start);
      assert.ok(decisions.length > 20, 'the walk reached the nested folders');
    }
    assert.equal(new IgnoreRules(dir).folderRules(path.join(dir, 'secrets')), undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
