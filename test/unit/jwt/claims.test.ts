import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyzeToken,
  describeTimeClaim,
  formatDuration,
  formatLocal,
  formatUtc,
  relativeTime,
} from '../../../src/core/jwt/claims';
import { decodeToken } from '../../../src/core/jwt/decode';
import { epoch, makeFakeJwe, makeHs256, makeUnsigned } from '../../support/jwtFactory';

const NOW = Date.UTC(2026, 11, 3, 17, 40, 0);

function analyze(
  payload: object,
  options: { maxLifetimeHours?: number; clockToleranceSeconds?: number } = {},
) {
  return analyzeToken(decodeToken(makeHs256(payload)), { now: NOW, ...options });
}

function codes(analysis: { warnings: { code: string }[] }): string[] {
  return analysis.warnings.map((w) => w.code);
}

const complete = { iss: 'https://id.example.test', aud: 'api', sub: 'u1' };

test('a token within its window is valid, with expiry and lifetime in words', () => {
  const a = analyze({ ...complete, iat: epoch(NOW, -3 * 60), exp: epoch(NOW, 12 * 60) });
  assert.equal(a.status, 'valid');
  assert.equal(a.summary, 'valid now, expires in 12 min, lifetime 15 min');
  assert.equal(a.lifetimeSeconds, 15 * 60);
  assert.deepEqual(codes(a), []);
});

test('an expired token says how long ago', () => {
  const a = analyze({ ...complete, iat: epoch(NOW, -4 * 86400), exp: epoch(NOW, -3 * 86400) });
  assert.equal(a.status, 'expired');
  assert.match(a.summary, /^expired 3 days ago/);
});

test('a token whose nbf lies ahead is not yet valid', () => {
  const a = analyze({ ...complete, nbf: epoch(NOW, 300), exp: epoch(NOW, 3600) });
  assert.equal(a.status, 'not-yet-valid');
  assert.match(a.summary, /becomes valid in 5 min/);
});

test('clock tolerance keeps a just-expired token valid and a just-early one usable', () => {
  const justExpired = { ...complete, exp: epoch(NOW, -20) };
  assert.equal(analyze(justExpired).status, 'expired');
  assert.equal(analyze(justExpired, { clockToleranceSeconds: 30 }).status, 'valid');
  const early = { ...complete, nbf: epoch(NOW, 20), exp: epoch(NOW, 600) };
  assert.equal(analyze(early).status, 'not-yet-valid');
  assert.equal(analyze(early, { clockToleranceSeconds: 30 }).status, 'valid');
});

test('warns about alg none, missing exp, aud and iss', () => {
  const a = analyzeToken(decodeToken(makeUnsigned({ sub: 'x' })), { now: NOW });
  assert.deepEqual(codes(a).sort(), ['alg-none', 'no-aud', 'no-exp', 'no-iss']);
  assert.equal(a.summary, 'valid now, never expires');
});

test('warns when the lifetime exceeds the configured limit', () => {
  const week = { ...complete, iat: epoch(NOW), exp: epoch(NOW, 7 * 86400) };
  assert.ok(codes(analyze(week)).includes('long-lifetime'));
  assert.ok(!codes(analyze(week, { maxLifetimeHours: 24 * 8 })).includes('long-lifetime'));
  const message = analyze(week).warnings.find((w) => w.code === 'long-lifetime')?.message;
  assert.match(message ?? '', /7 days.*24 h/);
});

test('a string exp is flagged and not used for the status', () => {
  const a = analyze({ ...complete, exp: String(epoch(NOW, -3600)) });
  assert.ok(codes(a).includes('time-claim-type'));
  assert.equal(a.status, 'valid', 'a string exp must not be silently accepted as a date');
  assert.equal(a.times.exp, undefined);
  assert.match(a.warnings.find((w) => w.code === 'time-claim-type')?.message ?? '', /`exp` is a string/);
});

test('wrongly typed nbf and iat are flagged too', () => {
  const a = analyze({ ...complete, exp: epoch(NOW, 60), nbf: null, iat: [1] });
  assert.equal(codes(a).filter((c) => c === 'time-claim-type').length, 2);
});

test('flags personal data and secrets, naming the claims and masking secret paths', () => {
  const a = analyze({
    ...complete,
    exp: epoch(NOW, 60),
    email: 'someone@example.test',
    profile: { phoneNumber: '+1 555 0100', contact: 'x@example.test' },
    client_secret: 'value-that-must-not-show',
  });
  const personal = a.warnings.find((w) => w.code === 'personal-data')?.message ?? '';
  assert.match(personal, /`email`/);
  assert.match(personal, /`profile\.phoneNumber`/);
  assert.match(personal, /`profile\.contact`/);
  assert.deepEqual(a.secretPaths, [['client_secret']]);
});

test('a nested token takes status and claims from the inner token and says it is nested', () => {
  const inner = makeHs256({ ...complete, exp: epoch(NOW, -60) });
  const a = analyzeToken(decodeToken(makeHs256(inner, undefined, { cty: 'JWT' })), { now: NOW });
  assert.equal(a.status, 'expired');
  assert.ok(codes(a).includes('nested-token'));
  assert.ok(a.inner);
});

test('an encrypted token has status encrypted and a warning saying so', () => {
  const a = analyzeToken(decodeToken(makeFakeJwe()), { now: NOW });
  assert.equal(a.status, 'encrypted');
  assert.ok(codes(a).includes('encrypted'));
});

test('formats durations, relative times and both clocks', () => {
  assert.equal(formatDuration(45), '45 s');
  assert.equal(formatDuration(12 * 60 + 59), '12 min');
  assert.equal(formatDuration(90 * 60), '1 h 30 min');
  assert.equal(formatDuration(30 * 3600), '30 h');
  assert.equal(formatDuration(3 * 86400 + 5), '3 days');
  assert.equal(formatDuration(86400 * 2), '2 days');
  assert.equal(formatDuration(86400 * 400), '13 months');
  assert.equal(formatDuration(86400 * 365 * 3), '3 years');
  assert.equal(relativeTime(NOW + 12 * 60_000, NOW), 'in 12 min');
  assert.equal(relativeTime(NOW - 3 * 86_400_000, NOW), '3 days ago');
  assert.equal(describeTimeClaim('exp', epoch(NOW, 720), NOW), 'expires in 12 min');
  assert.equal(describeTimeClaim('exp', epoch(NOW, -3 * 86400), NOW), 'expired 3 days ago');
  assert.equal(formatUtc(NOW), '2026-12-03 17:40:00 UTC');
  assert.equal(formatLocal(NOW, 60), '2026-12-03 18:40:00 (UTC+01:00)');
  assert.equal(formatLocal(NOW, -330), '2026-12-03 12:10:00 (UTC-05:30)');
});
