import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dotenv from 'dotenv';
import {
  appendDotenvEntry, appendExampleEntry, formatDotenvValue, readDotenvEntries,
} from '../../../src/core/migrate/dotenvFile';
import { fakeSecret } from './secretValues';

const S = fakeSecret('dotenv', 24);

const TRICKY: [string, string][] = [
  ['plain', S],
  ['hash', `${S}#not-a-comment`],
  ['hash after space', `${S} #x`],
  ['single quote', `it's${S}`],
  ['double quote', `say "${S}"`],
  ['both quotes', `'${S}" x`],
  ['backtick', `a\`${S}`],
  ['all three quotes', `'"\`${S}`],
  ['spaces inside', `${S} with spaces`],
  ['leading and trailing spaces', `  ${S}  `],
  ['dollar', `$HOME${S}\${X}`],
  ['backslashes', `C:\\dir\\${S}\\`],
  ['literal backslash-n', `a\\nb${S}`],
  ['newline', `line1\n${S}\nline3`],
  ['newline and single quote', `it's\n${S}`],
  ['newline, single quote and literal \\n', `it's\\n\n${S}`],
  ['carriage return', `a\r\n${S}`],
  ['equals', `a=b==${S}=`],
  ['unicode', `pässwörd-🔑-${S}-密码`],
  ['starts with quote', `"${S}`],
  ['quoted-looking', `'${S}'`],
];

for (const [label, value] of TRICKY) {
  test(`a value with ${label} reads back unchanged through dotenv.parse`, () => {
    const result = appendDotenvEntry(Buffer.from('EXISTING=1\n'), 'KEY', value);
    assert.ok(result.ok, result.ok ? '' : result.reason);
    const parsed = dotenv.parse(result.content.toString('utf8'));
    assert.equal(parsed.KEY, value);
    assert.equal(parsed.EXISTING, '1');
  });
}

test('all three quote kinds with a line break still round-trip (dotenv strips outer quotes)', () => {
  const value = `'"\`${S}\nx`;
  const result = appendDotenvEntry(Buffer.from('A=1\n'), 'KEY', value);
  assert.ok(result.ok);
  assert.equal(dotenv.parse(result.content.toString('utf8')).KEY, value);
});

test('a value no dotenv quoting can hold is refused with a reason, not written lossily', () => {
  // Quotes of every kind, a line break and a '#': each quoting ends early or drops a part.
  const value = `'"\`${S} #\nx`;
  const result = appendDotenvEntry(Buffer.from('A=1\n'), 'KEY', value);
  assert.equal(result.ok, false);
  assert.match(result.ok ? '' : result.reason, /no quoting/);
  assert.ok(!(result.ok ? '' : result.reason).includes(S), 'the reason must not contain the value');
  assert.equal(formatDotenvValue('KEY', `'"\`${S} #`).ok, false);
});

test('plain values are written unquoted, others with the simplest quoting that works', () => {
  assert.deepEqual(formatDotenvValue('K', S), { ok: true, value: S });
  assert.deepEqual(formatDotenvValue('K', `${S}#x`), { ok: true, value: `'${S}#x'` });
  assert.deepEqual(formatDotenvValue('K', `a\n${S}`), { ok: true, value: `"a\\n${S}"` });
  // A literal backslash-n cannot go in double quotes (dotenv would turn it into a line break).
  assert.deepEqual(formatDotenvValue('K', `a\\n\n${S}`), { ok: true, value: `'a\\n\n${S}'` });
});

test('a new .env is created with the entry and a final newline', () => {
  const result = appendDotenvEntry(undefined, 'GITHUB_TOKEN', S);
  assert.ok(result.ok);
  assert.equal(result.content.toString('utf8'), `GITHUB_TOKEN=${S}\n`);
});

test('CRLF line endings, comments and a BOM are kept byte for byte; the new line uses CRLF', () => {
  const before = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from('# db\r\nA=1\r\n\r\nB="two"\r\n')]);
  const result = appendDotenvEntry(before, 'KEY', S);
  assert.ok(result.ok);
  assert.deepEqual(result.content.subarray(0, before.length), before);
  assert.equal(result.content.subarray(before.length).toString('utf8'), `KEY=${S}\r\n`);
});

test('a file without a final newline keeps having none; the entry goes on its own line', () => {
  const before = Buffer.from('A=1\nB=2');
  const result = appendDotenvEntry(before, 'KEY', S);
  assert.ok(result.ok);
  assert.equal(result.content.toString('utf8'), `A=1\nB=2\nKEY=${S}`);
  assert.deepEqual(dotenv.parse(result.content.toString('utf8')), { A: '1', B: '2', KEY: S });
});

test('UTF-16 files stay UTF-16; non-UTF-8 files accept only ASCII additions', () => {
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('A=1\n', 'utf16le')]);
  const result = appendDotenvEntry(utf16, 'KEY', S);
  assert.ok(result.ok);
  assert.deepEqual(result.content.subarray(0, utf16.length), utf16);
  assert.equal(result.content.subarray(utf16.length).toString('utf16le'), `KEY=${S}\n`);

  const latin1 = Buffer.from('A=caf\xe9\n', 'latin1');
  const ascii = appendDotenvEntry(latin1, 'KEY', S);
  assert.ok(ascii.ok);
  assert.deepEqual(ascii.content.subarray(0, latin1.length), latin1);
  const unicode = appendDotenvEntry(latin1, 'KEY', `${S}é`);
  assert.equal(unicode.ok, false);
});

test('an existing key is never overwritten', () => {
  const result = appendDotenvEntry(Buffer.from(`KEY=other\n`), 'KEY', S);
  assert.equal(result.ok, false);
});

test('an unclosed quote on the last line cannot swallow the new entry: quoting adapts to it', () => {
  // Unquoted, `KEY=x"` would close the quote opened on the line before and vanish into A.
  const before = 'A="open\n';
  const result = appendDotenvEntry(Buffer.from(before), 'KEY', `${S}"`);
  assert.ok(result.ok);
  assert.deepEqual(dotenv.parse(result.content.toString('utf8')), { ...dotenv.parse(before), KEY: `${S}"` });
});

test('readDotenvEntries reads keys and values for reuse and uniqueness', () => {
  assert.deepEqual([...readDotenvEntries(Buffer.from(`A=1\n# c\nB='x y'\n`))], [['A', '1'], ['B', 'x y']]);
  assert.equal(readDotenvEntries(undefined).size, 0);
});

test('.env.example gets KEY= once, created when missing, with line endings kept', () => {
  const created = appendExampleEntry(undefined, 'GITHUB_TOKEN');
  assert.ok(created?.ok);
  assert.equal(created.content.toString('utf8'), 'GITHUB_TOKEN=\n');

  const crlf = appendExampleEntry(Buffer.from('A=\r\n'), 'B');
  assert.ok(crlf?.ok);
  assert.equal(crlf.content.toString('utf8'), 'A=\r\nB=\r\n');

  assert.equal(appendExampleEntry(Buffer.from('A=\nGITHUB_TOKEN=\n'), 'GITHUB_TOKEN'), undefined);
});
