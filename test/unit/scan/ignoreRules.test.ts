import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { IgnoreRules, isIgnored } from '../../../src/core/scan';

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
