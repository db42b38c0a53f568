import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeToken } from '../../../src/core/jwt/claims';
import { decodeToken } from '../../../src/core/jwt/decode';
import {
  codeFence,
  escapeMarkdown,
  printable,
  renderMarkdown,
  renderText,
} from '../../../src/core/jwt/render';
import { viewTokenAt } from '../../../src/core/jwt/tokenAt';
import { epoch, makeFakeJwe, makeHs256 } from '../../support/jwtFactory';

const NOW = Date.UTC(2026, 11, 3, 17, 40, 0);
const ISS = 'https://id.example.test';

function render(payload: object | string, header: object = {}) {
  const token = decodeToken(makeHs256(payload, undefined, header));
  return renderMarkdown(token, analyzeToken(token, { now: NOW }), { timeZoneOffsetMinutes: 60 });
}

/** Markdown link or autolink syntax that a renderer would turn into a clickable target. */
const LINK = /(?<!\\)\[[^\]]*(?<!\\)\]\((?!\\)|(?<!\\)<[a-z]+:/i;

test('shows registered claims with local time, UTC and relative time, plus header and payload JSON', () => {
  const md = render({ iss: ISS, sub: 'u1', aud: 'api', iat: epoch(NOW, -180), exp: epoch(NOW, 720) });
  assert.match(md, /\*\*JWT\*\* `HS256` · ✅ valid now, expires in 12 min, lifetime 15 min/);
  assert.match(
    md,
    /\| `exp` Expires \| 2026-12-03 18:52:00 \(UTC\+01:00\) · 2026-12-03 17:52:00 UTC · expires in 12 min \|/,
  );
  assert.match(md, /\| `iat` Issued at \| .*issued 3 min ago \|/);
  assert.match(md, /\| `iss` Issuer \| https\\:\/\/id\.example\.test \|/);
  assert.match(md, /```json\n\{\n {2}"alg": "HS256"/);
  assert.match(md, /"sub": "u1"/);
});

test('a claim holding a markdown link or command link never becomes a link', () => {
  const evil = '[click me](command:workbench.action.terminal.new) <command:x> ![i](https://e.test/i.png)';
  const md = render({ iss: ISS, sub: evil, aud: 'api', exp: epoch(NOW, 60) });
  const tableLine = md.split('\n').find((l) => l.startsWith('| `sub`')) ?? '';
  assert.ok(tableLine.includes('\\[click me\\](command:'), tableLine);
  assert.doesNotMatch(tableLine, LINK);
  // Outside code fences, the rendered markdown contains no link syntax at all.
  const outsideFences = md.replace(/(`{3,})json\n[\s\S]*?\n\1/g, '');
  assert.doesNotMatch(outsideFences, LINK);
});

test('a claim cannot close the JSON code fence', () => {
  const md = render({ iss: ISS, aud: 'api', exp: epoch(NOW, 60), note: '```\n[x](command:evil)\n```' });
  assert.match(md, /````json/);
  const fenced = md.match(/(`{3,})json\n[\s\S]*?\n\1/g) ?? [];
  assert.ok(
    fenced.some((block) => block.includes('command:evil')),
    'the value stays inside a fence',
  );
  assert.doesNotMatch(md.replace(/(`{3,})json\n[\s\S]*?\n\1/g, ''), /command:evil/);
});

test('claim names quoted in warnings cannot smuggle a link out of a code span', () => {
  const md = render({
    ['``[x](command:evil)']: 'a',
    email: 'p@example.test',
    ['``x`[y](command:evil2)']: 'x@example.test',
  });
  const warnings = md.split('\n').filter((l) => l.startsWith('- ⚠️'));
  assert.ok(warnings.length > 0);
  for (const line of warnings) assert.doesNotMatch(line, LINK, line);
});

test('the token under the cursor renders, and markdown-it turns no claim into a link', async (t) => {
  let MarkdownIt: (new (opts: object) => { render(src: string): string }) | undefined;
  try {
    MarkdownIt = require('markdown-it');
  } catch {
    t.skip('markdown-it is not installed');
    return;
  }
  const token = makeHs256({ sub: '[x](command:evil) <command:y> https://link.test', exp: epoch(NOW, 60) });
  const line = `${' '.repeat(5000)}Authorization: Bearer ${token}`;
  const view = viewTokenAt(line, 5030, { now: NOW });
  assert.ok(view && view.decoded, 'token found at column 5000+');
  const html = new MarkdownIt!({ linkify: true, html: false }).render(view.markdown);
  assert.doesNotMatch(html, /href="command:/);
  assert.match(html, /command:evil/);
});

test('escapes every markdown-active character and flattens newlines', () => {
  assert.equal(escapeMarkdown('a*b_c'), 'a\\*b\\_c');
  assert.equal(escapeMarkdown('[x](command:y)'), '\\[x\\](command:y)');
  assert.equal(escapeMarkdown('see https://a.test or www.b.test'), 'see https\\://a.test or www\\.b.test');
  assert.equal(escapeMarkdown('2026-12-03 18:52:00 (UTC+01:00)'), '2026-12-03 18:52:00 (UTC+01:00)');
  assert.equal(escapeMarkdown('x\ny'), 'x y');
  assert.equal(escapeMarkdown('<b>|'), '\\<b\\>\\|');
  assert.equal(escapeMarkdown('\u202eevil'), '\\\\u202eevil');
  assert.equal(codeFence('a ``` b', 'json'), '````json\na ``` b\n````');
});

test('secret-looking claims are masked in markdown and text unless asked', () => {
  const canary = 'canary-secret-9f3b1c2d7e';
  const token = decodeToken(makeHs256({ iss: ISS, aud: 'a', exp: epoch(NOW, 60), password: canary }));
  const analysis = analyzeToken(token, { now: NOW });
  assert.ok(!renderMarkdown(token, analysis).includes(canary));
  assert.ok(!renderText(token, analysis).includes(canary));
  assert.ok(renderText(token, analysis, { showSecrets: true }).includes(canary));
});

test('a JWE renders its protected header and says the payload is encrypted', () => {
  const token = decodeToken(makeFakeJwe());
  const md = renderMarkdown(token, analyzeToken(token, { now: NOW }));
  assert.match(md, /Encrypted JWT \(JWE\)\*\* `RSA-OAEP-256 \+ A256GCM`/);
  assert.match(md, /\*\*Payload\*\*: encrypted \(80 bytes of ciphertext/);
});

test('a nested token renders the inner claims', () => {
  const inner = makeHs256({ sub: 'inner-user', iss: ISS, aud: 'a', exp: epoch(NOW, 60) });
  const md = render(inner, { cty: 'JWT' });
  assert.match(md, /\*\*Nested JWT\*\*/);
  assert.match(md, /\*\*Nested token\*\* \(`cty: JWT`\)/);
  assert.match(md, /"sub": "inner-user"/);
});

test('a malformed token under the cursor names the broken part', () => {
  const [h, p] = makeHs256({ a: 1 }).split('.');
  const view = viewTokenAt(`x = "${h}.${p}"`, 8, { now: NOW });
  assert.match(view?.markdown ?? '', /Not a valid JWT\*\*: the problem is in the signature/);
});

test('the text view says the signature is unverified unless the caller checked it', () => {
  const token = decodeToken(makeHs256({ sub: 'a', iss: ISS, aud: 'a', exp: epoch(NOW, 60) }));
  const analysis = analyzeToken(token, { now: NOW });
  assert.match(renderText(token, analysis), /^Signature: 32 bytes, not verified\.$/m);
  const checked = renderText(token, analysis, { signatureChecked: true });
  assert.match(checked, /^Signature: 32 bytes\.$/m);
  assert.ok(!checked.includes('not verified'));
});

test('the text view shows claims and escapes terminal control characters', () => {
  const token = decodeToken(makeHs256({ sub: 'a\u001b[31mred', iss: ISS, aud: 'a', exp: epoch(NOW, 60) }));
  const text = renderText(token, analyzeToken(token, { now: NOW }), { timeZoneOffsetMinutes: 0 });
  assert.ok(!text.includes('\u001b'));
  assert.match(text, /sub {2}Subject {5}a\\u001b\[31mred/);
  assert.match(text, /^JWT \(HS256\): valid now, expires in 1 min/);
});

test('printable keeps token text to one plain line for logs and notifications', () => {
  assert.equal(printable('kid\nforged log line'), 'kid forged log line');
  assert.equal(printable('[x](command:evil)'), '[x] (command:evil)');
  assert.equal(printable('\u001b[2J'), '\\u001b[2J');
  assert.equal(printable('a'.repeat(300), 10), `${'a'.repeat(10)}…`);
});
