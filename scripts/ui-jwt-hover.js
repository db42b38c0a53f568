// UI check of the JWT hover as a user sees it: code-server's real workbench in headless Chromium
// renders the hover over a token in a .http file. Checks the claims table and status are on
// screen and that a claim holding a `command:` link is plain text, not a link; saves a screenshot
// of the hover to test-results/jwt-hover.png.
//
//   node scripts/ui-jwt-hover.js
//
// Tokens are generated here with random keys; nothing realistic is committed.
const fs = require('node:fs');
const path = require('node:path');
const { createHmac, randomBytes } = require('node:crypto');
const { buildIntegrationRun, REPO } = require('./build-integration-tests');
const { ensureCodeServer } = require('./install-code-server');
const { makeSandbox, startCodeServer, workbenchUrl, launchChromium } = require('./code-server-host');

const SCREENSHOT = path.join(REPO, 'test-results', 'jwt-hover.png');
const EVIL = '[x](command:workbench.action.files.newUntitledFile)';

function hs256(payload) {
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', randomBytes(32)).update(input).digest('base64url')}`;
}

function makeToken() {
  const now = Math.floor(Date.now() / 1000);
  const token = hs256({
    iss: 'https://id.example.test',
    sub: 'user-42',
    aud: 'orders-api',
    iat: now - 15 * 60,
    exp: now + 45 * 60,
    jti: EVIL,
    email: 'someone@example.test',
  });
  return token;
}

async function main() {
  const cleanups = [];
  let code = 1;
  try {
    const build = await buildIntegrationRun();
    cleanups.push(build.remove);
    const codeServerDir = await ensureCodeServer();
    const sandbox = makeSandbox('token-warden-jwt-ui');
    cleanups.push(sandbox.remove);
    const workspace = path.join(sandbox.root, 'workspace');
    fs.mkdirSync(workspace);
    const token = makeToken();
    fs.writeFileSync(
      path.join(workspace, 'orders.http'),
      `GET https://api.example.test/orders\nAuthorization: Bearer ${token}\n`,
    );

    const server = await startCodeServer({
      codeServerDir,
      sandbox,
      extraArgs: ['--disable-workspace-trust'],
    });
    cleanups.push(server.stop);
    const browser = await launchChromium(sandbox);
    cleanups.push(() => browser.close());

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(60_000);
    await page.goto(workbenchUrl(server.url, { workspace, extensionDevelopmentPath: build.extensionDir }));
    await page.locator('.activitybar').waitFor();

    // Open the file and put the cursor inside the token, as a user would with Ctrl+P and Ctrl+G.
    const quickInput = page.locator('.quick-input-widget .quick-input-box input');
    const deadline = Date.now() + 90_000;
    for (;;) {
      try {
        await page.keyboard.press('Control+P');
        await quickInput.fill('orders.http', { timeout: 5000 });
        await page
          .locator('.quick-input-list .monaco-list-row', { hasText: 'orders.http' })
          .first()
          .click({ timeout: 10_000 });
        await page
          .locator('.editor-instance .view-lines', { hasText: 'Authorization' })
          .waitFor({ timeout: 10_000 });
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await page.keyboard.press('Escape');
      }
    }
    // The leak warning's hover part may sit above ours in the same widget; only ours is checked.
    const hover = page.locator('.monaco-hover:visible', { hasText: 'valid now' });
    // Rest the mouse on the token, as a user would.
    const line = page.locator('.editor-instance .view-line', { hasText: 'Authorization' }).first();
    for (let attempt = 0; ; attempt++) {
      try {
        const lineBox = await line.boundingBox();
        if (!lineBox) throw new Error('the token line is not on screen');
        await page.mouse.move(lineBox.x + 5, lineBox.y + 60);
        await page.mouse.move(lineBox.x + 380 + 10 * (attempt % 5), lineBox.y + lineBox.height / 2, {
          steps: 5,
        });
        await hover.first().waitFor({ timeout: 10_000 });
        break;
      } catch (error) {
        if (Date.now() > deadline) {
          const html = await page
            .locator('.monaco-hover')
            .first()
            .evaluate((e) => e.outerHTML)
            .catch(() => '');
          fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
          fs.writeFileSync(SCREENSHOT.replace(/\.png$/, '.html'), html);
          await page.screenshot({ path: SCREENSHOT }).catch(() => {});
          throw error;
        }
      }
    }

    const box = hover.first();
    const ours = box.locator('.rendered-markdown', { hasText: 'valid now' }).first();
    const text = await ours.innerText();
    const links = await ours
      .locator('a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('data-href') ?? a.href));
    const problems = [];
    if (!/valid now, expires in \d+ min, lifetime 1 h/.test(text)) problems.push('status line missing');
    if (!/Expires/.test(text) || !/UTC/.test(text)) problems.push('claims table with times missing');
    if (!text.includes(EVIL)) problems.push('the jti claim is not shown as plain text');
    const foreign = links.filter((href) => !/^command:tokenWarden\.(decodeJwt|verifyJwt)\b/.test(href ?? ''));
    if (foreign.length > 0) problems.push(`unexpected links: ${foreign.join(', ')}`);
    if (links.length !== 2) problems.push(`expected our 2 command links, found ${links.length}`);

    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await box.screenshot({ path: SCREENSHOT });
    if (problems.length > 0) throw new Error(problems.join('; '));
    console.log(
      `ok: the JWT hover renders claims and status; claim text is not a link (${links.length} links, ours)`,
    );
    console.log(`screenshot: ${path.relative(process.cwd(), SCREENSHOT)}`);
    code = 0;
  } catch (error) {
    console.error(`FAILED: JWT hover UI check\n${error.stack || error}`);
  }
  while (cleanups.length > 0) {
    try {
      await cleanups.pop()();
    } catch (error) {
      console.error(`cleanup: ${error.message}`);
    }
  }
  process.exit(code);
}

main();
