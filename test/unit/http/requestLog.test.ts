import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRequestLogLine } from '../../../src/core/http/requestLog';
import { Redactor } from '../../../src/core/redact';

const canary = (label: string) => `canary-${label}-${Math.random().toString(36).slice(2, 12)}`;

test('known secrets in query values and path segments are masked', () => {
  const key = canary('key');
  const inPath = canary('path');
  const line = formatRequestLogLine(
    { method: 'GET', url: `https://api.test/u/${inPath}?q=1&k=${key}`, outcome: 200, durationMs: 12.4 },
    new Redactor(),
    [key, inPath],
  );
  assert.ok(!line.includes(key) && !line.includes(inPath), line);
  assert.match(line, /^GET https:\/\/api\.test\/u\/\S+\?q=1&k=\*{4} -> 200 \(12 ms\)$/);
});

test('well-known secret parameter names and URL user info are masked even when not known', () => {
  const token = canary('tok');
  const password = canary('pw');
  const line = formatRequestLogLine(
    {
      method: 'POST',
      url: `https://user:${password}@api.test/cb?code=${token}&state=ok`,
      outcome: 'timeout',
      durationMs: 3000,
      redirects: 2,
    },
    new Redactor(),
  );
  assert.ok(!line.includes(token) && !line.includes(password), line);
  assert.match(line, /code=\*{4}&state=ok -> timeout after 2 redirects \(3000 ms\)$/);
});

test('secrets the shared redactor knows are masked too', () => {
  const secret = canary('shared');
  const line = formatRequestLogLine(
    { method: 'GET', url: `https://api.test/${secret}`, outcome: 404, durationMs: 1 },
    new Redactor().add(secret),
  );
  assert.ok(!line.includes(secret), line);
});
