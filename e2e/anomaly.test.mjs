// Anomaly detection, driven as a student would: pick the normal classes, train on them,
// measure, read the ROC curve and the AUCs, move the threshold.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, openBrowser, inkedPixels, SHOTS, autoConfirm } from './harness.mjs';

let site;
before(async () => { site = await serveDist(); });
after(async () => { await site.close(); });

test('anomaly detection: train on normal digits, see ROC curves, AUCs, a threshold and the one-class table', async () => {
  const b = await openBrowser(site.origin, { width: 1366, height: 900 });
  try {
    const { page } = b;
    await autoConfirm(page);
    await page.goto(site.url + '?data=mnist&hidden=256&code=32&region=apps');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    // Normal: 0 (ticked by default) and 1.
    await page.check('#normal-1');
    await page.click('#train-normal');
    await page.locator('#trained-on', { hasText: 'trains on 0, 1 only' }).waitFor({ timeout: 30000 });
    await page.locator('#play:not([disabled])').waitFor({ timeout: 30000 });
    await page.evaluate(() => {
      window.__longtasks = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__longtasks.push(e.duration)))
        .observe({ type: 'longtask', buffered: false });
    });
    await page.click('#play');
    await page.waitForFunction(() => Number(document.querySelector('#samples').textContent) > 15000, null, { timeout: 60000 });
    await page.click('#play');
    await page.locator('#play', { hasText: 'Play' }).waitFor();
    await page.check('#anomaly-corrupted');
    await page.click('#measure-anomaly');
    const rows = page.locator('#anomaly-table tbody tr');
    await rows.nth(2).waitFor({ timeout: 60000 });
    const table = await rows.allTextContents();
    console.log(`anomaly AUCs (normal 0 and 1, 15k samples):\n  ${table.join('\n  ')}`);
    console.log(await page.textContent('#anomaly-summary'));
    const ae = Number(/([0-9.]+)$/.exec(table[0])[1]);
    assert.ok(ae > 0.5, `the autoencoder's AUC beats chance (${ae})`);
    assert.ok(await inkedPixels(page, '#anomaly-roc') > 1000, 'ROC curves drawn');
    assert.ok(await inkedPixels(page, '#anomaly-most') > 500, 'most anomalous items drawn');
    assert.ok(await inkedPixels(page, '#anomaly-scores') > 1000, 'score histograms drawn');
    const before = await page.textContent('#anomaly-confusion');
    await page.$eval('#anomaly-threshold', (e) => { e.value = '0.2'; e.dispatchEvent(new Event('input', { bubbles: true })); });
    await page.waitForFunction((t) => document.querySelector('#anomaly-confusion').textContent !== t, before);
    console.log(await page.textContent('#anomaly-confusion'));
    await page.$eval('#anomaly', (e) => e.scrollIntoView());
    await page.screenshot({ path: `${SHOTS}/anomaly.png` });
    // Clothes as anomalies for a digit net: the other image set's test items join them.
    await page.check('#anomaly-other');
    await page.click('#measure-anomaly');
    await page.locator('#anomaly-summary', { hasText: 'items of Fashion-MNIST' }).waitFor({ timeout: 60000 });
    await page.locator('#measure-anomaly', { hasText: 'Measure anomaly detection' }).waitFor({ timeout: 60000 });
    const withClothes = await rows.allTextContents();
    console.log(`with Fashion-MNIST items as anomalies too:\n  ${withClothes.join('\n  ')}`);
    console.log(await page.textContent('#anomaly-summary'));
    assert.ok(Number(/([0-9.]+)$/.exec(withClothes[0])[1]) > 0.5);
    await page.uncheck('#anomaly-other');
    // The one-class table: every digit in turn as the only normal class, 5,000 samples each.
    await page.selectOption('#one-class-samples', '5000');
    await page.click('#one-class-start');
    await page.locator('#one-class-progress', { hasText: 'Training on' }).waitFor({ timeout: 30000 });
    await page.locator('#one-class-progress', { hasText: 'Done.' }).waitFor({ timeout: 180000 });
    const oneClass = await page.locator('#one-class-table tbody tr').allTextContents();
    console.log(`one-class table (5,000 samples per class), class / AE AUC / PCA AUC:\n  ${oneClass.join('\n  ')}`);
    console.log(await page.textContent('#one-class-progress'));
    assert.equal(oneClass.length, 10);
    assert.ok(oneClass.some((r) => r.includes('(worst)')));
    // Started again and cancelled: it stops and says so.
    await page.click('#one-class-start');
    await page.locator('#one-class-progress', { hasText: 'Training on' }).waitFor({ timeout: 30000 });
    await page.click('#one-class-cancel');
    await page.locator('#one-class-progress', { hasText: 'Cancelled.' }).waitFor({ timeout: 30000 });
    await page.locator('#play:not([disabled])').waitFor({ timeout: 30000 });
    const tasks = await page.evaluate(() => window.__longtasks);
    console.log(`long tasks: ${tasks.length}, longest ${Math.max(0, ...tasks).toFixed(0)} ms`);
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('a net trained on every digit flags Fashion-MNIST items (all classes normal, the other image set anomalous)', async () => {
  const b = await openBrowser(site.origin, { width: 1366, height: 900 });
  try {
    const { page } = b;
    await page.goto(site.url + '?data=mnist&hidden=256&code=32&region=apps');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    await page.click('#play');
    await page.waitForFunction(() => Number(document.querySelector('#samples').textContent) > 60000,
      null, { timeout: 120000, polling: 250 });
    await page.click('#play');
    await page.locator('#play', { hasText: 'Play' }).waitFor();
    for (let c = 1; c < 10; c++) await page.check(`#normal-${c}`);
    await page.check('#anomaly-other');
    await page.click('#measure-anomaly');
    const summary = page.locator('#anomaly-summary', { hasText: 'items of Fashion-MNIST' });
    await summary.waitFor({ timeout: 60000 });
    const text = await summary.textContent();
    console.log(text);
    assert.match(text, /Anomalous: 1360 items of Fashion-MNIST\./);
    assert.match(text, /trained on every class, all normal here/);
    const rows = await page.locator('#anomaly-table tbody tr').allTextContents();
    console.log(`every digit normal, Fashion-MNIST items anomalous (60k samples):\n  ${rows.join('\n  ')}`);
    const ae = Number(/([0-9.]+)$/.exec(rows[0])[1]);
    assert.ok(ae >= 0.95, `AUC ${ae}`);
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});
