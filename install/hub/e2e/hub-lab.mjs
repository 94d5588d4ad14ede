// A student's first minutes in the class hub, in Debian's headless chromium:
// log in on the hub's login page, land in the project's JupyterLab on their
// own server (/user/<name>/lab), open a gograd notebook and run a cell. Run by
// install/hub's TestLabBrowser against a hub it started.
//
// Environment: HUB_URL, HUB_USER, HUB_PASSWORD, and install/lab/e2e/harness.mjs's
// (E2E_NODE_MODULES with playwright-core, GOGRAD_ARTIFACTS for screenshots).
//
// Prints one JSON line: {"ok": bool, "steps": [...], "printed": "..."}.

import path from 'node:path';

import { ARTIFACTS, launchBrowser, waitFor } from '../../lab/e2e/harness.mjs';

const { HUB_URL, HUB_USER, HUB_PASSWORD } = process.env;
const steps = [];
let printed = null;
let browser;

async function step(name, fn) {
  const start = Date.now();
  await fn();
  steps.push({ name, ms: Date.now() - start });
}

try {
  browser = await launchBrowser();
  const { page } = browser;
  await step('login', async () => {
    await page.goto(`${HUB_URL}/hub/login`);
    await page.fill('#username_input', HUB_USER);
    await page.fill('#password_input', HUB_PASSWORD);
    await page.click('#login_submit');
  });
  await step('lab on the student server', async () => {
    // The hub sends the browser to the spawn-pending page, then to the server.
    await page.waitForURL(new RegExp(`/user/${HUB_USER}/lab`), { timeout: 180_000 });
    await waitFor(() => page.evaluate(() => !!(window.jupyterapp && window.jupyterapp.shell)), {
      timeout: 120_000,
      what: 'window.jupyterapp'
    });
    await page.evaluate(() => window.jupyterapp.restored);
  });
  await step('gograd notebook', async () => {
    await page.evaluate(() => window.jupyterapp.commands.execute('notebook:create-new', { kernelName: 'gograd' }));
    await waitFor(
      () =>
        page.evaluate(() => {
          const w = window.jupyterapp.shell.currentWidget;
          const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
          return !!k && k.name === 'gograd' && k.status === 'idle';
        }),
      { timeout: 120_000, what: 'gograd kernel idle' }
    );
  });
  await step('run a cell', async () => {
    await page.locator('.jp-Notebook .jp-Cell.jp-mod-active .cm-content').click();
    await page.keyboard.insertText('fmt.Println(autograd.New(3.0).Mul(2.0))');
    await page.keyboard.press('Shift+Enter');
    await waitFor(
      async () => {
        printed = await page.evaluate(() => {
          const nb = window.jupyterapp.shell.currentWidget.content;
          const outs = nb.widgets[0].model.outputs.toJSON();
          return outs.map((o) => (Array.isArray(o.text) ? o.text.join('') : o.text || '')).join('');
        });
        return printed !== '';
      },
      { timeout: 120_000, what: 'the cell output' }
    );
  });
  await page.screenshot({ path: path.join(ARTIFACTS, 'hub-lab.png') });
  console.log(JSON.stringify({ ok: true, steps, printed }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, steps, printed, error: String(e && e.stack ? e.stack : e) }));
  process.exitCode = 1;
} finally {
  if (browser) await browser.close();
}
