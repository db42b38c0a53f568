import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'dotenv';
import { envExample, removeDotenvKeys, unterminatedQuotes } from '../../../src/core/environments/dotenvFile';
import { canary } from '../../support/environmentCanaries';

test('removes only the named assignments and keeps comments, order, blank lines and CRLF', () => {
  const secret = canary('env', 1);
  const text =
    `# app\r\nHOST=localhost\r\n\r\nexport API_TOKEN=${secret} # inline\r\n` +
    `PORT=8080\r\nAPI_TOKEN=${secret}\r\n`;
  const { text: out, removed } = removeDotenvKeys(text, ['API_TOKEN']);
  assert.equal(out, '# app\r\nHOST=localhost\r\n\r\nPORT=8080\r\n');
  assert.deepEqual(removed, ['API_TOKEN']);
});

test('a quoted multi-line value is removed with its key, and what follows survives', () => {
  const key = canary('pem', 2);
  const text = `A=1\nPRIVATE_KEY="-----BEGIN-----\n${key}\nescaped \\" quote\n-----END-----"\nB=2\n`;
  assert.equal(parse(text).B, '2');
  const { text: out } = removeDotenvKeys(text, ['PRIVATE_KEY']);
  assert.equal(out, 'A=1\nB=2\n');
  assert.deepEqual(parse(out), { A: '1', B: '2' });
});

test('a file without a final newline keeps its last line intact', () => {
  assert.equal(removeDotenvKeys('SECRET=x\nKEEP=y', ['SECRET']).text, 'KEEP=y');
  assert.equal(removeDotenvKeys('KEEP=y\nSECRET=x', ['SECRET']).text, 'KEEP=y\n');
});

test('.env.example lists every name and no value', () => {
  const value = canary('ex', 3);
  const out = envExample('dev', {
    variables: { baseUrl: 'https://dev.example.test' },
    credentials: { API_TOKEN: { type: 'bearer', origins: [] } },
  });
  assert.ok(out.includes('\nbaseUrl=\n'));
  assert.ok(out.includes('\nAPI_TOKEN=\n'));
  assert.ok(!out.includes('https://dev.example.test') && !out.includes(value));
  assert.deepEqual(parse(out), { baseUrl: '', API_TOKEN: '' });
});

test('a quote closed only by a later line\'s quote is not a multi-line value: the later lines stay', () => {
  const secret = canary('half', 3);
  const text = `API_TOKEN="${secret}\nHOST=localhost\nNAME="kept"\nPORT=8080\n`;
  // dotenv reads API_TOKEN as one line and HOST, NAME, PORT as keys of their own.
  assert.deepEqual(Object.keys(parse(text)), ['API_TOKEN', 'HOST', 'NAME', 'PORT']);
  const { text: out } = removeDotenvKeys(text, ['API_TOKEN']);
  assert.equal(out, 'HOST=localhost\nNAME="kept"\nPORT=8080\n');
});

test('unterminatedQuotes reports half-written values with their position, not closed ones', () => {
  const text = 'A="ok"\nB="open\nC=plain\nD=\'it\'s\'\nE="multi\nline" # c\nF=`x\n';
  assert.deepEqual(unterminatedQuotes(text), [
    { name: 'B', line: 2, column: 3 },
    { name: 'F', line: 7, column: 3 },
  ]);
});
