// Jupyter widgets from Go in JupyterLab (with @jupyter-widgets/jupyterlab-manager
// in the build), driven in headless chromium:
//
//   node widgets.mjs
//
// It runs the interactive cell of notebooks/vector_jacobian_products.ipynb (a
// slider for x0 and the tangent of sin at x0, slope by autograd), then moves the
// slider by dragging it and by typing into its readout, and requires the plot's
// SVG to change within a second each time and the kernel to answer the next cell;
// does the same with the steps slider of the descent-path cell of
// notebooks/computation_graphs_and_gradient_descent.ipynb;
// clicks a Go Button; shows a progress bar as an IntProgress widget; saves the
// notebook and requires the widget state in its metadata. It opens the
// notebook's nbconvert HTML, with the widget manager the HTML loads from unpkg
// served from npm's copy (no network here), and requires the saved slider and
// plot to render. Last it takes the
// screenshot the README opens with (the tangent plot and a computation graph):
// into GOGRAD_ARTIFACTS, and over GOGRAD_README_SCREENSHOT (relative to the
// repository) when that is set.
//
// Environment: as lab.mjs.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { ARTIFACTS, REPO_DIR, assert, runSuite, sleep, waitFor } from './harness.mjs';
import { KERNELS } from './cells.mjs';
import {
  assertNoError,
  labServer,
  loadLab,
  nbState,
  newNotebook,
  renderedImages,
  resultText,
  runCell,
  shutdownKernels,
  textOf
} from './labpage.mjs';

const suite = 'widgets-gograd';
const K = KERNELS.gograd;

// notebookCell returns the source of the cell of notebook name that contains marker.
function notebookCell(name, marker) {
  const nb = JSON.parse(fs.readFileSync(path.join(REPO_DIR, 'notebooks', name), 'utf8'));
  const cell = nb.cells.find((c) => c.cell_type === 'code' && [].concat(c.source).join('').includes(marker));
  assert(cell, `${name} has no cell with ${marker}`);
  return [].concat(cell.source).join('');
}

// widgetState reads the cell's widgets as the page shows them: the slider's
// readout, the plot image in the Output widget, the view classes.
async function widgetState(page, index) {
  return page.evaluate((i) => {
    const cell = window.jupyterapp.shell.currentWidget.content.widgets[i];
    const img = cell.node.querySelector('.widget-output img, .jupyter-widgets-output-area img');
    const readout = cell.node.querySelector('.widget-readout');
    const handle = cell.node.querySelector('.noUi-handle');
    const box = handle && handle.getBoundingClientRect();
    return {
      slider: !!cell.node.querySelector('.widget-slider'),
      readout: readout ? readout.textContent.trim() : null,
      src: img ? img.getAttribute('src') : null,
      imgWidth: img ? img.naturalWidth : 0,
      handle: box ? { x: box.x + box.width / 2, y: box.y + box.height / 2 } : null,
      errors: [...cell.node.querySelectorAll('.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"], .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')].map((e) => e.textContent)
    };
  }, index);
}

// svgText decodes the plot's data URL and returns the SVG's text labels.
function svgText(src) {
  const m = /^data:image\/svg\+xml(;base64)?,(.*)$/s.exec(src || '');
  if (!m) return '';
  const svg = m[1] ? Buffer.from(m[2], 'base64').toString('utf8') : decodeURIComponent(m[2]);
  const unescape = (t) => t.replace(/&#39;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return [...svg.matchAll(/>([^<>]+)</g)].map((x) => unescape(x[1].trim())).filter(Boolean).join(' | ');
}

// afterChange does act, then waits for the plot to differ from before; it
// returns the milliseconds from the act's end to the new picture.
async function afterChange(page, index, before, act) {
  await act();
  const t0 = Date.now();
  const st = await waitFor(
    async () => {
      const s = await widgetState(page, index);
      return s.src && s.src !== before.src ? s : null;
    },
    { timeout: 10_000, interval: 20, what: 'the plot to change' }
  );
  return { ms: Date.now() - t0, st };
}

async function scenario({ page, steps, server }) {
  const timings = {};
  await steps.run('page loads and JupyterLab starts', () => loadLab(page, server.url), { required: true });
  await steps.run('create a notebook on the kernel', () => newNotebook(page, 'gograd'), { required: true, timeout: 180_000 });

  const tangent = notebookCell('vector_jacobian_products.ipynb', 'widget.Interact(sinTangent');
  let cellIndex = -1;
  let first;
  await steps.run('the interactive tangent cell renders a slider and the plot', async () => {
    const cell = await runCell(page, tangent);
    assertNoError(cell);
    cellIndex = cell.index;
    first = await waitFor(
      async () => {
        const s = await widgetState(page, cell.index);
        return s.slider && s.src && s.imgWidth > 100 ? s : null;
      },
      { timeout: 30_000, what: 'the slider and the plot' }
    );
    assert(first.readout === '1.00', `readout ${first.readout}, want 1.00`);
    assert(svgText(first.src).includes('tangent at x0 = 1.00'), `plot labels: ${svgText(first.src)}`);
  }, { required: true });

  await steps.run('dragging the slider redraws the plot within a second', async () => {
    const before = await widgetState(page, cellIndex);
    assert(before.handle, 'no slider handle');
    // The time counted is from the first move of the pressed handle to the
    // new picture; the drag then goes on and ends.
    await page.mouse.move(before.handle.x, before.handle.y);
    await page.mouse.down();
    const { ms } = await afterChange(page, cellIndex, before, () => page.mouse.move(before.handle.x + 30, before.handle.y));
    for (let dx = 40; dx <= 90; dx += 10) {
      await page.mouse.move(before.handle.x + dx, before.handle.y);
      await sleep(30);
    }
    await page.mouse.up();
    const st = await widgetState(page, cellIndex);
    timings.drag = ms;
    assert(st.readout !== before.readout, `readout stayed ${st.readout}`);
    // The last picture must be the slider's last position.
    const last = await waitFor(
      async () => {
        const s = await widgetState(page, cellIndex);
        return svgText(s.src).includes(`tangent at x0 = ${s.readout}`) ? s : null;
      },
      { timeout: 5_000, what: `the plot for x0 = ${st.readout}` }
    );
    assert(ms < 1000, `the plot changed ${ms} ms after the drag, want under 1000`);
    timings.dragLast = last.readout;
  });

  await steps.run('typing a value into the readout redraws the plot within a second', async () => {
    const before = await widgetState(page, cellIndex);
    const { ms } = await afterChange(page, cellIndex, before, async () => {
      const readout = page.locator('.jp-Notebook .jp-Cell').nth(cellIndex).locator('.widget-readout');
      await readout.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.type('-2.5');
      await page.keyboard.press('Enter');
    });
    timings.keyboard = ms;
    const st = await waitFor(
      async () => {
        const s = await widgetState(page, cellIndex);
        return svgText(s.src).includes('tangent at x0 = -2.50') ? s : null;
      },
      { timeout: 5_000, what: 'the plot for x0 = -2.50' }
    );
    // sin'(-2.5) = cos(-2.5) = -0.801: the slope autograd computed.
    assert(svgText(st.src).includes("slope f'(x0) = -0.801"), `plot labels: ${svgText(st.src)}`);
    assert(ms < 1000, `the plot changed ${ms} ms after Enter, want under 1000`);
  });

  await steps.run('the kernel stays responsive and sees the new value', async () => {
    const cell = await runCell(page, '1 + 1');
    assertNoError(cell);
    assert(resultText(cell.outputs) === '2', `1 + 1 gave ${JSON.stringify(textOf(cell.outputs))}`);
  });

  await steps.run('the descent-path cell redraws for another number of steps', async () => {
    const nb = 'computation_graphs_and_gradient_descent.ipynb';
    // The definitions the cell uses: npLinspace, objective, and gradientDescent as
    // the notebook corrects it (its first version fails on purpose).
    for (const marker of ['func npLinspace(', 'func objective(', 'visualizeResults(thetaHatArr, objArr, objective, thetaTrue, nil)']) {
      assertNoError(await runCell(page, notebookCell(nb, marker)));
    }
    const cell = await runCell(page, notebookCell(nb, 'widget.Interact(descentPath'));
    assertNoError(cell);
    const before = await waitFor(
      async () => {
        const s = await widgetState(page, cell.index);
        return s.src && svgText(s.src).includes('100 steps of size 0.07') ? s : null;
      },
      { timeout: 30_000, what: 'the descent path for 100 steps of size 0.07' }
    );
    const { ms } = await afterChange(page, cell.index, before, async () => {
      const steps = page.locator('.jp-Notebook .jp-Cell').nth(cell.index).locator('.widget-readout').nth(1);
      await steps.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.type('20');
      await page.keyboard.press('Enter');
    });
    timings.descent = ms;
    await waitFor(
      async () => svgText((await widgetState(page, cell.index)).src).includes('20 steps of size 0.07'),
      { timeout: 5_000, what: 'the path for 20 steps' }
    );
    assert(ms < 1000, `the path changed ${ms} ms after Enter, want under 1000`);
  });

  await steps.run('clicks on a Go button reach its OnClick', async () => {
    const cell = await runCell(page, 'clicks := 0\nbtn := widget.NewButton("count")\nbtn.OnClick(func() { clicks++ })\nbtn');
    assertNoError(cell);
    const button = page.locator('.jp-Notebook .jp-Cell').nth(cell.index).locator('button.widget-button');
    await button.waitFor({ timeout: 15_000 });
    for (let i = 0; i < 3; i++) await button.click();
    const after = await runCell(page, 'clicks');
    assert(resultText(after.outputs) === '3', `clicks = ${JSON.stringify(textOf(after.outputs))}, want 3`);
  });

  await steps.run('a progress bar shows as an IntProgress widget', async () => {
    const cell = await runCell(page, K.progress.code);
    assertNoError(cell);
    const shown = await waitFor(
      () =>
        page.evaluate((i) => {
          const node = window.jupyterapp.shell.currentWidget.content.widgets[i].node;
          const bar = node.querySelector('.widget-hprogress .progress-bar');
          return bar ? { width: bar.style.width, text: node.textContent } : null;
        }, cell.index),
      { timeout: 15_000, what: 'a progress widget' }
    );
    assert(/100\s*%/.test(shown.text), `progress shows ${JSON.stringify(shown.text)}`);
  });

  await steps.run('saving the notebook stores the widget state in its metadata', async () => {
    const st = await nbState(page);
    // The first save of an Untitled notebook asks for a name: keep it.
    const saved = page.evaluate(() => window.jupyterapp.commands.execute('docmanager:save').then(() => null));
    const dialog = page.locator('.jp-Dialog .jp-mod-accept');
    await dialog.waitFor({ timeout: 5_000 }).then(() => dialog.click()).catch(() => {});
    await saved;
    const nb = await waitFor(
      async () => {
        const res = await fetch(`${server.url}/api/contents/${encodeURIComponent(st.path)}?content=1`);
        const model = await res.json();
        const w = model.content && model.content.metadata && model.content.metadata.widgets;
        return w ? model.content : null;
      },
      { timeout: 20_000, what: 'widget state in the saved notebook' }
    );
    const state = nb.metadata.widgets['application/vnd.jupyter.widget-state+json'].state;
    const sliders = Object.values(state).filter((m) => m.model_name === 'FloatSliderModel');
    assert(sliders.some((m) => Math.abs(m.state.value - -2.5) < 1e-9), `saved sliders: ${JSON.stringify(sliders.map((m) => m.state.value))}`);
  });

  await steps.run("nbconvert's HTML shows the widgets' saved state", async () => {
    const out = path.join(ARTIFACTS, 'nbconvert-html');
    execFileSync('/usr/bin/jupyter', ['nbconvert', '--to', 'html', '--output-dir', out,
      path.join(REPO_DIR, 'notebooks', 'vector_jacobian_products.ipynb')], { stdio: 'ignore' });
    const manager = path.join(process.env.E2E_NODE_MODULES || '', '@jupyter-widgets', 'html-manager', 'dist', 'embed-amd.js');
    assert(fs.existsSync(manager), `no ${manager}`);
    const html = await page.context().newPage();
    try {
      await html.route(/^https?:\/\//, (route) =>
        /@jupyter-widgets\/html-manager@[^/]*\/dist\/embed-amd\.js$/.test(route.request().url())
          ? route.fulfill({ path: manager, contentType: 'application/javascript' })
          : route.abort()
      );
      await html.goto('file://' + path.join(out, 'vector_jacobian_products.html'));
      const shown = await waitFor(
        () =>
          html.evaluate(() => {
            const slider = document.querySelector('.widget-slider .widget-readout');
            const plot = document.querySelector('.widget-output img');
            return slider && plot && plot.complete ? { readout: slider.textContent.trim(), width: plot.naturalWidth } : null;
          }),
        { timeout: 30_000, what: 'the embedded slider and plot' }
      );
      // The notebook was saved by nbconvert --execute with x0 at its start, 1.
      assert(shown.readout === '1.00', `the HTML's slider reads ${shown.readout}`);
      assert(shown.width > 100, `the HTML's saved plot does not render (width ${shown.width})`);
      await html.locator('.widget-slider').first().scrollIntoViewIfNeeded();
      await html.screenshot({ path: path.join(ARTIFACTS, `${suite}-nbconvert-html.png`), timeout: 15_000 }).catch(() => {});
    } finally {
      await html.close();
    }
  });

  await steps.run('screenshot: the tangent plot beside a computation graph', async () => {
    const graph = await runCell(page, K.graph.code);
    assertNoError(graph);
    const imgs = await renderedImages(page, graph.index);
    assert(imgs.length >= 1 && imgs[0].width > 20, `graph not rendered: ${JSON.stringify(imgs)}`);
    // Show the two cells together: the side bar closed, the cells between them
    // hidden, in a window tall enough for both.
    await page.evaluate(
      ({ from, to }) => {
        const app = window.jupyterapp;
        app.shell.collapseLeft();
        const nb = app.shell.currentWidget.content;
        nb.widgets.forEach((c, i) => {
          if (i > from && i < to) c.node.style.display = 'none';
        });
        nb.activeCellIndex = to + 1 < nb.widgets.length ? to + 1 : to;
        nb.mode = 'command';
        nb.widgets[from].node.scrollIntoView({ block: 'start' });
      },
      { from: cellIndex, to: graph.index }
    );
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: 1400, height: 1500 });
    await sleep(1000);
    const shot = path.join(ARTIFACTS, 'readme-screenshot.png');
    await page.screenshot({ path: shot, timeout: 15_000 });
    await page.setViewportSize(viewport);
    if (process.env.GOGRAD_README_SCREENSHOT) fs.copyFileSync(shot, path.resolve(REPO_DIR, process.env.GOGRAD_README_SCREENSHOT));
  });

  fs.writeFileSync(path.join(ARTIFACTS, `${suite}-timings.json`), JSON.stringify(timings, null, 2));
  console.log(`${suite}: plot redrawn ${timings.drag} ms after a drag, ${timings.keyboard} ms after typing, descent path ${timings.descent} ms after typing`);
  await steps.run('shut the kernel down', () => shutdownKernels(server.url));
  return steps.summary();
}

runSuite(suite, labServer, scenario);
