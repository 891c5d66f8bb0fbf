// The "Hinton's deep autoencoder" preset, run on the page: after the samples the page trains
// in its first minute here, the comparison table must show the deep 30-D code's test MSE
// below PCA-30's. A sample budget, not a clock, so a busy machine cannot fail it; the time the
// page took is printed (and `node e2e/measure.mjs` reports the 60 s figure).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, openBrowser, SHOTS, autoConfirm } from './harness.mjs';

/// The page trains about 64,000 samples of this net in 60 s on this project's machines.
const BUDGET = 40000;

let site;
before(async () => { site = await serveDist(); });
after(async () => { await site.close(); });

test("Hinton's deep autoencoder beats PCA-30 on the page's own table", async () => {
  const b = await openBrowser(site.origin, { width: 1366, height: 900 });
  try {
    const { page, problems } = b;
    await autoConfirm(page);
    await page.goto(site.url);
    await page.locator('#play:not([disabled])').waitFor({ timeout: 90000 });
    const preset = page.locator('.presets button', { hasText: "Hinton's deep autoencoder" });
    await preset.click();
    await page.locator('#compare caption', { hasText: 'PCA with 30 components' }).waitFor({ timeout: 60000 });
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    const t0 = Date.now();
    await page.click('#play');
    await page.waitForFunction((n) => Number(document.querySelector('#samples').textContent) >= n,
      BUDGET, { timeout: 240000, polling: 250 });
    const seconds = (Date.now() - t0) / 1000;
    await page.click('#play');
    await page.locator('#play', { hasText: 'Play' }).waitFor();
    // A pause measures the whole test split; the caption says so.
    await page.locator('#compare caption', { hasText: 'all 2000 test items' }).waitFor({ timeout: 30000 });
    const [ae, pca] = await page.$$eval('#compare tbody tr:first-child td', (tds) => tds.map((td) => Number(td.textContent)));
    const samples = await page.$eval('#samples', (e) => Number(e.textContent));
    console.log(`Hinton preset: ${samples} samples in ${seconds.toFixed(1)} s; test MSE AE ${ae} vs PCA-30 ${pca} (ratio ${(ae / pca).toFixed(3)})`);
    await page.screenshot({ path: `${SHOTS}/hinton-preset.png` });
    assert.ok(Number.isFinite(ae) && Number.isFinite(pca), `numbers in the table: ${ae}, ${pca}`);
    assert.ok(ae < pca, `AE ${ae} below PCA-30 ${pca}`);
    assert.deepEqual(problems, []);
  } finally {
    await b.close();
  }
});
