// Shared pieces of the browser tests: starting a Jupyter server on a free
// port and stopping it cleanly, launching Debian's chromium through
// playwright-core, and a small step runner that times each step, saves a
// screenshot after it, and keeps going after a failure so one broken feature
// does not hide the state of the others.
//
// Environment (set by ../test.sh):
//   E2E_NODE_MODULES   node_modules holding playwright-core (kept outside the Go module)
//   GOGRAD_ARTIFACTS   where screenshots and server logs go
//   GOGRAD_CHROMIUM    the browser (default /usr/bin/chromium)
//   GOGRAD_PYTHON      Debian's python (default /usr/bin/python3)

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { KERNELS } from './cells.mjs';

export const PYTHON = process.env.GOGRAD_PYTHON || '/usr/bin/python3';
export const ARTIFACTS = process.env.GOGRAD_ARTIFACTS || fs.mkdtempSync(path.join(os.tmpdir(), 'gograd-e2e-'));
fs.mkdirSync(ARTIFACTS, { recursive: true });

const require = createRequire(path.join(process.env.E2E_NODE_MODULES || '.', 'x.js'));
const { chromium } = require('playwright-core');

// REPO_DIR is the gograd checkout whose notebooks the tests open.
export const REPO_DIR = process.env.REPO_DIR || path.resolve(import.meta.dirname, '../../..');

// kernelArg reads the scripts' `--kernel NAME` (default gograd) and returns the
// name with its settings from cells.mjs.
export function kernelArg() {
  const i = process.argv.indexOf('--kernel');
  const kernelName = i >= 0 ? process.argv[i + 1] : 'gograd';
  const K = KERNELS[kernelName];
  if (!K) throw new Error(`unknown kernel ${kernelName}`);
  return { kernelName, K };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// startServer runs `argv` (a Jupyter server command line without port
// options), waits until `readyPath` answers, and returns {url, stop()}.
// The server's output goes to ARTIFACTS/<name>-server.log.
export async function startServer({ name, argv, env, readyPath, portFlag }) {
  const port = await freePort();
  const log = fs.openSync(path.join(ARTIFACTS, `${name}-server.log`), 'w');
  const args = [...argv.slice(1), `${portFlag}=${port}`];
  const child = spawn(argv[0], args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', log, log],
    detached: true // its own process group, so stop() reaches the kernels too
  });
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) {
      throw new Error(`${name} server exited early (${JSON.stringify(exited)}); see ${name}-server.log`);
    }
    try {
      const res = await fetch(base + readyPath);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`${name} server did not answer ${readyPath} within 60 s`);
    }
    await sleep(250);
  }
  return {
    url: base,
    async stop() {
      // Shut kernels down through the API first: a server sent SIGTERM while
      // a kernel runs was seen to hang.
      try {
        const kernels = await (await fetch(base + '/api/kernels')).json();
        await Promise.all(kernels.map((k) => fetch(`${base}/api/kernels/${k.id}`, { method: 'DELETE' })));
      } catch {
        // server already gone
      }
      if (exited) return;
      const gone = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const t = await Promise.race([gone.then(() => 'exit'), sleep(10_000).then(() => 'timeout')]);
      if (t === 'timeout') {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // raced with exit
        }
      }
    }
  };
}

// launchBrowser starts Debian's chromium with a fresh profile directory.
export async function launchBrowser() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gograd-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.GOGRAD_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run'
    ]
  });
  const page = context.pages()[0] || (await context.newPage());
  const consoleErrors = [];
  // Each error with where it came from (the script's URL and line, or the
  // exception's stack), so a failure can be traced from the artifacts alone.
  // An Error logged as an argument keeps its stack in the page; the first one
  // of each message text is fetched (later repeats add nothing).
  const stacked = new Set();
  page.on('console', async (msg) => {
    if (msg.type() !== 'error') return;
    const at = msg.location();
    let line = `${msg.text()}${at && at.url ? ` (at ${at.url.replace(/^.*\//, '')}:${at.lineNumber})` : ''}`;
    const index = consoleErrors.push(line) - 1;
    if (stacked.has(msg.text())) return;
    stacked.add(msg.text());
    for (const arg of msg.args()) {
      const stack = await arg.evaluate((v) => (v instanceof Error ? v.stack : null)).catch(() => null);
      if (stack) {
        consoleErrors[index] = `${line}\n${stack}`;
        break;
      }
    }
  });
  page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.stack || err.message}`));
  return {
    context,
    page,
    consoleErrors,
    async close() {
      await context.close().catch(() => {});
      fs.rmSync(profile, { recursive: true, force: true });
    }
  };
}

// Steps runs named test steps in order. A step is an async function; it
// fails by throwing. After each step a screenshot NN-name.png is saved.
export class Steps {
  constructor(suite, page) {
    this.suite = suite;
    this.page = page;
    this.results = [];
    this.n = 0;
  }

  async run(name, fn, { timeout = 120_000, required = false } = {}) {
    const start = Date.now();
    let error = null;
    let timer;
    if (this.hung) {
      // page.evaluate has no timeout of its own: once the page's main thread
      // is stuck, every later step would wait for it forever.
      error = new Error(`not run: the page stopped responding during "${this.hung}"`);
    } else try {
      await Promise.race([
        fn(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${timeout / 1000} s`)), timeout);
        })
      ]);
    } catch (err) {
      error = err;
    } finally {
      clearTimeout(timer);
    }
    if (error && this.page && !this.hung) {
      const alive = await Promise.race([this.page.evaluate(() => true).catch(() => true), sleep(10_000).then(() => false)]);
      if (!alive) this.hung = name;
    }
    const secs = ((Date.now() - start) / 1000).toFixed(1);
    this.n += 1;
    const shot = `${this.suite}-${String(this.n).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '-')}.png`;
    if (this.page) {
      // A hung page must not hang the run: screenshots give up after 15 s.
      await this.page.screenshot({ path: path.join(ARTIFACTS, shot), timeout: 15_000 }).catch(() => {});
    }
    this.results.push({ name, ok: !error, secs, error: error && String(error.stack || error) });
    const status = error ? 'FAIL' : 'ok  ';
    console.log(`${status} ${this.suite}: ${name} (${secs} s)${error ? `\n     ${String(error.message || error).split('\n').join('\n     ')}` : ''}`);
    if (error && required) {
      throw new Error(`required step "${name}" failed`);
    }
    return !error;
  }

  get failed() {
    return this.results.filter((r) => !r.ok);
  }

  summary() {
    const failed = this.failed;
    console.log(`${this.suite}: ${this.results.length - failed.length}/${this.results.length} steps passed; screenshots in ${ARTIFACTS}`);
    fs.writeFileSync(path.join(ARTIFACTS, `${this.suite}-results.json`), JSON.stringify(this.results, null, 2));
    return failed.length === 0;
  }
}

// runSuite is the frame of a browser test script: it starts the Jupyter
// server (startServer's options; --allow-root is added when running as root),
// launches the browser, runs scenario({page, steps, server, senv}) and cleans
// up however it ends: server, browser, the temporary Jupyter directories, on
// a signal too. The page's console errors go to ARTIFACTS/<suite>-console-
// errors.txt. The process exits 0 when scenario returns true.
export function runSuite(suite, serverOptions, scenario) {
  const run = async (senv) => {
    const isRoot = process.getuid && process.getuid() === 0;
    const { argv, env } = serverOptions(senv);
    const server = await startServer({
      name: suite,
      argv: [...argv, ...(isRoot ? ['--allow-root'] : [])],
      env: { ...senv.env, ...env },
      readyPath: '/api',
      portFlag: '--port'
    });
    const browser = await launchBrowser();
    const { page } = browser;
    onSignal(async () => {
      await browser.close();
      await server.stop();
    });
    try {
      return await scenario({ page, steps: new Steps(suite, page), server, senv });
    } finally {
      await browser.close();
      await server.stop();
      if (browser.consoleErrors.length) {
        fs.writeFileSync(path.join(ARTIFACTS, `${suite}-console-errors.txt`), browser.consoleErrors.join('\n'));
      }
    }
  };
  const senv = serverEnv();
  run(senv)
    .finally(() => fs.rmSync(senv.tmp, { recursive: true, force: true }))
    .then(
      (ok) => process.exit(ok ? 0 : 1),
      (err) => {
        console.error(`FAIL ${suite}: ${err.stack || err}`);
        process.exit(1);
      }
    );
}

// onSignal runs cleanup (stop the server and the browser: both run in their
// own process groups) when the test is interrupted or timed out by a caller.
export function onSignal(cleanup) {
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, async () => {
      console.error(`interrupted by ${sig}: cleaning up`);
      await Promise.race([cleanup(), sleep(20_000)]);
      process.exit(130);
    });
  }
}

export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

// waitFor polls fn (async, returns truthy when done) until timeout.
export async function waitFor(fn, { timeout = 60_000, interval = 200, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    }
    await sleep(interval);
  }
}

// serverEnv is the environment both servers share: the kernelspecs in
// JUPYTER_DATA_DIR (test.sh installs gograd's there) and throw-away config
// and runtime directories, so a developer's own Jupyter config cannot change
// what the test sees.
export function serverEnv() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gograd-jupyter-'));
  for (const d of ['config', 'runtime', 'root', 'settings', 'workspaces']) {
    fs.mkdirSync(path.join(tmp, d));
  }
  return {
    tmp,
    root: path.join(tmp, 'root'),
    env: {
      JUPYTER_CONFIG_DIR: path.join(tmp, 'config'),
      JUPYTER_RUNTIME_DIR: path.join(tmp, 'runtime'),
      GOGRAD_LAB_USER_SETTINGS: path.join(tmp, 'settings'),
      GOGRAD_LAB_WORKSPACES: path.join(tmp, 'workspaces')
    }
  };
}

// notebooksToRun lists the project's ported notebooks (notebooks/*.ipynb).
export function portedNotebooks(repoDir) {
  const dir = path.join(repoDir, 'notebooks');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ipynb'))
    .sort()
    .map((f) => path.join(dir, f));
}

// expectedErrorCells returns the indices of code cells whose saved outputs
// contain an error: a tutorial may show an error on purpose (PyTorch's own
// notebooks do), and the ported notebook keeps it.
export function expectedErrorCells(nbPath) {
  const nb = JSON.parse(fs.readFileSync(nbPath, 'utf8'));
  const idx = [];
  nb.cells.forEach((c, i) => {
    if (c.cell_type === 'code' && (c.outputs || []).some((o) => o.output_type === 'error')) idx.push(i);
  });
  return idx;
}
