import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanText } from '../../../src/core/scan';
import { fakeApiKey } from '../../support/genericSecrets';

function found(text: string, path: string): [string, string][] {
  return scanText(text, { path }).map((f) => [f.ruleId, f.secret]);
}

test('session cookies in a HAR capture, a copied curl command and a Set-Cookie header are reported', () => {
  const session = fakeApiKey(901, 48);
  const cases: [string, string][] = [
    [`      { "name": "Cookie", "value": "sessionid=${session}; theme=dark" }`, 'checkout.har'],
    [`curl 'https://shop.acme-corp.io/api' -H 'cookie: _ga=GA1.2; connect.sid=${session}'`, 'history'],
    [`curl -b 'PHPSESSID=${session}' https://shop.acme-corp.io/`, 'notes.md'],
    [`< Set-Cookie: _shop_session=${session}; Path=/; HttpOnly`, 'debug.log'],
  ];
  for (const [text, path] of cases) assert.deepEqual(found(text, path), [['generic-secret', session]], text);
});

test('cookies that hold no session, placeholders and variables are not reported', () => {
  const decoys: [string, string][] = [
    ['Cookie: theme=dark; lang=en; _ga=GA1.2.1234567890.1700000000', 'request.http'],
    ['Cookie: sessionid=<your-session-id>', 'README.md'],
    ['curl -b "sessionid=$SESSION" https://shop.acme-corp.io/', 'deploy.sh'],
    ["const refreshTokenCookieName = 'acme_refresh_token';", 'auth.ts'],
    ['setcookie("session", $value, time() + 3600);', 'login.php'],
  ];
  for (const [text, path] of decoys) assert.deepEqual(found(text, path), [], text);
});
