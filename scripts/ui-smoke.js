// UI smoke test: opens the workbench in headless Chromium with the development build of Token
// Warden loaded and checks what a user sees: the Token Warden activity bar item and its view
// container, and the "Token Warden" log channel in the Output panel (created only by activate()).
// Saves test-results/ui-smoke.png.
//
//   node scripts/ui-smoke.js URL   drive a running `npm start` (URL as it printed it)
//   run as part of `npm run test:integration` (which passes its own code-server)
const fs = require('node:fs');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..');
const UI_SMOKE_TITLE = 'UI smoke: the workbench shows the Token Warden view container and log channel';
const SCREENSHOT = path.join(REPO, 'test-results', 'ui-smoke.png');

async function runUiSmoke({ browser, url, baseUrl, workspace, extensionDir, timeoutMs = 90_000 }) {
  if (!url) {
    const { workbenchUrl } = require('./code-server-host');
    url = workbenchUrl(baseUrl, { workspace, extensionDevelopmentPath: extensionDir });
  }
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(timeoutMs);
  try {
    await page.goto(url);
    // The workbench renders in seconds, but on a loaded CI machine the first paint can take longer.
    const activityItem = page.locator('.activitybar .action-item a[aria-label^="Token Warden"]');
    await activityItem.waitFor();
    await activityItem.click();
    await page.locator('.sidebar .composite.title', { hasText: /token warden/i }).waitFor();
    await page.locator('.sidebar .pane-header', { hasText: /leaks/i }).waitFor();

    // The log channel exists only after activate() ran: pick it in the Output panel.
    await openOutputChannel(page, 'Token Warden', Date.now() + timeoutMs);
  } finally {
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT }).catch(() => {});
    await page.close();
  }
}

/**
 * Runs a command from the palette. While the workbench is still restoring, focus changes can close
 * the palette right after it opens; like a user, press F1 again until the deadline.
 */
async function runCommand(page, title, deadline) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator('.quick-input-list .monaco-list-row', {
    has: page.locator('.label-name', { hasText: new RegExp(`^${title}$`) }),
  });
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('F1');
      await input.fill(`>${title}`, { timeout: 5000 });
      await row.first().click({ timeout: 10_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`could not run "${title}" in ${attempt} attempts: ${error.message}`);
      }
      await page.keyboard.press('Escape');
    }
  }
}

async function openOutputChannel(page, name, deadline) {
  await runCommand(page, 'View: Toggle Output', deadline);
  // The channel picker lists only channels that exist; selecting it puts the log on screen.
  const option = page.locator(`option[value="${name}"]`);
  const picker = page.locator('.panel select.monaco-select-box', { has: option });
  await picker.first().waitFor();
  await picker.first().selectOption(name);
}

module.exports = { runUiSmoke, UI_SMOKE_TITLE, SCREENSHOT };

if (require.main === module) {
  const url = process.argv[2];
  if (!url) {
    console.error('usage: node scripts/ui-smoke.js URL   (the URL `npm start` printed)');
    process.exit(2);
  }
  const { makeSandbox, launchChromium } = require('./code-server-host');
  const sandbox = makeSandbox('token-warden-smoke');
  let browser;
  launchChromium(sandbox)
    .then((launched) => {
      browser = launched;
      return runUiSmoke({ browser, url });
    })
    .then(
      () => {
        console.log(`ok: ${UI_SMOKE_TITLE}\nscreenshot: ${path.relative(process.cwd(), SCREENSHOT)}`);
        return 0;
      },
      (error) => {
        console.error(`FAILED: ${UI_SMOKE_TITLE}\n${error.stack || error}`);
        return 1;
      },
    )
    .then(async (code) => {
      await browser?.close();
      sandbox.remove();
      process.exit(code);
    });
}
