// Offline after the first visit: the service worker (sw.js, written at build time) caches the
// whole build, so with the network gone the lab opens, loads both image sets and trains; a
// new build is picked up on the next visit with a notice, and its old cache removed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, openBrowser, SHOTS, autoConfirm } from './harness.mjs';

let site;
before(async () => { site = await serveDist(); });
after(async () => { await site.close(); });

const samples = (page) => page.$eval('#samples', (e) => Number(e.textContent));

/** Train until the counter passes `n` samples, then pause. */
async function trainPast(page, n) {
  await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
  await page.click('#play');
  await page.waitForFunction((n) => Number(document.querySelector('#samples').textContent) > n,
    n, { timeout: 60000, polling: 250 });
  await page.click('#play');
  await page.locator('#play', { hasText: 'Play' }).waitFor();
}

test('after one visit the lab opens, switches data and trains offline; a new build is announced', async () => {
  const b = await openBrowser(site.origin, undefined, [], { serviceWorkers: 'allow' });
  try {
    const { page, context } = b;
    await page.goto(site.url + '?data=mnist&code=2');
    await page.getByText('8000 train / 2000 test').waitFor({ timeout: 30000 });
    // The first visit installs the worker, which caches every file, then takes the page over.
    const cached = await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      while (!navigator.serviceWorker.controller) await new Promise((r) => setTimeout(r, 100));
      const keys = await caches.keys();
      const files = await (await caches.open(keys[0])).keys();
      return { keys, files: files.map((r) => new URL(r.url).pathname) };
    });
    console.log(`cache ${cached.keys.join(', ')}: ${cached.files.length} files`);
    assert.equal(cached.keys.length, 1);
    for (const want of [/\.wasm$/, /worker_loader\.js$/, /mnist\.bin\.gz$/, /fashion\.bin\.gz$/, /\/$/]) {
      assert.ok(cached.files.some((f) => want.test(f)), `${want} cached`);
    }

    await context.setOffline(true);
    const failed = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    await page.reload();
    await page.getByText('8000 train / 2000 test').waitFor({ timeout: 30000 });
    assert.equal(await page.locator('#update-notice').count(), 0, 'the same build: no notice');
    await trainPast(page, 5000);
    // The other image set comes from the cache too (leaving the trained net is confirmed).
    await autoConfirm(page);
    await page.selectOption('#dataset', 'fashion');
    await page.getByText('5440 train / 1360 test').waitFor({ timeout: 30000 });
    await trainPast(page, 2000);
    console.log(`offline: trained ${await samples(page)} samples on Fashion-MNIST after MNIST`);
    await page.screenshot({ path: `${SHOTS}/offline.png` });
    assert.deepEqual(failed, [], 'no request failed while offline');

    // Back online, a new build: the next visit installs it, says so, and drops the old cache.
    await context.setOffline(false);
    site.rewrite = (rel, body) => rel === 'sw.js'
      ? Buffer.from(body.toString().replace(/autoencoder-lab-([0-9a-f]+)/, 'autoencoder-lab-$1next'))
      : body;
    await page.reload();
    await page.locator('#update-notice').waitFor({ timeout: 30000 });
    const keys = await page.evaluate(async () => {
      for (let i = 0; i < 50 && (await caches.keys()).length > 1; i++) await new Promise((r) => setTimeout(r, 100));
      return caches.keys();
    });
    assert.deepEqual(keys.map((k) => k.endsWith('next')), [true], `old cache removed: ${keys}`);
    await page.screenshot({ path: `${SHOTS}/offline-update.png` });
    assert.deepEqual(b.problems, []);
  } finally {
    site.rewrite = (rel, body) => body;
    await b.close();
  }
});
