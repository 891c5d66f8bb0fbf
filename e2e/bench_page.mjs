// Not a test: how fast the real page trains, as users get it.
//   make bench-page   (or: node e2e/bench_page.mjs after `make dist`)
// `make bench` times the training core alone; this times the lab page with every panel on
// screen and drawing, so the difference is what the UI, the progress reports and the charts
// cost. For each model it prints one line:
//   bench-page <model> <samples/s> <longest main-thread task ms> <report share %>
// Environment:
//   BENCH_PAGE_MODELS=A,B     which models (default A,B,VAE,CAE)
//   BENCH_PAGE_SECONDS=20     measuring window after the warm-up
//   BENCH_PAGE_WARMUP=5       seconds of training before measuring (JIT tiers, first charts)
// Exits 1 if a model could not be measured or the page logged an error (the numbers are
// still printed: a slow page with a console error is still worth seeing).
import { serveDist, openBrowser, autoConfirm } from './harness.mjs';

const COMMON = 'act=relu&opt=adam&lr=0.001&batch=64';
const MODELS = {
  // The two shapes `make bench` times (benches/train.rs, tests/bench_wasm.rs), so that
  // `make bench-compare` can divide one by the other.
  A: `?data=mnist&hidden=256,64&code=2&${COMMON}`,
  B: `?data=mnist&hidden=1000,500,250&code=30&${COMMON}`,
  VAE: `?data=mnist&vae=1&code=2&hidden=256,64&${COMMON}`,
  // `cae=` is the contractive key (its `Dial` in src/models/penalty/contractive.rs); 0.001 is the value the
  // checkbox starts with. 784-256-64-16 is the deep case whose exact penalty is expensive.
  CAE: `?data=mnist&hidden=256,64&code=16&${COMMON}&cae=0.001`,
};

const seconds = (name, dflt) => {
  const v = Number(process.env[name] ?? dflt);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number of seconds`);
  return v;
};
const WINDOW_S = seconds('BENCH_PAGE_SECONDS', 20);
const WARMUP_S = seconds('BENCH_PAGE_WARMUP', 5);
const chosen = (process.env.BENCH_PAGE_MODELS ?? Object.keys(MODELS).join(','))
  .split(',').map((m) => m.trim().toUpperCase()).filter(Boolean);
for (const m of chosen) {
  if (!MODELS[m]) {
    console.error(`bench-page: unknown model ${m} (choose from ${Object.keys(MODELS).join(', ')})`);
    process.exit(2);
  }
}

// Tall enough that every panel is in the viewport: charts that are scrolled away may skip
// drawing, and the point is to pay for all of them.
const VIEWPORT = { width: 1366, height: 4000 };

/** Open every collapsed <details>, so that what is inside is laid out and drawn too. */
const openAllPanels = (page) => page.evaluate(() => {
  for (const d of document.querySelectorAll('details:not([open])')) d.open = true;
});

/** Samples seen and the page's clock, from the page's contract object when it is there
 *  (exact, set on every progress report), else from the #samples counter. */
const readCounters = (page) => page.evaluate(() => {
  const ael = window.__ael;
  const text = document.querySelector('#samples')?.textContent ?? '';
  return {
    t: performance.now(),
    ael: ael && typeof ael.samplesSeen === 'number' ? ael.samplesSeen : null,
    shown: Number(text.replace(/[^0-9]/g, '')) || 0,
    share: ael && typeof ael.reportShare === 'number' ? ael.reportShare : null,
  };
});

async function measure(site, model) {
  const b = await openBrowser(site.origin, VIEWPORT);
  try {
    const { page } = b;
    await autoConfirm(page);
    await page.goto(site.url + MODELS[model]);
    // MNIST has to download and PCA has to fit before Play is enabled.
    await page.locator('#play:not([disabled])').waitFor({ timeout: 90000 });
    await openAllPanels(page);
    // Long tasks are timed from the Play press: loading and the PCA fit are not training.
    await page.evaluate(() => {
      window.__longtasks = [];
      window.__playAt = Infinity;
      new PerformanceObserver((l) => l.getEntries().forEach((e) =>
        window.__longtasks.push({ start: e.startTime, duration: e.duration })))
        .observe({ type: 'longtask', buffered: false });
    });
    await page.evaluate(() => { window.__playAt = performance.now(); });
    await page.click('#play');
    // An invalid setting leaves Play doing nothing: better an error than a 0 samples/s line.
    await page.locator('#play', { hasText: 'Pause' }).waitFor({ timeout: 10000 });
    // Panels that only appear once training runs (a confirm() may also have been accepted).
    await page.waitForTimeout(500);
    await openAllPanels(page);
    await page.waitForTimeout(Math.max(0, WARMUP_S * 1000 - 500));

    const a = await readCounters(page);
    await page.waitForTimeout(WINDOW_S * 1000);
    const z = await readCounters(page);

    // Both readings from the same source, or the difference means nothing.
    const useAel = a.ael !== null && z.ael !== null;
    const samples = useAel ? z.ael - a.ael : z.shown - a.shown;
    const perSec = samples / ((z.t - a.t) / 1000);
    const longest = await page.evaluate(() => Math.max(0, ...window.__longtasks
      .filter((e) => e.start >= window.__playAt).map((e) => e.duration)));
    const share = z.share === null ? 'n/a' : (z.share * 100).toFixed(1);
    if (!useAel) console.error(`bench-page ${model}: window.__ael missing, counted from #samples`);

    // Pause before closing, as a user would; a failure here does not spoil the numbers.
    await page.click('#play');
    await page.locator('#play', { hasText: 'Play' }).waitFor({ timeout: 10000 }).catch(() => {});
    return { line: `bench-page ${model} ${Math.round(perSec)} ${Math.round(longest)} ${share}`,
      problems: [...b.problems] };
  } finally { await b.close(); }
}

const site = await serveDist();
let failed = false;
try {
  for (const model of chosen) {
    // A fresh browser per model: one model's heap and compiled code must not help or hurt the next.
    try {
      const { line, problems } = await measure(site, model);
      console.log(line);
      if (problems.length) {
        failed = true;
        for (const p of problems) console.error(`bench-page ${model}: ${p}`);
      }
    } catch (e) {
      failed = true;
      console.log(`bench-page ${model} n/a n/a n/a`);
      console.error(`bench-page ${model}: not measured: ${e.message.split('\n')[0]}`);
    }
  }
} finally { await site.close(); }
process.exit(failed ? 1 : 0);
