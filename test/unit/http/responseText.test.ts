import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HttpResponse } from '../../../src/core/http/client';
import { formatResponseText, prettyBody } from '../../../src/core/http/responseText';
import { Redactor } from '../../../src/core/redact';

function response(partial: Partial<HttpResponse> & { text: string }): HttpResponse {
  const body = Buffer.from(partial.text);
  return {
    status: 200,
    statusText: 'OK',
    headers: [],
    body,
    contentType: 'application/json',
    size: { bodyBytes: body.length, wireBodyBytes: body.length, headerBytes: 0 },
    timings: { totalMs: 1, firstByteMs: 1, downloadMs: 0 },
    url: 'https://api.test/',
    redirects: [],
    request: { method: 'GET', url: 'https://api.test/', headers: [] },
    secrets: [],
    ...partial,
  };
}

test('status line, headers with readable names, then pretty-printed JSON', () => {
  const text = formatResponseText(
    response({ text: '{"a":1,"b":[true]}', headers: [['content-type', 'application/json']] }),
    new Redactor(),
  );
  assert.equal(
    text,
    'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{\n  "a": 1,\n  "b": [\n    true\n  ]\n}',
  );
});

test('known secrets are masked in headers and body, Set-Cookie is shown', () => {
  const secret = `canary-${Math.random().toString(36).slice(2, 12)}`;
  const text = formatResponseText(
    response({
      text: JSON.stringify({ echoed: `Bearer ${secret}` }),
      headers: [
        ['x-echo', secret],
        ['set-cookie', 'sid=plain; Path=/'],
      ],
      secrets: [secret],
    }),
    new Redactor(),
  );
  assert.ok(!text.includes(secret), text);
  assert.match(text, /Set-Cookie: sid=plain; Path=\//);
});

test('invalid JSON and plain text stay as received; binary bodies are summarised', () => {
  assert.equal(prettyBody(response({ text: '{"a":' })), '{"a":');
  assert.equal(prettyBody(response({ text: 'hello', contentType: 'text/plain' })), 'hello');
  const png = response({ text: '', contentType: 'image/png', body: Buffer.from([137, 80, 78, 71]) });
  assert.equal(prettyBody(png), '(4 bytes of image/png)');
});
