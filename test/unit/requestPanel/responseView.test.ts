import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HttpResponse } from '../../../src/core/http/client';
import { responseView, toCurl } from '../../../src/core/requestPanel/responseView';
import { Redactor } from '../../../src/core/redact';
import { makeHs256, randomSecret } from '../../support/jwtFactory';

function response(body: string, contentType: string, overrides: Partial<HttpResponse> = {}): HttpResponse {
  const bytes = Buffer.from(body, 'utf8');
  return {
    status: 200,
    statusText: 'OK',
    headers: [['content-type', contentType]],
    body: bytes,
    text: body,
    contentType,
    size: { bodyBytes: bytes.length, wireBodyBytes: bytes.length, headerBytes: 20 },
    timings: { totalMs: 12, firstByteMs: 5, downloadMs: 1, dnsMs: 1, connectMs: 2 },
    url: 'https://api.test/token',
    redirects: [],
    request: { method: 'POST', url: 'https://api.test/token', headers: [] },
    secrets: [],
    ...overrides,
  };
}

test('JWTs in a JSON body are decoded with their member name and masked in the body text', () => {
  const accessToken = makeHs256({ sub: 'alice', scope: 'read', exp: Math.floor(Date.now() / 1000) + 600 });
  const view = responseView(
    response(JSON.stringify({ access_token: accessToken, token_type: 'Bearer' }), 'application/json'),
    new Redactor(),
  );
  assert.equal(view.bodyKind, 'json');
  assert.ok(!view.body.includes(accessToken));
  assert.equal(view.tokens.length, 1);
  assert.equal(view.tokens[0].where, 'access_token');
  assert.match(view.tokens[0].decoded, /alice/);
  assert.ok(!view.tokens[0].decoded.includes(accessToken));

  const revealed = responseView(
    response(JSON.stringify({ access_token: accessToken }), 'application/json'),
    new Redactor(),
    true,
  );
  assert.ok(revealed.body.includes(accessToken), 'shown when the user asks');
});

test('known secrets and cookie values are masked even when revealing', () => {
  const secret = randomSecret();
  const view = responseView(
    response(`echo ${secret}`, 'text/plain', {
      headers: [
        ['set-cookie', `sid=${secret}; HttpOnly`],
        ['x-echo', secret],
      ],
      secrets: [secret],
    }),
    new Redactor(),
    true,
  );
  assert.ok(!JSON.stringify(view).includes(secret));
  assert.match(view.headers[0][1], /^sid=\*+; HttpOnly$/);
});

test('HTML and SVG bodies are classified so the panel shows them as text', () => {
  assert.equal(responseView(response('<script>x()</script>', 'text/html'), new Redactor()).bodyKind, 'html');
  assert.equal(responseView(response('<svg/>', 'image/svg+xml'), new Redactor()).bodyKind, 'svg');
  assert.equal(
    responseView(response('\u0000\u0001', 'application/octet-stream'), new Redactor()).bodyKind,
    'binary',
  );
});

test('toCurl quotes for the shell and masks through the given function', () => {
  const secret = randomSecret();
  const request = {
    method: 'POST',
    url: 'https://api.test/x',
    headers: [
      ['Authorization', `Bearer ${secret}`],
      ['X-Note', "it's"],
    ] as [string, string][],
    body: '{"a":1}',
  };
  const masked = toCurl(request, (s) => new Redactor().add(secret).redact(s));
  assert.ok(!masked.includes(secret));
  assert.match(masked, /-H 'X-Note: it'\\''s'/);
  assert.ok(toCurl(request).includes(secret));
  assert.match(masked, /--data-raw '\{"a":1\}'$/);
});
