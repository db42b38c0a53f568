// UI test of the request panel as a user sees it, in code-server's real workbench in headless
// Chromium: opens the panel from the command palette, sends a request to a local server whose JSON
// answer holds a JWT access_token, and checks the status, the decoded token and the history entry
// inside the webview (nested iframes). Then sends to a hostile HTML body (script tags, an img with
// onerror, a javascript: link, SVG with script) and checks that nothing of it ran: every script
// would call back to the server, which counts such calls. A canary secret from .env is sent as a
// header and echoed by the server; it must appear in no panel text, history entry or log file.
// Saves test-results/request-panel.png (docs/images/request-panel.png, shown in the README, is a
// copy of one such screenshot, so test runs do not rewrite a tracked file).
//
//   node scripts/ui-request-panel.js   standalone (builds, starts its own code-server)
//   run as part of `npm run test:integration`
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { createHmac, randomBytes } = require('node:crypto');

const REPO = path.resolve(__dirname, '..');
const UI_REQUEST_PANEL_TITLE =
  'UI request panel: sends, shows status, decoded JWT and history; hostile bodies run nothing; ' +
  'no canary leaks';
const SCREENSHOT = path.join(REPO, 'test-results', 'request-panel.png');

function hs256(payload) {
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', randomBytes(32)).update(input).digest('base64url')}`;
}

/** A local API: /login answers with a JWT, /hostile with HTML that tries to run code. */
async function startApi() {
  const calls = { pwned: [], login: [] };
  const now = Math.floor(Date.now() / 1000);
  const accessToken = hs256({
    iss: 'https://id.example.test',
    sub: 'panel-user',
    aud: 'orders',
    iat: now,
    exp: now + 3600,
  });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname.startsWith('/pwned')) {
      calls.pwned.push(req.url);
      res.end('');
      return;
    }
    if (url.pathname === '/login') {
      calls.login.push(req.headers['x-api-key']);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          access_token: accessToken,
          token_type: 'Bearer',
          expires_in: 3600,
          echo: req.headers['x-api-key'] ?? null,
        }),
      );
      return;
    }
    if (url.pathname === '/hostile') {
      const back = `http://${req.headers.host}/pwned`;
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        [
          '<h1>hostile</h1>',
          `<script>window.pwned = 1; fetch('${back}?script')</script>`,
          `<img src="x" onerror="fetch('${back}?img')">`,
          `<a id="js-link" href="javascript:fetch('${back}?link')">click me</a>`,
          `<svg xmlns="http://www.w3.org/2000/svg"><script>fetch('${back}?svg')</script></svg>`,
          `<iframe src="${back}?frame"></iframe>`,
        ].join('\n'),
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    calls,
    accessToken,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** Runs a palette command, retrying while the workbench is still restoring focus. */
async function runCommand(page, title, deadline) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title });
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('F1');
      await input.fill(`>${title}`, { timeout: 5000 });
      await row.first().click({ timeout: 10_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`could not run "${title}" in ${attempt} attempts: ${error.message}`);
      await page.keyboard.press('Escape');
    }
  }
}

/** Every file below `dir`; folders the running workbench deletes during the walk are skipped. */
function filesUnder(dir) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    if (e.code === 'ENOENT') return [];
    throw e;
  }
  return entries.flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(full);
    return e.isFile() ? [full] : [];
  });
}

/**
 * Drives the panel in a workbench of the given code-server. `sandboxRoot` is searched for the
 * canary afterwards (logs, storage). Throws with every problem found.
 */
async function runUiRequestPanel({ browser, baseUrl, extensionDir, sandboxRoot, timeoutMs = 120_000 }) {
  const { workbenchUrl } = require('./code-server-host');
  const api = await startApi();
  const canary = `canary-panel-${randomBytes(9).toString('hex')}`;
  const workspace = fs.mkdtempSync(path.join(sandboxRoot, 'panel-ws-'));
  fs.writeFileSync(path.join(workspace, '.env'), `CANARY_KEY=${canary}\n`);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(timeoutMs);
  const problems = [];
  try {
    await page.goto(workbenchUrl(baseUrl, { workspace, extensionDevelopmentPath: extensionDir }));
    await page.locator('.activitybar').waitFor();
    await runCommand(page, 'Token Warden: Open Request Panel', Date.now() + timeoutMs);

    const panel = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await panel.locator('#url').waitFor();

    // A request to the login endpoint, with the canary from .env as a header.
    await panel.locator('#url').fill(`${api.origin}/login`);
    await panel.locator('#add-headers').click();
    await panel.locator('#headers-name-0').fill('X-Api-Key');
    await panel.locator('#headers-value-0').fill('{{$dotenv CANARY_KEY}}');
    await panel.locator('#send').click();
    await panel.locator('#status', { hasText: '200 OK' }).waitFor();
    await panel.locator('#tokens', { hasText: 'panel-user' }).waitFor();
    await panel.locator('#history li', { hasText: '/login' }).first().waitFor();
    if (api.calls.login[0] !== canary) problems.push('the header reference was not resolved from .env');

    const text = await panel.locator('body').innerText();
    if (!/Expires/.test(text)) problems.push('the decoded JWT shows no readable expiry');
    if (text.includes(api.accessToken))
      problems.push('the access token is shown unmasked before "Show Tokens"');
    if (text.includes(canary)) problems.push('the canary secret is shown in the panel');
    // Notifications (such as the keyring notice of a browser-hosted editor) would cover the panel.
    await page
      .locator('.notification-toast .codicon-notifications-clear')
      .first()
      .click({ timeout: 3000 })
      .catch(() => {});
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    // Hidden and shown again, the panel comes back with its form and the last response.
    await runCommand(page, 'File: New Untitled Text File', Date.now() + timeoutMs);
    await page.locator('.tabs-container .tab', { hasText: 'Token Warden Request' }).click();
    await panel.locator('#status', { hasText: '200 OK' }).waitFor();
    if ((await panel.locator('#headers-name-0').inputValue()) !== 'X-Api-Key') {
      problems.push('the form was not restored after hiding the panel');
    }

    // Re-send from history looks the value up again (only the {{reference}} was stored).
    await panel.locator('#history li .resend').first().click();
    await panel.locator('#history li', { hasText: '/login' }).nth(1).waitFor();
    if (api.calls.login[1] !== canary) problems.push('re-send from history did not re-resolve the header');

    // The hostile body is shown as text; its scripts, handlers, links and frames do nothing.
    await panel.locator('#url').fill(`${api.origin}/hostile`);
    await panel.locator('#send').click();
    await panel.locator('#status', { hasText: '200 OK' }).waitFor();
    const body = panel.locator('#body-view');
    await body.locator('pre', { hasText: '<script>' }).waitFor();
    const injected = await body.locator('script, img, a, svg, iframe').count();
    if (injected > 0) problems.push(`${injected} elements from the response body were created in the panel`);
    await panel.locator('#preview').click();
    await body.locator('iframe[sandbox=""]').waitFor();
    await page.waitForTimeout(3000);
    if (api.calls.pwned.length > 0) problems.push(`hostile content ran: ${api.calls.pwned.join(', ')}`);

    const historyText = await panel.locator('#history').innerText();
    if (historyText.includes(canary)) problems.push('the canary is in the history');
  } finally {
    await page.screenshot({ path: path.join(REPO, 'test-results', 'ui-request-panel.png') }).catch(() => {});
    await page.close();
    api.close();
  }
  // Logs are written as lines are logged; storage may not be flushed yet, but what is there must be clean.
  for (const file of filesUnder(sandboxRoot)) {
    if (file.startsWith(workspace)) continue;
    let content;
    try {
      if (fs.statSync(file).size > 50 * 1024 * 1024) continue;
      content = fs.readFileSync(file);
    } catch (e) {
      // The running workbench removes lock and temp files while we walk; a vanished file holds nothing.
      if (e.code === 'ENOENT') continue;
      throw e;
    }
    if (content.includes(canary)) {
      problems.push(`the canary was written to ${path.relative(sandboxRoot, file)}`);
    }
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
}

module.exports = { runUiRequestPanel, UI_REQUEST_PANEL_TITLE, SCREENSHOT };

if (require.main === module) {
  (async () => {
    const { buildIntegrationRun } = require('./build-integration-tests');
    const { ensureCodeServer } = require('./install-code-server');
    const { makeSandbox, startCodeServer, launchChromium } = require('./code-server-host');
    const cleanups = [];
    let code = 1;
    try {
      const build = await buildIntegrationRun();
      cleanups.push(build.remove);
      const codeServerDir = await ensureCodeServer();
      const sandbox = makeSandbox('token-warden-panel-ui');
      cleanups.push(sandbox.remove);
      const server = await startCodeServer({
        codeServerDir,
        sandbox,
        extraArgs: ['--disable-workspace-trust'],
      });
      cleanups.push(server.stop);
      const browser = await launchChromium(sandbox);
      cleanups.push(() => browser.close());
      await runUiRequestPanel({
        browser,
        baseUrl: server.url,
        extensionDir: build.extensionDir,
        sandboxRoot: sandbox.root,
      });
      console.log(`ok: ${UI_REQUEST_PANEL_TITLE}\nscreenshot: ${path.relative(process.cwd(), SCREENSHOT)}`);
      code = 0;
    } catch (error) {
      console.error(`FAILED: ${UI_REQUEST_PANEL_TITLE}\n${error.stack || error}`);
    }
    while (cleanups.length > 0) {
      try {
        await cleanups.pop()();
      } catch (error) {
        console.error(`cleanup: ${error.message}`);
      }
    }
    process.exit(code);
  })();
}
