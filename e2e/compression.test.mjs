// Compression against the browser's JPEG and WebP: train a 16-unit code, measure, read the
// rate-distortion chart's table at 64 bits per image.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, openBrowser, inkedPixels, SHOTS, autoConfirm } from './harness.mjs';

let site;
before(async () => { site = await serveDist(); });
after(async () => { await site.close(); });

test('compression: AE, PCA, JPEG and WebP on one rate-distortion chart, compared at 64 bits', async () => {
  const b = await openBrowser(site.origin, { width: 1366, height: 900 });
  try {
    const { page } = b;
    // The panel names the net it needs and sets it up: the default 2-number code cannot
    // spend 64 bits an image.
    await autoConfirm(page);
    await page.goto(site.url + '?data=mnist&region=apps');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    console.log(await page.textContent('#compression-needs'));
    await page.click('#compression-setup');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('code') === '16');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    await page.evaluate(() => {
      window.__longtasks = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__longtasks.push(e.duration)))
        .observe({ type: 'longtask', buffered: false });
    });
    await page.click('#play');
    // A fixed sample budget (the native test trains the same net for 120,000).
    await page.waitForFunction(() => Number(document.querySelector('#samples').textContent) > 40000, null, { timeout: 120000 });
    await page.click('#play');
    await page.locator('#play', { hasText: 'Play' }).waitFor();
    await page.$eval('#compression', (e) => e.scrollIntoView());
    await page.click('#measure-compression');
    await page.locator('#measure-compression', { hasText: 'Measure compression' }).waitFor({ timeout: 120000 });
    assert.equal(await page.textContent('#compression-status'), '', 'no codec failed');
    const rows = await page.$$eval('#compression-table tbody tr', (rs) => rs.map((r) => [...r.children].map((c) => c.textContent)));
    console.log(`at 64 bits per image (method, setting, bits, PSNR, smallest bits):\n  ${rows.map((r) => r.join(' | ')).join('\n  ')}`);
    const names = rows.map((r) => r[0]);
    assert.deepEqual(names, [
      'Autoencoder, fixed-length code', 'Autoencoder, entropy-coded', 'PCA coefficients, fixed length',
      'JPEG, whole file', 'JPEG, entropy-coded data only', 'WebP, whole file', 'WebP, image chunk only',
    ]);
    const row = (name) => rows.find((r) => r[0] === name);
    assert.equal(Number(row('Autoencoder, fixed-length code')[2]), 64);
    assert.ok(Number(row('Autoencoder, fixed-length code')[3]) > Number(row('PCA coefficients, fixed length')[3]), 'the code beats PCA at 64 bits');
    // Headers removed, the files are smaller.
    assert.ok(Number(row('JPEG, entropy-coded data only')[4]) < Number(row('JPEG, whole file')[4]));
    assert.ok(await inkedPixels(page, '#compression-chart') > 3000, 'chart drawn');
    assert.ok(await inkedPixels(page, '#compression-images') > 3000, 'images drawn');
    await page.$eval('#compression', (e) => e.scrollIntoView());
    await page.screenshot({ path: `${SHOTS}/compression.png`, fullPage: false });
    const tasks = await page.evaluate(() => window.__longtasks);
    console.log(`long tasks: ${tasks.length}, longest ${Math.max(0, ...tasks).toFixed(0)} ms`);
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});
