import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogPatchParser, parseNewPath, type AddedLines } from '../../../src/core/git/logPatchParser';

const SHA1 = 'a'.repeat(40);
const SHA2 = 'b'.repeat(40);

const SAMPLE = [
  `\0${SHA1} 1767225600`,
  '',
  'diff --git a/src/app.ts b/src/app.ts',
  'index 1111111..2222222 100644',
  '--- a/src/app.ts',
  '+++ b/src/app.ts',
  '@@ -3,0 +4,2 @@ function main() {',
  '+const key = "one";',
  '+++counter;',
  '@@ -10 +12 @@',
  '-old line',
  '+new line',
  'diff --git a/gone.txt b/gone.txt',
  'deleted file mode 100644',
  '--- a/gone.txt',
  '+++ /dev/null',
  '@@ -1 +0,0 @@',
  '-bye',
  'diff --git a/logo.png b/logo.png',
  'Binary files a/logo.png and b/logo.png differ',
  `\0${SHA2} 1767139200`,
  '',
  'diff --git "a/caf\\303\\251 menu.txt" "b/caf\\303\\251 menu.txt"',
  'new file mode 100644',
  '--- /dev/null',
  '+++ "b/caf\\303\\251 menu.txt"',
  '@@ -0,0 +1,2 @@',
  '+first',
  '+second',
  '\\ No newline at end of file',
  '',
].join('\n');

function parseAll(text: string, chunkSize: number): { files: AddedLines[]; commits: number } {
  const files: AddedLines[] = [];
  const parser = new LogPatchParser((added) => files.push(added));
  for (let i = 0; i < text.length; i += chunkSize) parser.write(text.slice(i, i + chunkSize));
  parser.end();
  return { files, commits: parser.commits };
}

test('collects added lines per file per commit with new-file line numbers', () => {
  const { files, commits } = parseAll(SAMPLE, SAMPLE.length);
  assert.equal(commits, 2);
  assert.deepEqual(files, [
    {
      commit: SHA1,
      time: 1767225600,
      path: 'src/app.ts',
      lines: ['const key = "one";', '++counter;', 'new line'],
      lineNumbers: [4, 5, 12],
    },
    {
      commit: SHA2,
      time: 1767139200,
      path: 'café menu.txt',
      lines: ['first', 'second'],
      lineNumbers: [1, 2],
    },
  ]);
});

test('gives the same result however the stream is split', () => {
  const whole = parseAll(SAMPLE, SAMPLE.length).files;
  for (const size of [1, 7, 64]) assert.deepEqual(parseAll(SAMPLE, size).files, whole);
});

test('CRLF output and context lines from inter-hunk context keep line numbers right', () => {
  const text = [
    `\0${SHA1} 1`,
    '',
    'diff --git a/a b/a',
    '--- a/a',
    '+++ b/a',
    '@@ -1,3 +1,3 @@',
    ' same',
    '-x',
    '+y',
    ' same',
  ].join('\r\n');
  assert.deepEqual(parseAll(text, 5).files[0].lines, ['y']);
  assert.deepEqual(parseAll(text, 5).files[0].lineNumbers, [2]);
});

test('parses plain, quoted and deleted paths', () => {
  assert.equal(parseNewPath('b/dir/file name.txt'), 'dir/file name.txt');
  assert.equal(parseNewPath('"b/tab\\there"'), 'tab\there');
  assert.equal(parseNewPath('/dev/null'), undefined);
});
