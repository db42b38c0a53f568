import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLoopbackRedirect } from '../../../src/core/oauth/loopbackRedirect';

test('answers the callback once with a static page, then stops listening', async () => {
  const listener = await startLoopbackRedirect({ timeoutMs: 10_000 });
  assert.match(listener.redirectUri, /^http:\/\/127\.0\.0\.1:\d+\/callback$/);

  const stray = await fetch(new URL('/favicon.ico', listener.redirectUri));
  assert.equal(stray.status, 404, 'other paths do not complete the sign-in');

  const page = await fetch(`${listener.redirectUri}?code=abc&state=<script>x</script>`);
  const html = await page.text();
  assert.match(html, /You can close this tab/);
  assert.ok(!html.includes('<script>x'), 'nothing from the request is echoed');
  const received = await listener.callback;
  assert.equal(received.searchParams.get('code'), 'abc');

  await assert.rejects(fetch(listener.redirectUri), 'the port is closed after one answer');
});

test('gives up after the timeout and when cancelled, closing the port', async () => {
  const timed = await startLoopbackRedirect({ timeoutMs: 50 });
  await assert.rejects(timed.callback, /Timed out/);
  await assert.rejects(fetch(timed.redirectUri));

  const controller = new AbortController();
  const cancelled = await startLoopbackRedirect({ timeoutMs: 10_000, signal: controller.signal });
  controller.abort();
  await assert.rejects(cancelled.callback, /cancelled/);
  await assert.rejects(fetch(cancelled.redirectUri));
});

test('an error answer from the server says so on the page', async () => {
  const listener = await startLoopbackRedirect({ timeoutMs: 10_000 });
  const html = await (await fetch(`${listener.redirectUri}?error=access_denied&state=s`)).text();
  assert.match(html, /did not complete/);
  assert.equal((await listener.callback).searchParams.get('error'), 'access_denied');
});
