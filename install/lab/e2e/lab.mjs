// JupyterLab end-to-end test: a real JupyterLab 4 (built by ../lib.sh) served
// by Debian's jupyter_server, driven in Debian's headless chromium.
//
//   node lab.mjs --kernel gograd|python3
//
// It types cells into a new notebook the way a person would and checks what a
// person would see: the tensor text, rendered plot and graph images, a
// progress bar that ends at 100% in one output, Go highlighting, completion,
// the Shift+Tab tooltip, the toolbar's interrupt and restart buttons; then it
// runs every ported notebook in notebooks/. In every computation graph shown
// (the graph step's, and the notebooks'), each label line must lie inside its
// box as this browser draws the text (labpage.mjs's graphLabelFit; the
// measurements go to <suite>-graph-labels-<notebook>.json). Screenshots go to
// GOGRAD_ARTIFACTS.
//
// Environment: GOGRAD_LAB_BUILD (the build), REPO_DIR, plus harness.mjs's.

import fs from 'node:fs';
import path from 'node:path';

import {
  ARTIFACTS,
  REPO_DIR,
  assert,
  expectedErrorCells,
  kernelArg,
  portedNotebooks,
  runSuite,
  sleep,
  waitFor
} from './harness.mjs';
import {
  assertGraphLabelsFit,
  assertNoError,
  checkKernelspec,
  clearCell,
  graphLabelFit,
  labServer,
  loadLab,
  newNotebook,
  nbState,
  resultText,
  runCell,
  runForImages,
  settleForTab,
  shutdownKernels,
  textOf,
  typeInNewCell,
  waitDone,
  waitIdle
} from './labpage.mjs';

const { kernelName, K } = kernelArg();
const suite = `lab-${kernelName}`;

// debugLoop uses JupyterLab's debugger as a person would: turn it on with
// the notebook toolbar's bug button, click the gutter of a loop's line to
// set a breakpoint, run the cell, read the call stack and the variables
// panel (a tensor among them), then continue until the cell ends.
const debugCell = [
  'dw := autograd.New([]float32{1, 2, 3}, autograd.RequiresGrad)',
  'dw.Mul(dw).Sum().Backward()',
  'acc := 0.0',
  'for i := 0; i < 3; i++ {',
  '\tacc += float64(i)',
  '}',
  'acc'
].join('\n');
const debugLine = 5; // acc += float64(i)

async function debugLoop(page) {
  const bug = page.locator('.jp-NotebookPanel-toolbar .jp-DebuggerBugButton');
  await bug.waitFor({ timeout: 30_000 });
  // The debug replies the page receives: a breakpoint counts once the
  // kernel has answered its setBreakpoints (a person clicking and then
  // running takes longer than that round trip; a test does not).
  await page.evaluate(() => {
    window.__gogradDebugReplies = [];
    window.__gogradStops = 0;
    const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
    kernel.anyMessage.connect((_, m) => {
      if (m.direction === 'recv' && m.msg.header.msg_type === 'debug_reply') window.__gogradDebugReplies.push(m.msg.content);
      if (m.direction === 'recv' && m.msg.header.msg_type === 'debug_event' && m.msg.content.event === 'stopped') window.__gogradStops += 1;
    });
  });
  const index = await typeInNewCell(page, debugCell);
  await page.keyboard.press('Escape');
  await waitFor(
    () => page.evaluate(() => {
      const b = document.querySelector('.jp-NotebookPanel-toolbar .jp-DebuggerBugButton');
      return b && !b.querySelector('[aria-disabled="true"]') && b.getAttribute('aria-disabled') !== 'true';
    }),
    { timeout: 30_000, what: 'the bug button to be enabled' }
  );
  await bug.click();
  await waitFor(
    () => page.evaluate(() => window.__gogradDebugReplies.some((c) => c.command === 'attach' && c.success)),
    { timeout: 30_000, what: 'the debugger to attach' }
  );
  await waitFor(
    () => page.evaluate(() => !!document.querySelector('.jp-Notebook .jp-Cell.jp-mod-active .cm-breakpoint-gutter')),
    { timeout: 30_000, what: 'the breakpoint gutter (debugger on)' }
  );
  // Click the gutter beside the loop's body line.
  const line = page.locator('.jp-Notebook .jp-Cell.jp-mod-active .cm-line').nth(debugLine - 1);
  const lineBox = await line.boundingBox();
  const gutterBox = await page.locator('.jp-Notebook .jp-Cell.jp-mod-active .cm-gutter.cm-breakpoint-gutter').boundingBox();
  assert(lineBox && gutterBox, 'no line or gutter to click');
  await page.mouse.click(gutterBox.x + gutterBox.width / 2, lineBox.y + lineBox.height / 2);
  await waitFor(
    () => page.evaluate(() => document.querySelectorAll('.jp-Notebook .jp-Cell.jp-mod-active .cm-breakpoint-icon').length === 1),
    { timeout: 15_000, what: 'a breakpoint marker in the gutter' }
  );
  const placed = await waitFor(
    () =>
      page.evaluate((line) => {
        const r = window.__gogradDebugReplies.find((c) => c.command === 'setBreakpoints' && c.body.breakpoints.some((b) => b.line === line));
        return r && r.body;
      }, debugLine),
    { timeout: 15_000, what: "the kernel's setBreakpoints reply" }
  );
  assert(placed.breakpoints.every((b) => b.verified), `breakpoints not verified: ${JSON.stringify(placed)}`);
  // Run it: select the cell (its prompt) and press Shift+Enter.
  await page.locator('.jp-Notebook .jp-Cell').nth(index).locator('.jp-InputPrompt').click();
  await page.keyboard.press('Shift+Enter');
  // Stopped: the call stack shows the cell's frame at the loop's line.
  const frames = await waitFor(
    () =>
      page.evaluate(() => {
        const names = [...document.querySelectorAll('.jp-DebuggerCallstackFrame-name')].map((e) => e.textContent);
        const where = [...document.querySelectorAll('.jp-DebuggerCallstackFrame-location')].map((e) => e.textContent);
        return names.length ? { names, where } : null;
      }),
    { timeout: 60_000, what: 'a frame in the call stack panel' }
  );
  fs.writeFileSync(path.join(ARTIFACTS, `${suite}-debugger-callstack.json`), JSON.stringify(frames, null, 2));
  assert(frames.names[0] === '<cell>', `top frame ${frames.names[0]}, want <cell>`);
  assert(frames.where[0].endsWith(`:${debugLine}`), `top frame at ${frames.where[0]}, want line ${debugLine}`);
  // The variables panel shows the frame's locals (the loop's i), and in
  // its Globals scope the tensor, with its PyTorch text and type.
  const shownVariables = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('.jp-DebuggerVariables .jp-TreeItem')].map((e) => [
        e.querySelector('.jp-DebuggerVariables-name')?.textContent,
        e.querySelector('.jp-DebuggerVariables-detail')?.textContent
      ])
    );
  await waitFor(async () => (await shownVariables()).some(([n, v]) => n === 'i' && v === '0'), {
    timeout: 30_000,
    what: 'the local i = 0 in the variables panel'
  });
  await page.locator('select[aria-label="Scope"]').selectOption('Globals');
  // JupyterLab's tree shows a Go value's type beside its name (values only
  // for Python's int, float, bool and str): the tensor shows its shape and
  // dtype, and expands to its values and gradient.
  await waitFor(async () => (await shownVariables()).some(([n, v]) => n === 'dw' && v === 'Tensor [3] torch.float32'), {
    timeout: 30_000,
    what: 'the tensor dw in the Globals of the variables panel'
  });
  await page.locator('.jp-DebuggerVariables jp-tree-item', { hasText: 'dw' }).first().click();
  await page.keyboard.press('ArrowRight');
  const vars = await waitFor(
    async () => {
      const list = await shownVariables();
      const names = list.map(([n]) => n);
      return ['shape', 'dtype', 'requires_grad', 'grad', 'values'].every((n) => names.includes(n)) ? list : null;
    },
    { timeout: 30_000, what: "the tensor's children (shape, dtype, requires_grad, grad, values)" }
  );
  await page.screenshot({ path: path.join(ARTIFACTS, `${suite}-debugger-stopped.png`), timeout: 15_000 }).catch(() => {});
  fs.writeFileSync(path.join(ARTIFACTS, `${suite}-debugger-variables.json`), JSON.stringify(vars));
  assert(vars.some(([n, v]) => n === 'requires_grad' && v === 'true'), `requires_grad: ${JSON.stringify(vars)}`);
  assert(vars.some(([n, v]) => n === 'grad' && v === 'Tensor [3] torch.float32'), `grad: ${JSON.stringify(vars)}`);
  const cont = page.locator('jp-button[data-command="debugger:continue"]');
  // Continue: the breakpoint holds once per iteration (three stops, as
  // many stopped events), then the cell ends.
  let cell;
  try {
    for (let n = 1; n <= 3; n++) {
      await waitFor(
        () => page.evaluate((k) => window.__gogradStops >= k && document.querySelectorAll('.jp-DebuggerCallstackFrame-name').length > 0, n),
        { timeout: 30_000, what: `stop ${n} of 3` }
      );
      // A click that lands while JupyterLab is still updating its panels for
      // the stop can be lost: click again until the kernel has answered this
      // stop's continue. The wait between clicks is far above a reply's round
      // trip, so that a slow reply is not taken for a lost click (a second
      // continue would run past the next stop).
      const replied = () =>
        page.evaluate((k) => window.__gogradDebugReplies.filter((c) => c.command === 'continue').length >= k, n);
      for (let attempt = 1; ; attempt++) {
        await cont.click({ timeout: 5_000 }).catch(() => {});
        try {
          await waitFor(replied, { timeout: 8_000, what: `the kernel's reply to continue ${n}` });
          break;
        } catch (e) {
          if (attempt === 4) throw e;
        }
      }
    }
    cell = await waitDone(page, index, 60_000);
  } catch (e) {
    // Leave no kernel paused behind a failed step: turning the debugger off
    // detaches it, and the kernel runs on, so the next steps test themselves.
    await bug.click().catch(() => {});
    throw e;
  }
  assertNoError(cell);
  assert(resultText(cell.outputs) === '3', `the cell shows ${JSON.stringify(textOf(cell.outputs))}, want 3`);
  // Debugger off again: the next steps run cells as usual.
  await bug.click();
  await waitFor(() => page.evaluate(() => !document.querySelector('.jp-Notebook .cm-breakpoint-gutter')), {
    timeout: 30_000,
    what: 'the debugger to turn off'
  });
}

// ---- the test ---------------------------------------------------------------

async function scenario({ page, steps, server, senv }) {
  await steps.run('page loads and JupyterLab starts', () => loadLab(page, server.url), { required: true });

  await steps.run(`kernelspec "${K.displayName}" is offered`, () => checkKernelspec(page, kernelName, K.displayName), { required: true });

  await steps.run('create a notebook on the kernel', () => newNotebook(page, kernelName), { required: true, timeout: 180_000 });

  await steps.run('tensor prints as PyTorch prints it', async () => {
    const cell = await runCell(page, K.tensor.code);
    assertNoError(cell);
    const text = resultText(cell.outputs);
    assert(text === K.tensor.text, `got ${JSON.stringify(text)}, want ${JSON.stringify(K.tensor.text)}; outputs: ${JSON.stringify(textOf(cell.outputs))}`);
    const shown = await page.evaluate(
      (i) => [...window.jupyterapp.shell.currentWidget.content.widgets[i].node.querySelectorAll('.jp-OutputArea-output[data-mime-type="text/plain"]')].map((o) => o.textContent.trim()),
      cell.index
    );
    assert(shown.includes(K.tensor.text), `page shows ${JSON.stringify(shown)}`);
  });

  if (kernelName === 'gograd') {
    await steps.run('debugger: breakpoint in a loop, call stack, tensor variable, continue', () => debugLoop(page), { timeout: 240_000 });
  }

  await steps.run('plot of sin and its derivative renders', async () => {
    await runForImages(page, K.plot.code, 100);
  });

  await steps.run('computation graph renders', async () => {
    const cell = await runForImages(page, K.graph.code, 20);
    const svg = cell.outputs.map((o) => [].concat((o.data || {})['image/svg+xml'] || '').join('')).join('');
    if (svg) {
      assert(/<g id="graph0"|class="graph"/.test(svg), 'the SVG is not a graphviz graph');
      // Each label line inside its box, as this browser draws the text.
      const fit = await assertGraphLabelsFit(page, cell.index);
      assert(fit.graphs === 1 && fit.nodes > 0, `measured ${fit.graphs} graphs with ${fit.nodes} nodes, want the one drawn`);
    }
  });

  await steps.run('progress bar ends at 100% in a single output', async () => {
    const cell = await runCell(page, K.progress.code);
    assertNoError(cell);
    const shown = await page.evaluate((i) => {
      const node = window.jupyterapp.shell.currentWidget.content.widgets[i].node;
      return [...node.querySelectorAll('.jp-OutputArea-output')].map((o) => o.textContent);
    }, cell.index);
    assert(cell.outputs.length === 1, `${cell.outputs.length} outputs, want 1: ${JSON.stringify(textOf(cell.outputs))}`);
    assert(shown.length === 1, `${shown.length} output areas shown, want 1`);
    assert(/100\s*%/.test(shown[0]), `last state ${JSON.stringify(shown[0])} does not show 100%`);
  });

  await steps.run(`syntax highlighting (${K.mimeType})`, async () => {
    const index = await typeInNewCell(page, K.highlight.code);
    // The language mode loads asynchronously; give it a moment.
    const info = await waitFor(
      () =>
        page.evaluate(
          ({ i, keyword }) => {
            const cell = window.jupyterapp.shell.currentWidget.content.widgets[i];
            const spans = [...cell.node.querySelectorAll('.cm-line span')];
            const kw = spans.find((s) => s.textContent === keyword);
            if (!kw) return null;
            const line = kw.closest('.cm-line');
            return {
              mime: cell.model.mimeType,
              cls: kw.className,
              kwColor: getComputedStyle(kw).color,
              lineColor: getComputedStyle(line).color,
              html: line.innerHTML.slice(0, 400)
            };
          },
          { i: index, keyword: K.highlight.keyword }
        ),
      { timeout: 15_000, what: `a highlighted "${K.highlight.keyword}" token` }
    );
    fs.writeFileSync(path.join(ARTIFACTS, `${suite}-highlight.json`), JSON.stringify(info, null, 2));
    assert(info.mime === K.mimeType, `cell mime type ${info.mime}, want ${K.mimeType}`);
    assert(info.cls, 'keyword span has no class');
    assert(info.kwColor !== info.lineColor, `keyword colour ${info.kwColor} equals plain text colour`);
    await clearCell(page, index, 1);
  });

  await steps.run('Tab completion offers the methods', async () => {
    const setup = await runCell(page, K.completeSetup);
    assertNoError(setup);
    const index = await typeInNewCell(page, K.completePrefix);
    await settleForTab(page);
    await page.keyboard.press('Tab');
    // The completer renders long lists in batches: read it once it stops growing.
    let previous = -1;
    const items = await waitFor(
      async () => {
        const list = await page.evaluate(() => {
          const c = document.querySelector('.jp-Completer:not(.lm-mod-hidden)');
          return c ? [...c.querySelectorAll('.jp-Completer-item .jp-Completer-match')].map((e) => e.textContent) : [];
        });
        const stable = list.length > 0 && list.length === previous;
        previous = list.length;
        return stable ? list : null;
      },
      { timeout: 20_000, interval: 700, what: 'the completer' }
    );
    fs.writeFileSync(path.join(ARTIFACTS, `${suite}-completions.json`), JSON.stringify(items, null, 2));
    await page.screenshot({ path: path.join(ARTIFACTS, `${suite}-completer-open.png`), timeout: 15_000 }).catch(() => {});
    for (const m of K.completeMust) {
      assert(items.some((i) => i === m || i.startsWith(m + '(')), `completion lacks ${m}; offered ${items.slice(0, 30).join(', ')}`);
    }
    await clearCell(page, index, 2);
  });

  await steps.run('Shift+Tab shows documentation (tooltip)', async () => {
    const index = await typeInNewCell(page, K.inspectCode);
    await settleForTab(page);
    await page.keyboard.press('Shift+Tab');
    const text = await waitFor(
      () =>
        page.evaluate(() => {
          const t = document.querySelector('.jp-Tooltip');
          return t && t.textContent.trim() ? t.textContent : null;
        }),
      { timeout: 20_000, what: 'the tooltip' }
    );
    fs.writeFileSync(path.join(ARTIFACTS, `${suite}-tooltip.txt`), text);
    await page.screenshot({ path: path.join(ARTIFACTS, `${suite}-tooltip-open.png`), timeout: 15_000 }).catch(() => {});
    assert(text.includes(K.inspectMust), `tooltip does not mention ${K.inspectMust}: ${text.slice(0, 200)}`);
    await clearCell(page, index, 2);
  });

  await steps.run("interrupt an endless loop with the toolbar's stop button", async () => {
    const index = await typeInNewCell(page, K.endless);
    await page.keyboard.press('Shift+Enter');
    await waitFor(async () => (await nbState(page)).status === 'busy', { timeout: 30_000, what: 'kernel busy' });
    await sleep(1500);
    assert((await nbState(page)).status === 'busy', 'the endless loop ended by itself');
    await page.locator('.jp-NotebookPanel-toolbar [data-command="notebook:interrupt-kernel"]').click();
    const cell = await waitDone(page, index, 30_000);
    const err = cell.outputs.find((o) => o.output_type === 'error');
    fs.writeFileSync(path.join(ARTIFACTS, `${suite}-interrupt.json`), JSON.stringify(cell.outputs, null, 2));
    assert(err, 'the interrupted cell shows no error');
    const next = await runCell(page, K.afterInterrupt.code);
    assertNoError(next);
    assert(resultText(next.outputs) === K.afterInterrupt.text, `after interrupt got ${JSON.stringify(textOf(next.outputs))}`);
  });

  await steps.run("restart the kernel with the toolbar's button and run again", async () => {
    await page.evaluate(() => {
      window.__gogradStatuses = [];
      const ctx = window.jupyterapp.shell.currentWidget.sessionContext;
      ctx.statusChanged.connect((_, s) => window.__gogradStatuses.push(s));
      ctx.connectionStatusChanged.connect((_, s) => window.__gogradStatuses.push(`connection:${s}`));
    });
    await page.locator('.jp-NotebookPanel-toolbar [data-command="notebook:restart-kernel"]').click();
    await page.locator('.jp-Dialog .jp-mod-accept').click();
    // Done when, after "restarting", the client has reconnected (to the new
    // kernel) and the kernel is idle. Until the reconnection the old kernel's
    // channels are still open: statuses from its shutdown arrive, and a cell
    // sent then would run in the old state.
    await waitFor(
      () =>
        page.evaluate(() => {
          const st = window.__gogradStatuses;
          const r = st.findIndex((s) => s === 'restarting' || s === 'autorestarting');
          if (r < 0) return false;
          const c = st.indexOf('connection:connected', r + 1);
          return c >= 0 && st.slice(c + 1).includes('idle') ||
            (c >= 0 && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle');
        }),
      { timeout: 60_000, what: 'the kernel to restart and become idle' }
    );
    await waitIdle(page);
    // One round trip on the new connection before typing, as a person
    // would glance at the kernel indicator first.
    await page.evaluate(async () => {
      await window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.requestKernelInfo();
    });
    fs.writeFileSync(path.join(ARTIFACTS, `${suite}-restart-statuses.json`), JSON.stringify(await page.evaluate(() => window.__gogradStatuses)));
    const gone = await runCell(page, K.goneAfterRestart);
    assert(gone.outputs.some((o) => o.output_type === 'error'), `after restart, ${K.goneAfterRestart} still exists: ${JSON.stringify(textOf(gone.outputs))}`);
    const cell = await runCell(page, K.afterRestart.code);
    assertNoError(cell);
    assert(resultText(cell.outputs) === K.afterRestart.text, `after restart got ${JSON.stringify(textOf(cell.outputs))}`);
    assert(cell.count === 2, `execution count after restart is ${cell.count}, want 2`);
  });

  await steps.run('shut the kernel down', () => shutdownKernels(server.url));

  // Ported notebooks run on gograd only: they are Go.
  const notebooks = kernelName === 'gograd' ? portedNotebooks(REPO_DIR) : [];
  if (kernelName === 'gograd' && notebooks.length === 0) {
    await steps.run('ported notebooks exist in notebooks/', async () => {
      throw new Error('no notebooks/*.ipynb to run');
    });
  }
  for (const nbPath of notebooks) {
    const name = path.basename(nbPath);
    await steps.run(`run all cells of ${name}`, () => runNotebook(page, senv, server, nbPath), { timeout: 600_000 });
  }
  return steps.summary();
}

async function runNotebook(page, senv, server, nbPath) {
  const name = path.basename(nbPath);
  fs.copyFileSync(nbPath, path.join(senv.root, name));
  const allowedErrors = new Set(expectedErrorCells(nbPath));
  await page.evaluate(async (p) => {
    await window.jupyterapp.commands.execute('docmanager:open', { path: p, factory: 'Notebook' });
  }, name);
  await waitFor(async () => (await nbState(page))?.path === name, { what: `${name} to open` });
  await waitFor(async () => (await nbState(page))?.kernel === kernelName, { what: `${name} on ${kernelName}`, timeout: 60_000 });
  await waitIdle(page);
  await page.evaluate(() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs').then(() => null));
  // Run All queues every cell; after a failing cell the kernel aborts the
  // rest (stop_on_error), as ipykernel does. A tutorial's deliberate error
  // (one its saved outputs show) is expected: then run on from the next
  // cell, as a person would with "Run All Below".
  let st;
  for (let start = 0; ; ) {
    await page.evaluate(async (from) => {
      const app = window.jupyterapp;
      const nb = app.shell.currentWidget.content;
      nb.activeCellIndex = from;
      await app.commands.execute(from === 0 ? 'notebook:run-all-cells' : 'notebook:run-all-below');
    }, start);
    // Done when the kernel has been idle with no cell pending for a while.
    let quiet = 0;
    await waitFor(
      async () => {
        st = await nbState(page);
        const pending = st.cells.some((c) => c.type === 'code' && c.prompt.includes('*'));
        quiet = !pending && st.status === 'idle' ? quiet + 1 : 0;
        return quiet >= 4;
      },
      { timeout: 540_000, interval: 500, what: `${name} to finish` }
    );
    const failed = st.cells.findIndex((c, i) => i >= start && c.outputs.some((o) => o.output_type === 'error'));
    if (failed < 0 || !allowedErrors.has(failed) || failed + 1 >= st.cells.length) break;
    start = failed + 1;
  }
  const problems = [];
  // Each cell must have run once, in order: execution counts increase.
  let last = { i: -1, count: 0 };
  st.cells.forEach((c, i) => {
    if (c.type !== 'code' || c.source.trim() === '') return;
    if (c.count === null) problems.push(`cell ${i} did not run`);
    if (c.count !== null) {
      if (c.count <= last.count) problems.push(`cell ${i} ran as [${c.count}], before cell ${last.i} [${last.count}]`);
      last = { i, count: c.count };
    }
    for (const o of c.outputs) {
      if (o.output_type === 'error' && !allowedErrors.has(i)) problems.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
    }
  });
  // The computation graphs (torchviz pictures): every label line inside its
  // box as this browser draws it, in each graph the saved notebook shows.
  const saved = savedGraphCount(nbPath);
  const fit = await graphLabelFit(page);
  fs.writeFileSync(path.join(ARTIFACTS, `${suite}-graph-labels-${name.replace(/\W+/g, '-')}.json`), JSON.stringify(fit, null, 2));
  if (fit.graphs < saved) problems.push(`${fit.graphs} graphs measured in the page, the saved notebook shows ${saved}`);
  for (const o of fit.overflows) {
    problems.push(`cell ${o.cell}: graph node ${o.node}: label line ${JSON.stringify(o.text)} (${o.font}) spans [x y w h] ${o.textBox.join(' ')}, outside its box ${o.shapeBox.join(' ')}`);
  }
  // Screenshot the first rendered image, if any, for the artifacts.
  await page.evaluate(() => {
    const img = window.jupyterapp.shell.currentWidget.node.querySelector('.jp-OutputArea-output img');
    if (img) img.scrollIntoView({ block: 'center' });
  });
  await page.screenshot({ path: path.join(ARTIFACTS, `${suite}-notebook-${name.replace(/\W+/g, '-')}.png`), timeout: 15_000 }).catch(() => {});
  await shutdownKernels(server.url);
  assert(problems.length === 0, problems.join('\n'));
}

// savedGraphCount is how many Graphviz pictures the notebook file's outputs hold.
function savedGraphCount(nbPath) {
  const nb = JSON.parse(fs.readFileSync(nbPath, 'utf8'));
  let n = 0;
  for (const c of nb.cells) {
    for (const o of c.outputs || []) {
      const svg = [].concat((o.data || {})['image/svg+xml'] || '').join('');
      if (/class="graph"/.test(svg) && /class="node"/.test(svg)) n += 1;
    }
  }
  return n;
}

runSuite(suite, labServer, scenario);
