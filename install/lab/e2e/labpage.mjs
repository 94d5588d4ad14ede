// What the JupyterLab browser tests do in the page, through window.jupyterapp:
// read a notebook's state, type and run cells, look at rendered images, shut
// kernels down; and the command line of the JupyterLab server they drive.
// lab.mjs and widgets.mjs share these.

import fs from 'node:fs';
import path from 'node:path';

import { PYTHON, assert, sleep, waitFor } from './harness.mjs';

// nbState returns what the test needs to know about the current notebook.
export async function nbState(page) {
  return page.evaluate(() => {
    if (!window.gogradLoaded) throw new Error('the page reloaded after JupyterLab had started (see loadLab)');
    const panel = window.jupyterapp.shell.currentWidget;
    if (!panel || !panel.content || !panel.sessionContext) return null;
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    return {
      path: panel.context.path,
      kernel: kernel ? kernel.name : null,
      status: kernel ? kernel.status : null,
      active: panel.content.activeCellIndex,
      cells: panel.content.widgets.map((c) => ({
        type: c.model.type,
        source: c.model.sharedModel.getSource(),
        count: c.model.type === 'code' ? c.model.executionCount : null,
        prompt: c.promptNode ? c.promptNode.textContent : '',
        outputs: c.model.type === 'code' ? c.model.outputs.toJSON() : []
      }))
    };
  });
}

export async function waitIdle(page, what = 'kernel idle', timeout = 120_000) {
  await waitFor(async () => (await nbState(page))?.status === 'idle', { timeout, what });
}

// typeInNewCell makes the last cell active, empty and in edit mode, clicks
// its editor and types code. insertText, not key presses: CodeMirror would
// auto-close brackets typed one key at a time. Returns the cell index.
export async function typeInNewCell(page, code) {
  const index = await page.evaluate(async () => {
    const app = window.jupyterapp;
    const nb = app.shell.currentWidget.content;
    nb.mode = 'command';
    nb.activeCellIndex = nb.widgets.length - 1;
    const last = nb.widgets[nb.widgets.length - 1];
    if (last.model.type !== 'code' || last.model.sharedModel.getSource() !== '' || last.model.outputs.length > 0 || last.model.executionCount !== null) {
      await app.commands.execute('notebook:insert-cell-below');
    }
    nb.activeCellIndex = nb.widgets.length - 1;
    nb.activeCell.node.scrollIntoView({ block: 'center' });
    return nb.widgets.length - 1;
  });
  const editor = page.locator('.jp-Notebook .jp-Cell.jp-mod-active .cm-content');
  await editor.click();
  await page.keyboard.insertText(code);
  return index;
}

// runCell types code into a new cell, runs it with Shift+Enter and waits for
// the execution to finish. Returns the finished cell's state.
export async function runCell(page, code, { timeout = 120_000 } = {}) {
  const index = await typeInNewCell(page, code);
  await page.keyboard.press('Shift+Enter');
  return waitDone(page, index, timeout);
}

export async function waitDone(page, index, timeout = 120_000) {
  let cell;
  await waitFor(
    async () => {
      const st = await nbState(page);
      cell = st.cells[index];
      return cell.count !== null && !cell.prompt.includes('*') && st.status === 'idle';
    },
    { timeout, what: `cell ${index} to finish` }
  );
  return { index, ...cell };
}

export function textOf(outputs) {
  return outputs
    .map((o) => {
      if (o.output_type === 'stream') return [].concat(o.text).join('');
      if (o.output_type === 'error') return `${o.ename}: ${o.evalue}`;
      const d = o.data || {};
      return [].concat(d['text/plain'] || '').join('');
    })
    .join('\n');
}

// resultText is the cell's value as the kernel returned it (execute_result),
// apart from anything printed on the way (a library's warning, say).
export function resultText(outputs) {
  const r = outputs.find((o) => o.output_type === 'execute_result');
  return r ? [].concat(r.data['text/plain'] || '').join('') : null;
}

export function assertNoError(cell) {
  const err = cell.outputs.find((o) => o.output_type === 'error');
  assert(!err, `cell ${cell.index} raised ${err && `${err.ename}: ${err.evalue}`}`);
}

// renderedImages returns the images shown in a cell's output area with their
// natural size: a broken image has size 0.
export async function renderedImages(page, index) {
  return page.evaluate(async (i) => {
    const cell = window.jupyterapp.shell.currentWidget.content.widgets[i];
    const imgs = [...cell.node.querySelectorAll('.jp-OutputArea-output img')];
    await Promise.all(imgs.map((img) => (img.complete ? null : new Promise((r) => img.addEventListener('load', r, { once: true })))));
    cell.node.scrollIntoView({ block: 'start' });
    return imgs.map((img) => ({
      mime: img.closest('[data-mime-type]')?.getAttribute('data-mime-type'),
      width: img.naturalWidth,
      height: img.naturalHeight
    }));
  }, index);
}

// graphLabelFit measures the Graphviz pictures (computation graphs) shown in
// the current notebook as the browser draws them, and returns
// {graphs, nodes, overflows}: every text line of a node whose box, by
// getBBox, is not inside its shape's box. JupyterLab shows an SVG output as an
// <img> of a data URL, whose inside the page cannot measure; each picture is
// put, the same SVG text, into an iframe of its own, where neither the page's
// CSS nor its fonts reach it, as in the <img>, and measured there.
// cellIndex limits it to one cell's outputs.
export async function graphLabelFit(page, cellIndex = null) {
  return page.evaluate(async (only) => {
    const nb = window.jupyterapp.shell.currentWidget.content;
    const frame = document.createElement('iframe');
    frame.style.cssText = 'position:fixed;left:0;top:0;width:8000px;height:8000px;border:0;visibility:hidden';
    document.body.appendChild(frame);
    const doc = frame.contentDocument;
    doc.open();
    doc.write('<!DOCTYPE html><html><body style="margin:0"></body></html>');
    doc.close();
    await doc.fonts.ready;
    const prefix = 'data:image/svg+xml,';
    const result = { graphs: 0, nodes: 0, overflows: [] };
    try {
      nb.widgets.forEach((cell, index) => {
        if (only !== null && index !== only) return;
        for (const img of cell.node.querySelectorAll('.jp-OutputArea-output img')) {
          if (!img.src.startsWith(prefix)) continue;
          const svgText = decodeURIComponent(img.src.slice(prefix.length));
          const parsed = new DOMParser().parseFromString(svgText, 'image/svg+xml');
          const svg = parsed.documentElement;
          if (svg.nodeName !== 'svg' || !svg.querySelector('g.graph g.node')) continue; // a plot, not a graph
          const shown = doc.importNode(svg, true);
          doc.body.replaceChildren(shown);
          result.graphs += 1;
          for (const node of shown.querySelectorAll('g.node')) {
            const shape = node.querySelector('polygon, ellipse, path');
            if (!shape) continue;
            result.nodes += 1;
            const s = shape.getBBox();
            for (const text of node.querySelectorAll('text')) {
              const b = text.getBBox();
              const eps = 0.01;
              if (b.x < s.x - eps || b.y < s.y - eps || b.x + b.width > s.x + s.width + eps || b.y + b.height > s.y + s.height + eps) {
                const r = (v) => Math.round(v * 10) / 10;
                result.overflows.push({
                  cell: index,
                  node: node.querySelector('title')?.textContent,
                  text: text.textContent,
                  font: frame.contentWindow.getComputedStyle(text).fontFamily,
                  textBox: [r(b.x), r(b.y), r(b.width), r(b.height)],
                  shapeBox: [r(s.x), r(s.y), r(s.width), r(s.height)]
                });
              }
            }
          }
        }
      });
    } finally {
      frame.remove();
    }
    return result;
  }, cellIndex);
}

// assertGraphLabelsFit fails with the overflowing lines unless every graph
// label lies inside its box; it returns graphLabelFit's counts.
export async function assertGraphLabelsFit(page, cellIndex = null) {
  const fit = await graphLabelFit(page, cellIndex);
  const lines = fit.overflows.map(
    (o) => `cell ${o.cell} node ${o.node}: ${JSON.stringify(o.text)} in ${o.font} spans [x y w h] ${o.textBox.join(' ')}, box ${o.shapeBox.join(' ')}`
  );
  assert(lines.length === 0, `${lines.length} graph label lines overflow their boxes:\n${lines.join('\n')}`);
  return fit;
}

// runForImages runs code in a new cell and checks that it shows at least one
// image, each rendered larger than minSide pixels both ways. Returns the cell.
export async function runForImages(page, code, minSide) {
  const cell = await runCell(page, code);
  assertNoError(cell);
  const imgs = await renderedImages(page, cell.index);
  assert(imgs.length >= 1, `no image in the output (outputs: ${cell.outputs.map((o) => Object.keys(o.data || {}).join('+') || o.output_type).join(', ')})`);
  assert(imgs.every((i) => i.width > minSide && i.height > minSide), `image not rendered: ${JSON.stringify(imgs)}`);
  return cell;
}

// settleForTab waits until the editor has taken in the typed text: JupyterLab
// binds Tab to completion only once the editor is marked completer-enabled
// and not at a line's beginning, a moment after the text changes. A Tab
// pressed sooner indents instead (people do not type that fast).
export async function settleForTab(page) {
  await waitFor(
    () =>
      page.evaluate(() => !!document.querySelector('.jp-Notebook.jp-mod-editMode .jp-Cell.jp-mod-active .jp-mod-completer-enabled:not(.jp-mod-at-line-beginning)')),
    { timeout: 10_000, what: 'the editor to enable completion' }
  );
  await sleep(500);
}

// clearCell leaves a typed-in cell the way typeInNewCell finds it, for the
// next step to reuse: escapes press Escape (one closes a popup, the next
// leaves edit mode), then the cell's source is emptied.
export async function clearCell(page, index, escapes) {
  for (let n = 0; n < escapes; n++) await page.keyboard.press('Escape');
  await page.evaluate((i) => window.jupyterapp.shell.currentWidget.content.widgets[i].model.sharedModel.setSource(''), index);
}

// shutdownKernels shuts every session down through the REST API and waits
// until the server runs no kernel. The notebook tab stays open, so the next
// step finds the page as this one left it.
export async function shutdownKernels(serverUrl) {
  const sessions = await (await fetch(`${serverUrl}/api/sessions`)).json();
  for (const s of sessions) {
    const res = await fetch(`${serverUrl}/api/sessions/${s.id}`, { method: 'DELETE' });
    assert(res.ok, `DELETE session: ${res.status}`);
  }
  await waitFor(async () => (await (await fetch(`${serverUrl}/api/kernels`)).json()).length === 0, {
    timeout: 30_000,
    what: 'no kernel running'
  });
}

export function labServer(senv) {
  const build = process.env.GOGRAD_LAB_BUILD;
  assert(build && fs.existsSync(path.join(build, 'static', 'index.html')), 'GOGRAD_LAB_BUILD has no JupyterLab build');
  return {
    argv: [
      PYTHON, '-m', 'gograd_lab',
      '--ip=127.0.0.1', '--ServerApp.port_retries=0', '--ServerApp.token=', '--ServerApp.password=',
      '--ServerApp.open_browser=False', `--ServerApp.root_dir=${senv.root}`,
      // No token and no XSRF check: the test calls the REST API from node.
      // The server listens on 127.0.0.1 only, for the length of the test.
      '--ServerApp.disable_check_xsrf=True'
    ],
    env: {
      PYTHONPATH: path.resolve(import.meta.dirname, '..', 'server'),
      GOGRAD_LAB_BUILD: build
    }
  };
}


// loadLab opens JupyterLab and waits until it has started: restored, the
// splash gone. The URL carries no ?reset: every run has a new workspaces
// directory and browser profile, so there is no state to clear, and
// JupyterLab answers a ?reset that comes after its state database has
// resolved by reloading the page, which then happens under the next steps
// (their kernel connections disposed, kernel_info_request futures cancelled,
// the notebook left without its language). A reload after this point would
// break the steps the same way, so loadLab makes one fail the step that
// meets it.
export async function loadLab(page, url) {
  await page.goto(`${url}/lab`);
  await waitFor(() => page.evaluate(() => window.jupyterapp && window.jupyterapp.shell && document.querySelector('#jp-main-dock-panel')), {
    what: 'window.jupyterapp'
  });
  await page.evaluate(() => window.jupyterapp.restored);
  await waitFor(() => page.evaluate(() => !document.querySelector('#jupyterlab-splash')), { timeout: 30_000, what: 'the splash screen to go' });
  await page.evaluate(() => {
    window.gogradLoaded = true;
  });
  const startupError = await page.locator('#gograd-lab-startup-error').count();
  assert(startupError === 0, 'start-up error shown');
}

// checkKernelspec requires the server to offer kernel name with displayName.
export async function checkKernelspec(page, name, displayName) {
  const spec = await page.evaluate(async (name) => {
    const ks = window.jupyterapp.serviceManager.kernelspecs;
    await ks.ready;
    await ks.refreshSpecs();
    const s = ks.specs.kernelspecs[name];
    return s ? { display: s.display_name, language: s.language } : null;
  }, name);
  assert(spec, `no kernelspec ${name} on the server`);
  assert(spec.display === displayName, `display name ${spec.display}, want ${displayName}`);
}

// newNotebook creates a notebook on kernel name and waits for the kernel.
export async function newNotebook(page, name) {
  await page.evaluate(async (name) => {
    await window.jupyterapp.commands.execute('notebook:create-new', { kernelName: name });
  }, name);
  await waitFor(async () => (await nbState(page))?.kernel === name, { what: `a notebook on ${name}` });
  await waitIdle(page);
  // The notebook takes its language (the editors' mode, the highlighting)
  // from its kernel connection's kernel_info_reply. Under load JupyterLab
  // can cancel that request on its side ("Canceled future for
  // kernel_info_request message before replies were done") and send no
  // other, which leaves the notebook plain text. Kernel > Reconnect to Kernel
  // is the user's remedy; the test takes it once and says so.
  const info = await page.evaluate(async () => {
    const within = (p, ms) => Promise.race([p.then(() => true), new Promise((r) => setTimeout(() => r(false), ms))]);
    const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
    if (await within(kernel.info, 20_000)) return 'ok';
    if (kernel.isDisposed) return 'the kernel connection was disposed';
    await kernel.reconnect();
    return (await within(kernel.info, 20_000)) ? 'reconnected' : 'no kernel_info_reply after a reconnect either';
  });
  if (info === 'reconnected') console.log(`note: the notebook's kernel connection had no kernel_info_reply after 20 s; reconnected, and it came`);
  else assert(info === 'ok', `kernel info never reached the notebook: ${info}`);
}
