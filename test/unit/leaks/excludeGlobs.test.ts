import { test } from 'node:test';
import assert from 'node:assert/strict';
import ignore from 'ignore';
import { excludePatterns, expandBraces } from '../../../src/core/leaks/excludeGlobs';

test('expands brace alternatives, nested or repeated', () => {
  assert.deepEqual(expandBraces('**/*.{js,map}'), ['**/*.js', '**/*.map']);
  assert.deepEqual(expandBraces('{a,b}/{c,d}'), ['a/c', 'a/d', 'b/c', 'b/d']);
  assert.deepEqual(expandBraces('plain/**'), ['plain/**']);
});

test('keeps only enabled files.exclude entries and blank-free extra globs, matching like VS Code', () => {
  const patterns = excludePatterns(
    { '**/.git': true, '**/dist': false, '**/*.{log,tmp}': true, '**/*.js': { when: '$(basename).ts' } },
    ['**/testdata/**', '  '],
  );
  assert.deepEqual(patterns, ['**/.git', '**/*.log', '**/*.tmp', '**/testdata/**']);
  const matcher = ignore().add(patterns);
  assert.equal(matcher.ignores('src/testdata/keys.txt'), true);
  assert.equal(matcher.ignores('build/out.log'), true);
  assert.equal(matcher.ignores('dist/app.js'), false);
});
