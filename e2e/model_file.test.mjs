// Model files on the page: save a trained model, reload the page, load it, and see the same
// test MSE to the bit and the same settings; then train on. Files that do not fit (cut short,
// for other data, far too large) are refused beside the buttons and the run is kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serveDist, openBrowser, autoConfirm } from './harness.mjs';

let site;
before(async () => { site = await serveDist(); });
after(async () => { await site.close(); });

const samples = (page) => page.evaluate(() => Number(document.querySelector('#samples').textContent));
const status = (page) => page.locator('#model-file-status');

async function ready(page, query) {
  await page.goto(site.url + query);
  await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
}

async function train(page, past) {
  await page.click('#play');
  await page.waitForFunction((n) => Number(document.querySelector('#samples').textContent) > n,
    past, { timeout: 60000, polling: 100 });
  await page.click('#play');
  await page.locator('#play', { hasText: 'Play' }).waitFor();
}

/** The exact test MSE once the metrics of `seen` samples have arrived. */
async function testMseAt(page, seen) {
  await page.waitForFunction((n) => window.__aelTestMse !== undefined
    && Number(document.querySelector('#samples').textContent) === n, seen, { timeout: 30000 });
  // Pausing sends the metrics of the last weights: wait for them to settle.
  await page.waitForTimeout(500);
  return page.evaluate(() => window.__aelTestMse);
}

async function load(page, name, buffer) {
  await page.setInputFiles('#load-model', { name, mimeType: 'application/octet-stream', buffer });
}

test('a saved model loads after a reload with the same test MSE, and trains on', async () => {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    await autoConfirm(page);
    await ready(page, '?data=mnist&hidden=24&code=2&lr=0.003&seed=7');
    await train(page, 20000);
    const seen = await samples(page);
    const mse = await testMseAt(page, seen);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save-model')]);
    const name = download.suggestedFilename();
    const bytes = await readFile(await download.path());
    assert.match(name, /^autoencoder-mnist-\d+k\.aelmodel$/);
    assert.equal(bytes.subarray(0, 8).toString(), 'AELMODEL');
    await status(page).filter({ hasText: 'Saved' }).waitFor();

    // A fresh page with other settings: loading brings the saved ones back.
    await page.evaluate(() => { delete window.__aelTestMse; });
    await ready(page, '?data=mnist');
    await load(page, name, bytes);
    await status(page).filter({ hasText: 'Loaded' }).waitFor({ timeout: 30000 });
    assert.equal(await samples(page), seen, 'the samples counter carries on from the file');
    const loaded = await testMseAt(page, seen);
    console.log(`model file ${bytes.length} bytes; test MSE ${mse} before, ${loaded} after loading`);
    assert.equal(loaded, mse, 'the same test MSE, to the bit');
    assert.match(page.url(), /hidden=24/);
    assert.match(page.url(), /seed=7/);
    const arch = await page.locator('fieldset.layers .arch').textContent();
    assert.match(arch, /24/, `the controls show the file's network: ${arch}`);

    // Cut short: refused, and the loaded run is untouched.
    await load(page, name, bytes.subarray(0, bytes.length >> 1));
    await status(page).filter({ hasText: 'cut short' }).waitFor();
    assert.match(await status(page).textContent(), /current run is unchanged/);
    assert.equal(await samples(page), seen);
    assert.equal(await page.evaluate(() => window.__aelTestMse), mse);

    await train(page, seen + 5000);
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('a model for other data and a 1 GB file are refused, and the run goes on', async () => {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    await autoConfirm(page);
    // A file saved on the two moons…
    await ready(page, '?data=moons&hidden=16&code=2');
    await train(page, 3000);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save-model')]);
    const moons = await readFile(await download.path());

    // …offered to a lab on the circles (the same shape of data).
    await ready(page, '?data=circles&hidden=16&code=2');
    await train(page, 4000);
    const seen = await samples(page);
    await load(page, 'moons.aelmodel', moons);
    await status(page).filter({ hasText: 'trained on Two moons' }).waitFor({ timeout: 30000 });
    assert.match(await status(page).textContent(), /Choose Two moons \(2-D\) under Data/);
    assert.equal(await samples(page), seen);
    assert.match(page.url(), /data=circles/);

    // A 1 GB file is refused by its size, before it is read.
    await page.evaluate(() => {
      const input = document.querySelector('#load-model');
      const chunk = new Uint8Array(1 << 20);
      const big = new File(Array.from({ length: 1024 }, () => chunk), 'huge.aelmodel');
      const dt = new DataTransfer();
      dt.items.add(big);
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await status(page).filter({ hasText: 'huge.aelmodel was not loaded' }).waitFor();
    assert.match(await status(page).textContent(), /1074 MB/);

    // The run was never touched: it trains on from where it was.
    assert.equal(await samples(page), seen);
    await train(page, seen + 2000);
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});
