// The lab in three browser engines, all from Debian's packages: Chromium (playwright-core),
// Firefox ESR (puppeteer-core over WebDriver BiDi) and WebKitGTK (WebKitWebDriver driving
// MiniBrowser under Xvfb); see e2e/engines.mjs. The same steps in each, one test per engine
// so that a failure names the engine, one subtest per step so that it names the step:
//   open         the MNIST preview is drawn
//   train        the default net trains past TRAIN_SAMPLES; prints the samples/s the page shows
//   charts       every chart canvas on screen has ink
//   model file   save the trained model, open a fresh page, load it: same samples, same test MSE
//   lesson       a lesson step set up, trained and its check holding
//   CSV          a CSV upload: a bad row refused by line and column, then trained on without it
//   offline      after one visit, the page opens and trains with the server stopped
// AEL_ENGINES=firefox,webkit chooses engines (default: all three). An engine that is not
// installed, or a step an engine cannot do here, is a skip with the reason, never a pass.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, SHOTS, flowers } from './harness.mjs';
import { ENGINES, launch, missing } from './engines.mjs';

/** The default net's training run: long enough for the page's samples/s to settle. */
const TRAIN_SAMPLES = 20000;
const chosen = (process.env.AEL_ENGINES ?? ENGINES.join(',')).split(',').map((e) => e.trim()).filter(Boolean);

/** The samples/s each engine's page showed, printed together at the end (for docs/browsers.md). */
const speeds = [];
after(() => {
  if (speeds.length) console.log(`engines: the default net, samples/s shown by the page: ${speeds.join(', ')}`);
});

// Functions run in the page (the same source in every engine).
const samplesIn = () => Number(document.querySelector('#samples')?.textContent);
const playReady = () => !!document.querySelector('#play:not([disabled])');
const playShows = (word) => document.querySelector('#play')?.textContent.includes(word);

/** Canvas pixels that are not (near) white, as in harness.mjs. */
function inkOf(selector) {
  const c = document.querySelector(selector);
  if (!c) return -1;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < 600) n++;
  return n;
}

/** Every canvas the student can see now, with its inked pixels. */
function visibleCanvases() {
  return [...document.querySelectorAll('canvas')].filter((c) => {
    const r = c.getBoundingClientRect();
    if (r.width < 2 || r.height < 2 || c.width === 0 || c.height === 0) return false;
    if (c.checkVisibility) return c.checkVisibility({ visibilityProperty: true, opacityProperty: true });
    return c.offsetParent !== null && getComputedStyle(c).visibility !== 'hidden';
  }).map((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i] + d[i + 1] + d[i + 2] < 600) ink++;
    const section = c.closest('section')?.querySelector('h2, h3')?.textContent.trim();
    const name = c.id ? `#${c.id}` : c.classList.length ? `canvas.${[...c.classList].join('.')}`
      : `canvas "${(c.getAttribute('aria-label') ?? '?').slice(0, 30)}"`;
    return { name: section ? `${name} (${section})` : name, ink, size: `${c.width}×${c.height}` };
  });
}

/** Elements the page marks hidden (class "hidden") that are displayed all the same: a later
 *  CSS rule of the same weight (say `.pair { display: grid }`) beats `.hidden`. */
function shownThoughHidden() {
  return [...document.querySelectorAll('.hidden')].filter((e) => getComputedStyle(e).display !== 'none')
    .map((e) => `<${e.tagName.toLowerCase()}${e.id ? ` id="${e.id}"` : ''} class="${e.className}"> has display: `
      + `${getComputedStyle(e).display}${e.querySelector('canvas') ? ' (holds a canvas)' : ''}`);
}

/** The steps, for one engine's driver `d` and the server `site` (its own: the offline step
 *  stops it). */
function steps(d, site) {
  const samples = () => d.evaluate(samplesIn);

  async function ready(url) {
    await d.goto(url);
    await d.waitFor(playReady, null, { timeout: 90000, what: 'Play to be enabled' });
  }

  /** Play until the counter passes `n`; returns the page's samples/s then, and the seconds. */
  async function trainPast(n) {
    const t0 = Date.now();
    await d.click('#play');
    const seen = await d.waitFor((n) => {
      const s = Number(document.querySelector('#samples').textContent);
      return s > n && { s, speed: document.querySelector('#speed').textContent.trim() };
    }, n, { timeout: 240000, poll: 100, what: `more than ${n} samples` });
    const seconds = (Date.now() - t0) / 1000;
    await d.click('#play');
    await d.waitFor(playShows, 'Play', { timeout: 10000, what: 'the Play button after pausing' });
    return { ...seen, seconds };
  }

  /** The exact test MSE once the metrics of `seen` samples have arrived. */
  async function testMseAt(seen) {
    await d.waitFor((n) => window.__aelTestMse !== undefined
      && Number(document.querySelector('#samples').textContent) === n, seen,
    { timeout: 30000, what: `the test metrics at ${seen} samples` });
    await new Promise((ok) => setTimeout(ok, 500)); // pausing sends the last weights' metrics
    return d.evaluate(() => window.__aelTestMse);
  }

  return {
    async open() {
      await d.goto(site.url);
      await d.waitForSelector('body', { text: '8000 train / 2000 test', timeout: 60000 });
      await d.waitFor(inkOf, 'canvas.preview', { timeout: 10000, what: 'the MNIST preview drawn' });
      const ink = await d.evaluate(inkOf, 'canvas.preview');
      assert.ok(ink > 5000, `digits drawn on the preview (${ink} inked pixels)`);
    },

    async train() {
      // The default net, as the page opens (open() left it there). The page's Samples/s is the
      // rate since its previous progress report, so it jumps: the figure printed is the median
      // of its readings over the second half of the run, with the page's own counters beside it
      // (Samples seen over Time, start-up included).
      await d.waitFor(playReady, null, { timeout: 90000, what: 'Play to be enabled' });
      await d.click('#play');
      const t0 = Date.now();
      const readings = [];
      let now;
      for (;;) {
        now = await d.evaluate(() => ({
          s: Number(document.querySelector('#samples').textContent),
          speed: Number(document.querySelector('#speed').textContent),
          time: parseFloat(document.querySelector('#elapsed').textContent),
        }));
        if (now.s > TRAIN_SAMPLES / 2 && now.speed > 0) readings.push(now.speed);
        if (now.s > TRAIN_SAMPLES) break;
        assert.ok(Date.now() - t0 < 240000, `${d.name}: only ${now.s} samples after 240 s`);
        await new Promise((ok) => setTimeout(ok, 200));
      }
      await d.click('#play');
      await d.waitFor(playShows, 'Play', { timeout: 10000, what: 'the Play button after pausing' });
      assert.ok(readings.length > 0, 'the page shows a speed while training');
      readings.sort((x, y) => x - y);
      const median = readings[readings.length >> 1];
      console.log(`engines: ${d.name} (${d.version}): default net, the page shows ${median} samples/s`
        + ` (median of ${readings.length} readings, ${readings[0]} to ${readings.at(-1)});`
        + ` its counters: ${now.s} samples in ${now.time} s, ${Math.round(now.s / now.time)}/s`);
      speeds.push(`${d.name} ${median}`);
      await d.screenshot(`${SHOTS}/engines-${d.name}.png`);
    },

    async charts() {
      // Training paused just now: the charts have had their last report.
      await new Promise((ok) => setTimeout(ok, 500));
      const canvases = await d.evaluate(visibleCanvases);
      console.log(`engines: ${d.name}: ${canvases.length} charts on screen: `
        + canvases.map((c) => `${c.name} ${c.ink}`).join(', '));
      assert.ok(canvases.length >= 5, `the lab's charts are on screen (${canvases.length})`);
      const blank = canvases.filter((c) => c.ink < 20);
      const shown = await d.evaluate(shownThoughHidden);
      assert.deepEqual(blank, [], `blank charts in ${d.name}`
        + (shown.length ? `; elements marked hidden but displayed: ${shown.join('; ')}` : ''));
      assert.deepEqual(shown, [], 'elements marked hidden are not displayed');
    },

    async modelFile() {
      let seen = await samples();
      if (!(seen > 0)) { // the train step did not leave a trained net: make one
        await ready(site.url);
        seen = (await trainPast(3000)).s;
      }
      seen = await samples();
      const mse = await testMseAt(seen);
      const { name, bytes } = await d.download('#save-model');
      assert.match(name, /^autoencoder-mnist-\d+k\.aelmodel$/);
      assert.equal(bytes.subarray(0, 8).toString(), 'AELMODEL');
      await d.waitForSelector('#model-file-status', { text: 'Saved' });

      await d.evaluate(() => { delete window.__aelTestMse; });
      await ready(site.url);
      await d.upload('#load-model', [{ name, mimeType: 'application/octet-stream', buffer: bytes }]);
      await d.waitForSelector('#model-file-status', { text: 'Loaded', timeout: 30000 });
      assert.equal(await samples(), seen, 'the samples counter carries on from the file');
      const loaded = await testMseAt(seen);
      console.log(`engines: ${d.name}: model file ${bytes.length} bytes; test MSE ${mse} saved, ${loaded} loaded`);
      assert.equal(loaded, mse, 'the same test MSE, to the bit');
    },

    async lesson() {
      // Lesson 7, step 1: the concrete autoencoder selecting 10 pixels (as lessons.test.mjs).
      await d.waitFor(playReady, null, { timeout: 90000, what: 'Play to be enabled' });
      await d.select('#lesson-menu', 'concrete');
      await d.waitForSelector('#lesson-step[data-lesson="concrete"][data-step="1"]');
      await d.click('#lesson-setup');
      // The page asks in its own dialog before discarding the loaded net: yes.
      const asked = await d.waitFor(() => document.getElementById('confirm-dialog')?.open, null,
        { timeout: 3000, what: 'the question' }).then(() => true, () => false);
      if (asked) await d.click('#confirm-yes');
      await d.waitFor(() => document.querySelector('#samples').textContent === '0', null,
        { timeout: 10000, what: 'a fresh model' }).catch(() => {});
      await d.waitFor(playReady, null, { timeout: 90000, what: 'Play to be enabled' });
      const r = await trainPast(3000);
      await d.waitFor(() => [...document.querySelectorAll('#compare caption')]
        .some((c) => /all \d+ test items/.test(c.textContent)), null,
      { timeout: 60000, what: 'the metrics on the whole test split' });
      await d.waitForSelector('#lesson-check[data-holds="true"]', { timeout: 30000 }).catch(() => {});
      const check = await d.evaluate(() => {
        const c = document.querySelector('#lesson-check');
        return c && { text: c.textContent, holds: c.getAttribute('data-holds') };
      });
      console.log(`engines: ${d.name}: lesson concrete k = 10 (${r.s} samples, ${r.seconds.toFixed(1)} s): ${check?.text}`);
      assert.equal(check?.holds, 'true', check?.text ?? 'no #lesson-check');
    },

    async csv() {
      await ready(site.url + '?data=moons');
      await d.click('.own-data summary');
      await d.upload('#csv-file', [{ name: 'flowers.csv', mimeType: 'text/csv', buffer: Buffer.from(flowers(300, 42)) }]);
      await d.waitForSelector('#csv-status', { text: 'was not used', timeout: 30000 });
      assert.match(await d.text('#csv-status'),
        /1 cell in 1 row missing or not numbers, first on line 42, column "sepal_width": "oops"/);
      await d.click('#csv-drop');
      await d.waitForSelector('#csv-status', { text: 'flowers.csv: 299 rows', timeout: 30000 });
      assert.match(await d.text('#csv-status'), /239 to train, 60 to test/);
      assert.equal(await d.evaluate(() => document.querySelector('#dataset').value), 'own');
      await d.waitFor(playReady, null, { timeout: 30000, what: 'Play to be enabled' });
      await trainPast(5000);
      const ink = await d.evaluate(inkOf, '#latent-ae');
      assert.ok(ink > 200, `the table's codes drawn (${ink} inked pixels)`);
    },

    /** The last step: it stops the server. Returns a reason to skip, or nothing. */
    async offline() {
      await d.goto(site.url);
      await d.waitForSelector('body', { text: '8000 train / 2000 test', timeout: 60000 });
      const sw = await d.evaluate(() => ({
        api: 'serviceWorker' in navigator, secure: window.isSecureContext, caches: typeof caches,
      }));
      if (!sw.api) return `${d.name} offers no service workers here (navigator.serviceWorker missing; secure context: ${sw.secure})`;
      const controlled = await d.waitFor(async () => !!navigator.serviceWorker.controller
        && (await caches.keys()).length > 0, null, { timeout: 30000, what: 'the service worker to control the page' }).catch((e) => e);
      if (controlled instanceof Error) {
        const why = await d.evaluate(async () => {
          const regs = await navigator.serviceWorker.getRegistrations();
          return `${regs.length} registration(s), controller ${!!navigator.serviceWorker.controller}`;
        }).catch((e) => e.message);
        throw new Error(`${controlled.message}; ${why}`);
      }
      await site.close();
      await d.reload();
      await d.waitForSelector('body', { text: '8000 train / 2000 test', timeout: 60000 });
      await d.waitFor(playReady, null, { timeout: 90000, what: 'Play to be enabled offline' });
      await d.click('#step');
      await d.waitFor(() => Number(document.querySelector('#samples').textContent) === 64, null,
        { timeout: 30000, what: 'one step trained offline' });
      console.log(`engines: ${d.name}: offline reload with the server stopped: opened, loaded MNIST from the cache, trained a step`);
      return undefined;
    },
  };
}

for (const engine of ENGINES) {
  const why = !chosen.includes(engine) ? `not chosen (AEL_ENGINES=${process.env.AEL_ENGINES})` : missing(engine);
  test(`${engine}: open, train, charts, model file, lesson, CSV, offline`, { skip: why ?? false }, async (t) => {
    const t0 = Date.now();
    const site = await serveDist();
    let d;
    try {
      d = await launch(engine, { origin: site.origin });
    } catch (e) {
      await site.close();
      throw e;
    }
    console.log(`engines: ${engine}: ${d.version}`);
    let seen = 0;
    /** One step: a failure names it; the page's errors during it fail it too. */
    const step = (name, fn) => t.test(name, async (s) => {
      let reason, failure;
      try { reason = await fn(); } catch (e) { failure = e; }
      const problems = await d.problems().catch(() => []);
      const fresh = problems.slice(seen);
      seen = problems.length;
      // What the page itself shows as broken counts too (in WebKit the only sign of an error
      // thrown while the page loads, before the driver's hook is in).
      fresh.push(...await d.evaluate(() => [...document.querySelectorAll('#fatal, #worker-crash, .banner-error')]
        .map((e) => `the page shows an error: ${e.textContent.trim().slice(0, 300)}`)).catch(() => []));
      if (failure) {
        if (fresh.length) failure.message += `\nthe page reported: ${fresh.join('\n')}`;
        throw failure;
      }
      if (reason) {
        console.log(`engines: ${engine}: ${name} skipped: ${reason}`);
        s.skip(reason);
      }
      assert.deepEqual(fresh, [], `the page reported errors in ${engine}`);
    });
    try {
      const s = steps(d, site);
      await step('open: the MNIST preview is drawn', s.open);
      await step(`train: the default net past ${TRAIN_SAMPLES} samples`, s.train);
      await step('charts: every chart on screen has ink', s.charts);
      await step('model file: save, then load in a fresh page', s.modelFile);
      await step('lesson: a step\'s check holds', s.lesson);
      await step('CSV: a bad row refused, then trained on', s.csv);
      await step('offline: reload with the server stopped', s.offline);
    } finally {
      await d.close();
      await site.close();
      console.log(`engines: ${engine}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
  });
}
