import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CookieJar } from '../../../src/core/http/cookieJar';

test('host-only cookies stay on their host; Domain cookies reach subdomains', () => {
  const jar = new CookieJar();
  jar.setCookies('https://api.example.test/auth/login', ['host=1', 'wide=2; Domain=.example.test; Path=/']);
  assert.equal(jar.cookieHeader('https://api.example.test/'), 'wide=2');
  assert.equal(jar.cookieHeader('https://api.example.test/auth/me'), 'host=1; wide=2');
  assert.equal(jar.cookieHeader('https://other.example.test/'), 'wide=2');
  assert.equal(jar.cookieHeader('https://example.org/'), undefined);
});

test('a Domain the request host does not match is refused', () => {
  const jar = new CookieJar();
  jar.setCookies('https://api.example.test/', ['evil=1; Domain=victim.test']);
  assert.equal(jar.cookieHeader('https://victim.test/'), undefined);
});

test('default path is the request path up to its last slash', () => {
  const jar = new CookieJar();
  jar.setCookies('http://h.test/a/b/c', ['p=1']);
  assert.equal(jar.cookieHeader('http://h.test/a/b/other'), 'p=1');
  assert.equal(jar.cookieHeader('http://h.test/a/bc'), undefined);
  assert.equal(jar.cookieHeader('http://h.test/a'), undefined);
});

test('Expires and Max-Age: expired cookies disappear; Max-Age wins over Expires', () => {
  const jar = new CookieJar();
  const now = Date.UTC(2026, 0, 1);
  jar.setCookies(
    'http://h.test/',
    [
      'short=1; Max-Age=60; Expires=Wed, 01 Jan 2031 00:00:00 GMT',
      'dated=2; Expires=Thu, 01 Jan 2026 00:10:00 GMT',
    ],
    now,
  );
  assert.equal(jar.cookieHeader('http://h.test/', now + 30_000), 'short=1; dated=2');
  assert.equal(jar.cookieHeader('http://h.test/', now + 120_000), 'dated=2');
  assert.equal(jar.cookieHeader('http://h.test/', now + 3_600_000), undefined);
  const deleting = new CookieJar();
  deleting.setCookies('http://h.test/', ['a=1', 'b=2'], now);
  deleting.setCookies('http://h.test/', ['a=gone; Max-Age=0'], now);
  assert.equal(deleting.cookieHeader('http://h.test/', now), 'b=2');
});

test('Secure cookies go only over https; a later cookie replaces one with the same name/domain/path', () => {
  const jar = new CookieJar();
  jar.setCookies('https://h.test/', ['s=1; Secure', 'v=old']);
  jar.setCookies('https://h.test/', ['v=new']);
  assert.equal(jar.cookieHeader('http://h.test/'), 'v=new');
  assert.equal(jar.cookieHeader('https://h.test/'), 's=1; v=new');
  assert.deepEqual(jar.values().sort(), ['1', 'new']);
});
