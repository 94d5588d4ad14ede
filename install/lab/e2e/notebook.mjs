// Smoke run on the classic Notebook UI (Debian's jupyter-notebook 6.4):
//
//   node notebook.mjs --kernel gograd|python3
//
// Opens a notebook, runs all cells from the Cell menu and finds the rendered
// plot and computation graph. Two notebooks: one written here from the same
// cells as the JupyterLab test (tensor, plot, graph), and, on gograd, the
// ported notebook from notebooks/ with the most pictures in its saved outputs.

import fs from 'node:fs';
import path from 'node:path';

import {
  PYTHON,
  REPO_DIR,
  assert,
  expectedErrorCells,
  kernelArg,
  portedNotebooks,
  runSuite,
  waitFor
} from './harness.mjs';

const { kernelName, K } = kernelArg();
const suite = `notebook-${kernelName}`;

function smokeNotebook() {
  const code = (src) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: src });
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: kernelName, display_name: K.displayName, language: kernelName === 'gograd' ? 'go' : 'python' } },
    cells: [
      { cell_type: 'markdown', metadata: {}, source: '# gograd smoke run\nA tensor, a plot of sin and its derivative, a computation graph.' },
      code(K.tensor.code),
      code(K.plot.code),
      code(K.graph.code)
    ].map((c, i) => ({ id: `cell-${i}`, ...c }))
  };
}

// picturesPerCell counts the image outputs saved in each cell of a notebook.
function picturesPerCell(nbPath) {
  const nb = JSON.parse(fs.readFileSync(nbPath, 'utf8'));
  return nb.cells.map((c) => (c.outputs || []).filter((o) => o.data && (o.data['image/svg+xml'] || o.data['image/png'])).length);
}

function pictureCount(nbPath) {
  return picturesPerCell(nbPath).reduce((a, b) => a + b, 0);
}

// pageState reads the classic notebook's DOM: prompts, errors, pictures.
function pageState(page) {
  return page.evaluate(() => {
    const cells = [...document.querySelectorAll('#notebook-container .cell')];
    const icon = document.querySelector('#kernel_indicator_icon');
    return {
      idle: !!icon && icon.classList.contains('kernel_idle_icon'),
      kernel: window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel ? Jupyter.notebook.kernel.name : null,
      cells: cells.map((c) => ({
        code: c.classList.contains('code_cell'),
        prompt: (c.querySelector('.input_prompt') || {}).textContent || '',
        empty: c.classList.contains('code_cell') && window.Jupyter && Jupyter.notebook.get_cell(cells.indexOf(c)).get_text().trim() === '',
        errors: [...c.querySelectorAll('.output_error')].map((e) => e.textContent.slice(0, 300)),
        graphs: c.querySelectorAll('.output_svg svg g#graph0, .output_svg svg g.graph').length,
        svgs: c.querySelectorAll('.output_svg svg').length,
        pngs: [...c.querySelectorAll('.output_png img')].filter((i) => i.naturalWidth > 0).length,
        text: [...c.querySelectorAll('.output_text, .output_result')].map((e) => e.textContent).join('\n'),
        kinds: [...c.querySelectorAll('.output_subarea')].map((e) => e.className.replace('output_subarea', '').trim())
      }))
    };
  });
}

// runAll opens a notebook and runs it from the Cell menu. After a failing
// cell the kernel aborts the queued rest (stop_on_error); when the failure
// is one the saved notebook shows too (allowed), it goes on with "Run All
// Below" from the next cell, as a person would.
async function runAll(page, url, name, allowed = new Set()) {
  await page.goto(`${url}/notebooks/${encodeURIComponent(name)}`);
  await waitFor(async () => {
    const st = await pageState(page);
    return st.kernel === kernelName && st.idle;
  }, { timeout: 120_000, what: `${name} open with an idle ${kernelName} kernel` });
  let st;
  for (let start = 0; ; ) {
    if (start === 0) {
      await page.locator('#celllink').click();
      await page.locator('#run_all_cells > a').click();
    } else {
      await page.evaluate((i) => {
        Jupyter.notebook.select(i);
        Jupyter.notebook.execute_cells_below();
      }, start);
    }
    let quiet = 0;
    await waitFor(
      async () => {
        st = await pageState(page);
        const pending = st.cells.some((c) => c.code && c.prompt.includes('*'));
        quiet = st.idle && !pending ? quiet + 1 : 0;
        return quiet >= 4;
      },
      { timeout: 540_000, interval: 500, what: `${name} to finish` }
    );
    const failed = st.cells.findIndex((c, i) => i >= start && c.errors.length > 0);
    if (failed < 0 || !allowed.has(failed) || failed + 1 >= st.cells.length) break;
    start = failed + 1;
  }
  return st;
}

function notebookServer(senv) {
  return {
    argv: [
      PYTHON, '-m', 'notebook', '--no-browser', '--ip=127.0.0.1',
      '--NotebookApp.port_retries=0', '--NotebookApp.token=', '--NotebookApp.password=',
      '--NotebookApp.disable_check_xsrf=True', // lets stop() shut kernels down via the API
      `--notebook-dir=${senv.root}`
    ]
  };
}

async function scenario({ page, steps, server, senv }) {
  const smoke = 'smoke.ipynb';
  fs.writeFileSync(path.join(senv.root, smoke), JSON.stringify(smokeNotebook(), null, 1));
  await steps.run('smoke notebook: run all, find tensor, plot and graph', async () => {
    const st = await runAll(page, server.url, smoke);
    const code = st.cells.filter((c) => c.code);
    const errors = code.flatMap((c) => c.errors);
    assert(errors.length === 0, `errors: ${errors.join(' | ')}`);
    assert(code.every((c) => /\[\d+\]/.test(c.prompt)), `not every cell ran: ${code.map((c) => c.prompt.trim()).join(' ')}`);
    assert(code[0].text.includes(K.tensor.text), `tensor cell shows ${JSON.stringify(code[0].text)}`);
    assert(code[1].svgs + code[1].pngs >= 1, 'no plot picture');
    assert(code[2].graphs >= 1 || code[2].pngs >= 1, 'no graph picture');
    await page.locator('#notebook-container .cell').nth(3).scrollIntoViewIfNeeded();
  }, { timeout: 600_000 });

  const ported = kernelName === 'gograd' ? portedNotebooks(REPO_DIR) : [];
  if (ported.length > 0) {
    const best = ported.map((p) => [pictureCount(p), p]).sort((a, b) => b[0] - a[0])[0][1];
    const name = path.basename(best);
    fs.copyFileSync(best, path.join(senv.root, name));
    const allowed = new Set(expectedErrorCells(best));
    await steps.run(`ported ${name}: run all, no errors, pictures shown`, async () => {
      const st = await runAll(page, server.url, name, allowed);
      const problems = [];
      st.cells.forEach((c, i) => {
        if (!c.code || c.empty) return;
        if (!/\[\d+\]/.test(c.prompt)) problems.push(`cell ${i} did not run`);
        if (c.errors.length && !allowed.has(i)) problems.push(`cell ${i}: ${c.errors[0]}`);
      });
      const saved = picturesPerCell(best);
      st.cells.forEach((c, i) => {
        if (c.svgs + c.pngs < saved[i]) {
          problems.push(`cell ${i} shows ${c.svgs + c.pngs} pictures, the saved notebook has ${saved[i]} (outputs shown: ${c.kinds.join(', ') || 'none'})`);
        }
      });
      // The screenshot shows the first problem, else the first picture.
      const bad = problems.length ? Number((problems[0].match(/^cell (\d+)/) || [])[1]) : -1;
      await page.evaluate((i) => {
        const cells = document.querySelectorAll('#notebook-container .cell');
        const target = i >= 0 ? cells[i] : document.querySelector('.output_svg svg, .output_png img');
        if (target) target.scrollIntoView({ block: 'start' });
      }, bad);
      assert(problems.length === 0, problems.join('\n'));
    }, { timeout: 600_000 });
  }
  return steps.summary();
}

runSuite(suite, notebookServer, scenario);
