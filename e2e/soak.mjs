// Not a test (too long for `make test`): does the lab leak while it trains for a long time?
//   make soak   (or: node e2e/soak.mjs after `make dist`)
// Trains model A (784-256-64-2) in the page for SOAK_MINUTES (default 30) with every panel on
// screen and drawing, and every 30 s records the main thread's JS heap (after a forced GC),
// both wasm memories, the DOM node count and the samples seen. A leak in the charts, the
// progress reports or the worker shows as growth between the reading at minute 2 (once
// everything has been allocated for the first time) and the end.
// Verdict, exit 1 on any failure:
//   - JS heap, page wasm and worker wasm at the end at most 10 % above the baseline reading
//     (a shrink is not a leak and passes);
//   - DOM node count at the end no higher than at the baseline;
//   - training still ran in between (a stalled worker would also "not grow"), and no console
//     error, page error or request to another host.
// The baseline is the first reading at or after min(2, SOAK_MINUTES / 15) minutes, so a short
// trial run (SOAK_MINUTES=1) still compares something.
import { serveDist, openBrowser, autoConfirm } from './harness.mjs';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
if (!Number.isFinite(MINUTES) || MINUTES <= 0) {
  console.error('SOAK_MINUTES must be a positive number');
  process.exit(2);
}
const EVERY_S = 30;
const BASELINE_MIN = Math.min(2, MINUTES / 15);
const GROWTH_LIMIT = 0.10;
const QUERY = '?data=mnist&hidden=256,64&code=2&act=relu&opt=adam&lr=0.001&batch=64';
const VIEWPORT = { width: 1366, height: 4000 }; // every panel in view, so every panel draws

// Without --enable-precise-memory-info performance.memory is rounded and only updated every
// few seconds, too coarse for a 10 % bound; --expose-gc gives window.gc(), so that garbage
// not yet collected is not mistaken for a leak.
const ARGS = ['--enable-precise-memory-info', '--js-flags=--expose-gc'];

/** One reading; null where the page does not provide the number. */
const read = (page) => page.evaluate(() => {
  if (typeof window.gc === 'function') window.gc();
  const ael = window.__ael ?? {};
  const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const shown = Number((document.querySelector('#samples')?.textContent ?? '').replace(/[^0-9]/g, ''));
  return {
    jsHeap: num(performance.memory?.usedJSHeapSize),
    pageWasm: num(ael.pageWasmBytes),
    workerWasm: num(ael.workerWasmBytes),
    dom: document.getElementsByTagName('*').length,
    samples: num(ael.samplesSeen) ?? (Number.isFinite(shown) ? shown : null),
  };
});

const MB = (b) => (b === null ? 'n/a' : (b / 1e6).toFixed(1));
const fmtMin = (m) => String(Number(m.toFixed(1)));
const pad = (s, n) => String(s).padStart(n);

const site = await serveDist();
const b = await openBrowser(site.origin, VIEWPORT, ARGS);
const rows = [];
let started = false;
try {
  const { page } = b;
  await autoConfirm(page);
  await page.goto(site.url + QUERY);
  await page.locator('#play:not([disabled])').waitFor({ timeout: 90000 });
  const openAllPanels = () => page.evaluate(() => {
    for (const d of document.querySelectorAll('details:not([open])')) d.open = true;
  });
  await openAllPanels();
  if (!(await page.evaluate(() => typeof window.gc === 'function'))) {
    console.error('soak: window.gc is missing; heap readings include uncollected garbage');
  }
  await page.click('#play');
  await page.locator('#play', { hasText: 'Pause' }).waitFor({ timeout: 10000 });
  started = true;
  await page.waitForTimeout(500);
  await openAllPanels();

  // Readings on a fixed schedule from the Play press, so a slow reading does not shift the rest.
  const t0 = Date.now();
  const n = Math.max(1, Math.floor((MINUTES * 60) / EVERY_S));
  for (let k = 1; k <= n; k++) {
    const due = t0 + Math.min(k * EVERY_S, MINUTES * 60) * 1000;
    await page.waitForTimeout(Math.max(0, due - Date.now()));
    const r = await read(page);
    r.minute = (Date.now() - t0) / 60000;
    rows.push(r);
    // Progress to stderr: a 30-minute run should not look hung.
    console.error(`soak ${fmtMin(r.minute)} min: heap ${MB(r.jsHeap)} MB, samples ${r.samples ?? 'n/a'}`);
  }
  await page.click('#play');
  await page.locator('#play', { hasText: 'Play' }).waitFor({ timeout: 10000 }).catch(() => {});
} catch (e) {
  console.error(`soak: stopped early: ${e.message.split('\n')[0]}`);
} finally {
  await b.close();
  await site.close();
}

console.log(['minute', 'js heap MB', 'page wasm MB', 'worker wasm MB', 'DOM nodes', 'samples seen']
  .map((h, i) => pad(h, i ? 15 : 7)).join(''));
for (const r of rows) {
  console.log([fmtMin(r.minute), MB(r.jsHeap), MB(r.pageWasm), MB(r.workerWasm), r.dom, r.samples ?? 'n/a']
    .map((v, i) => pad(v, i ? 15 : 7)).join(''));
}

let failed = !started || rows.length === 0;
const base = rows.find((r) => r.minute >= BASELINE_MIN - 1e-9) ?? rows[0];
const end = rows.at(-1);
if (base && end) {
  const at = (r) => `at ${fmtMin(r.minute)} min`;
  const check = (name, key, show, unit, limit) => {
    const a = base[key], z = end[key];
    if (a === null || z === null || a <= 0) {
      failed = true;
      console.log(`soak ${name} n/a (the page does not report it) FAIL`);
      return;
    }
    const change = (z - a) / a;
    const ok = change <= limit;
    if (!ok) failed = true;
    const sign = change >= 0 ? '+' : '';
    console.log(`soak ${name} ${show(a)}${unit} ${at(base)} -> ${show(z)}${unit} ${at(end)} ` +
      `(${sign}${(change * 100).toFixed(1)} %) ${ok ? 'ok' : 'FAIL'}`);
  };
  check('js-heap', 'jsHeap', MB, ' MB', GROWTH_LIMIT);
  check('page-wasm', 'pageWasm', MB, ' MB', GROWTH_LIMIT);
  check('worker-wasm', 'workerWasm', MB, ' MB', GROWTH_LIMIT);
  check('dom-nodes', 'dom', String, '', 0);
  const trained = base.samples !== null && end.samples !== null && end.samples > base.samples;
  if (!trained && end !== base) failed = true;
  console.log(`soak training ${base.samples ?? 'n/a'} samples ${at(base)} -> ${end.samples ?? 'n/a'} ${at(end)} ` +
    `${trained || end === base ? 'ok' : 'FAIL (training stalled)'}`);
}
if (b.problems.length) {
  failed = true;
  for (const p of b.problems) console.log(`soak ${p}`);
}
console.log(failed ? 'soak: FAIL' : 'soak: ok');
process.exit(failed ? 1 : 0);
