import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHttpFile } from '../../../src/core/http/parser';
import {
  fromHttpBlock,
  maskTokens,
  redactRequest,
  toHttpText,
  urlWithQuery,
  type PanelRequest,
} from '../../../src/core/requestPanel/panelRequest';
import { Redactor } from '../../../src/core/redact';
import { makeHs256, randomSecret } from '../../support/jwtFactory';

function request(overrides: Partial<PanelRequest> = {}): PanelRequest {
  return {
    method: 'POST',
    url: '{{baseUrl}}/items',
    query: [],
    headers: [],
    body: '',
    auth: '',
    ...overrides,
  };
}

test('the form becomes .http text that parses back to the same request', () => {
  const form = request({
    query: [
      { name: 'q', value: 'a b&c', enabled: true },
      { name: 'off', value: 'x', enabled: false },
      { name: 'ref', value: '{{term}}', enabled: true },
    ],
    headers: [{ name: 'Content-Type', value: 'application/json', enabled: true }],
    body: '{\n  "name": "x"\n}',
    auth: 'api',
  });
  const text = toHttpText(form);
  const file = parseHttpFile(text);
  assert.equal(file.requests.length, 1);
  const block = file.requests[0];
  assert.equal(block.metadata.auth, 'api');
  assert.equal(block.url, '{{baseUrl}}/items?q=a%20b%26c&ref={{term}}');
  assert.deepEqual(
    block.headers.map((h) => [h.name, h.value]),
    [['Content-Type', 'application/json']],
  );

  const back = fromHttpBlock(file, block);
  assert.equal(back.url, '{{baseUrl}}/items');
  assert.deepEqual(
    back.query.map((q) => [q.name, q.value]),
    [
      ['q', 'a b&c'],
      ['ref', '{{term}}'],
    ],
  );
  assert.equal(back.body.trim(), form.body);
  assert.equal(back.auth, 'api');
});

test('saving to .http replaces known secret values with {{NAME}} references', () => {
  const secret = randomSecret();
  const form = request({
    headers: [{ name: 'X-Api-Key', value: secret, enabled: true }],
    body: `key=${secret}`,
  });
  const text = toHttpText(form, { API_KEY: secret });
  assert.ok(!text.includes(secret));
  assert.match(text, /X-Api-Key: \{\{API_KEY\}\}/);
  assert.match(text, /key=\{\{API_KEY\}\}/);
});

test('a body line starting with ### cannot split the saved request in two', () => {
  const text = toHttpText(request({ body: 'a\n### not a separator' }));
  assert.equal(parseHttpFile(text).requests.length, 1);
});

test('redacted copies mask auth headers, known secrets and JWTs, and mark what was masked', () => {
  const secret = randomSecret();
  const jwt = makeHs256({ sub: 'alice' });
  const redactor = new Redactor().add(secret);
  const copy = redactRequest(
    request({
      url: `https://api.test/items?sig=${secret}`,
      headers: [
        { name: 'Authorization', value: `Bearer ${jwt}`, enabled: true },
        { name: 'Authorization', value: '{{TOKEN}}', enabled: true },
        { name: 'Accept', value: 'application/json', enabled: true },
      ],
      body: `{"token":"${jwt}","n":1}`,
    }),
    (s) => redactor.redact(s),
  );
  const all = JSON.stringify(copy);
  assert.ok(!all.includes(secret) && !all.includes(jwt));
  assert.equal(copy.headers[0].redacted, true);
  assert.equal(copy.headers[1].value, '{{TOKEN}}', 'references are kept: they are re-resolved on re-send');
  assert.equal(copy.headers[1].redacted, undefined);
  assert.equal(copy.headers[2].value, 'application/json');

  const resent = toHttpText(copy);
  assert.ok(!/Bearer/.test(resent), 'a masked header is never sent again');
  assert.match(resent, /Authorization: \{\{TOKEN\}\}/);
});

test('maskTokens hides every JWT in a text and keeps the rest', () => {
  const a = makeHs256({ a: 1 });
  const b = makeHs256({ b: 2 });
  const masked = maskTokens(`x ${a} y "${b}"`);
  assert.ok(!masked.includes(a) && !masked.includes(b));
  assert.match(masked, /^x \S+ y "\S+"$/);
});

test('urlWithQuery keeps an existing query string', () => {
  assert.equal(
    urlWithQuery(request({ url: 'https://a.test/x?y=1', query: [{ name: 'z', value: '2', enabled: true }] })),
    'https://a.test/x?y=1&z=2',
  );
});

test('history drops secret file variables instead of keeping masked values that would be sent', () => {
  const secret = randomSecret();
  const form = request({
    variables: [
      { name: 'baseUrl', value: 'https://api.example.test' },
      { name: 'apiKey', value: secret },
      { name: 'tenant', value: `t-${secret}` },
      { name: 'sessionRef', value: '{{SESSION}}' },
    ],
  });
  const known = new Redactor().add(secret);
  const stored = redactRequest(form, (t) => known.redact(t));
  assert.deepEqual(stored.variables, [
    { name: 'baseUrl', value: 'https://api.example.test' },
    { name: 'sessionRef', value: '{{SESSION}}' },
  ]);
  assert.ok(!JSON.stringify(stored).includes(secret));
});
