// Shared end-to-end harness: serves dist/ under a sub-path (as GitHub Pages does), launches
// Debian's Chromium through playwright-core, and fails a test on any console error, page
// error, content-security-policy violation, or request to a host other than the page's own.
import { createServer } from 'node:http';
import { readFile, mkdtemp, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, extname, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const SUBPATH = '/autoencoder-lab/';
// AEL_DIST serves another build (e.g. one made in a separate worktree); default: this repo's.
const DIST = resolve(process.env.AEL_DIST ?? resolve(import.meta.dirname, '..', 'dist'));
export const SHOTS = resolve(import.meta.dirname, 'test-results');
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.gz': 'application/gzip', '.json': 'application/json', '.png': 'image/png',
};

/** Serve dist/ at http://127.0.0.1:PORT/autoencoder-lab/ (anything else is a 404). */
export async function serveDist() {
  // A test may change what a file says (e.g. a new build's sw.js) by setting `site.rewrite`.
  const site = { rewrite: (rel, body) => body };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (!url.pathname.startsWith(SUBPATH)) { res.writeHead(404).end('not here'); return; }
    let rel = normalize(decodeURIComponent(url.pathname.slice(SUBPATH.length)));
    if (rel === '.' || rel === '' || rel.endsWith('/')) rel = join(rel, 'index.html');
    if (rel.startsWith('..')) { res.writeHead(403).end(); return; }
    try {
      const body = site.rewrite(rel, await readFile(join(DIST, rel)));
      res.writeHead(200, { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream',
        'content-length': body.length });
      res.end(body);
    } catch {
      res.writeHead(404).end('missing');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return Object.assign(site, {
    url: origin + SUBPATH, origin,
    // Open connections too: a test that stops the server (to go offline) means it.
    close: () => new Promise((ok) => { server.close(ok); server.closeAllConnections(); }),
  });
}

/** A fresh Chromium profile; returns { page, problems, close }. `extraArgs` are added to
 *  Chromium's command line (e.g. the soak test's `--enable-precise-memory-info`); `options`
 *  to the browser context (e.g. `deviceScaleFactor`, `isMobile`, `hasTouch`). */
export async function openBrowser(origin, viewport = { width: 1280, height: 800 }, extraArgs = [], options = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'ael-chromium-'));
  await mkdir(SHOTS, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    viewport,
    // The offline cache would serve later tests' files from the first one's: only the
    // offline test allows it.
    serviceWorkers: 'block',
    ...options,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...extraArgs],
  });
  // The page's content security policy (scripts/csp.mjs): any violation fails the test.
  await context.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) =>
    console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`)));
  const page = context.pages()[0] ?? await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  context.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) {
      problems.push(`request to another host: ${u}`);
    }
  });
  return {
    context, page, problems,
    close: async () => { await context.close(); await rm(profile, { recursive: true, force: true }); },
  };
}

/** Count canvas pixels that are not (near) white: proof that something was drawn. */
export async function inkedPixels(page, selector) {
  return page.$eval(selector, (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < 600) n++;
    return n;
  });
}

/** Count distinct colours among the inked pixels of a canvas (rounded to limit AA noise). */
export async function distinctColours(page, selector) {
  return page.$eval(selector, (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Map();
    for (let i = 0; i < d.length; i += 4) {
      if (d[i] + d[i + 1] + d[i + 2] > 600 || d[i + 3] < 250) continue;
      const k = `${d[i] >> 3},${d[i + 1] >> 3},${d[i + 2] >> 3}`;
      seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    return [...seen.values()].filter((n) => n >= 20).length;
  });
}

/** A CSV of three noisy clusters in 5-D, labelled by name (the own-data tests' table); line
 *  `bad` (1-based) has a broken cell. */
export function flowers(rows, bad) {
  const kinds = ['setosa', 'versicolor', 'virginica'];
  const lines = ['sepal_length,sepal_width,petal_length,petal_width,stem,species'];
  let s = 7;
  const rand = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  for (let i = 0; i < rows; i++) {
    const k = i % 3;
    const v = [4 + k + rand(), 3 - 0.5 * k + rand(), 1 + 2 * k + rand(), 0.2 + k + 0.3 * rand(), 10 * rand()];
    lines.push([...v.map((x) => x.toFixed(3)), kinds[k]].join(','));
  }
  if (bad) lines[bad - 1] = '5.1,oops,1.4,0.2,3,setosa';
  return lines.join('\n') + '\n';
}

/** Answer the page's own questions (the `<dialog>` of ui/confirm.rs) as a student would, by
 *  clicking: `choose(text)` says yes (true) or cancel (false); by default every question is
 *  answered yes. Installed for this document and for every later one (reloads). */
const choosers = new WeakMap();
export async function autoConfirm(page, choose) {
  // Called again on a page, it only changes the answer (if one is given).
  const known = choosers.has(page);
  if (choose || !known) choosers.set(page, choose ?? (() => true));
  if (known) return;
  await page.exposeFunction('__aelChoose', (text) => choosers.get(page)(text));
  const install = () => {
    const look = async () => {
      const d = document.getElementById('confirm-dialog');
      if (!d || !d.open || d.dataset.answering) return;
      d.dataset.answering = '1';
      const yes = await window.__aelChoose(document.getElementById('confirm-text')?.textContent ?? '');
      delete d.dataset.answering;
      if (d.open) document.getElementById(yes ? 'confirm-yes' : 'confirm-no').click();
    };
    new MutationObserver(look).observe(document, { subtree: true, attributes: true, attributeFilter: ['open'] });
  };
  await page.addInitScript(install);
  await page.evaluate(install).catch(() => {});
}

/** Show one of the page's regions ('train', 'code' or 'apps') by its tab. */
export async function showRegion(page, region) {
  await page.click(`#tab-${region}`);
  await page.locator(`#region-${region}:not(.hidden)`).waitFor();
}

/** How many CSS pixels of the open lesson step's panel (#lesson-step's data-panel names its
 *  heading) are on screen, between the sticky head (tabs and run bar) and the docked lesson
 *  when it covers the bottom (a phone). */
export async function lessonPanelInView(page) {
  return page.evaluate(() => {
    const id = document.querySelector('#lesson-step')?.dataset.panel;
    const panel = id && document.getElementById(id)?.closest('section');
    if (!panel) return { id, visible: 0 };
    const r = panel.getBoundingClientRect();
    const head = document.querySelector('.results-head').getBoundingClientRect();
    const dock = document.querySelector('.lessons').getBoundingClientRect();
    const docked = getComputedStyle(document.querySelector('.lessons')).position === 'fixed';
    const top = Math.max(r.top, head.bottom, 0);
    const bottom = Math.min(r.bottom, docked ? dock.top : innerHeight, innerHeight);
    return { id, visible: Math.max(0, bottom - top), height: r.height, top: r.top };
  });
}
