// Image restoration, driven as a student would: train a denoising net, denoise a test item
// and read the PSNR table; inpaint and super-resolve a test item and a drawing; and draw with
// a finger on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, openBrowser, inkedPixels, SHOTS, autoConfirm, showRegion } from './harness.mjs';

let site;
before(async () => { site = await serveDist(); });
after(async () => { await site.close(); });

/** The table's rows as { name, psnr, mean }. */
async function table(page) {
  return page.$$eval('#restore-table tbody tr', (rows) => rows.map((r) => {
    const cells = [...r.children].map((c) => c.textContent);
    return { name: cells[0].replace(/^\d+\. /, ''), psnr: parseFloat(cells[1]), mean: parseFloat(cells[2]) };
  }));
}

async function restore(page) {
  const before = await page.locator('#restore-summary').textContent();
  await page.click('#restore-run');
  await page.waitForFunction((t) => document.querySelector('#restore-summary').textContent !== t
    && !document.querySelector('#restore-run').disabled, before, { timeout: 60000 });
  return table(page);
}

/** Draw a "7" on the pad with the mouse. */
async function drawSeven(page) {
  await page.$eval('#drawing-pad', (e) => e.scrollIntoView({ block: 'center' }));
  const r = await page.$eval('#drawing-pad', (e) => { const b = e.getBoundingClientRect(); return { x: b.left, y: b.top, w: b.width, h: b.height }; });
  const at = (fx, fy) => [r.x + fx * r.w, r.y + fy * r.h];
  await page.mouse.move(...at(0.25, 0.2));
  await page.mouse.down();
  for (const [fx, fy] of [[0.5, 0.2], [0.75, 0.2], [0.6, 0.5], [0.45, 0.85]]) await page.mouse.move(...at(fx, fy), { steps: 8 });
  await page.mouse.up();
}

test('restoration: a denoiser beats the filters; inpainting and super-resolution from an item and a drawing', async () => {
  const b = await openBrowser(site.origin, { width: 1366, height: 900 });
  try {
    const { page } = b;
    // The panel names the net it needs and sets it up: the default net has no noise.
    await autoConfirm(page);
    await page.goto(site.url + '?data=mnist&region=apps');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    console.log(await page.textContent('#restore-needs'));
    await page.click('#restore-setup');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('noise') === 'mask');
    await page.locator('#restore-setup').waitFor({ state: 'hidden' });
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    await page.evaluate(() => {
      window.__longtasks = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__longtasks.push(e.duration)))
        .observe({ type: 'longtask', buffered: false });
    });
    await page.click('#play');
    // A fixed sample budget (the native test trains the same net for 60,000).
    await page.waitForFunction(() => Number(document.querySelector('#samples').textContent) > 40000, null, { timeout: 120000 });
    await page.click('#play');
    await page.locator('#play', { hasText: 'Play' }).waitFor();
    // Denoising: 30 % of the pixels masked.
    await page.$eval('#restore', (e) => e.scrollIntoView());
    const denoised = await restore(page);
    console.log(`denoising, masking 30 %, 40k samples:\n  ${denoised.map((r) => `${r.name}: ${r.psnr} dB, mean ${r.mean} dB`).join('\n  ')}`);
    assert.deepEqual(denoised.map((r) => r.name.split(' ')[0]), ['Autoencoder', 'Median', 'Gaussian', 'PCA-64']);
    assert.ok(denoised[0].mean > denoised[1].mean && denoised[0].mean > denoised[2].mean, 'the denoiser beats the median filter and the best blur');
    assert.ok(await inkedPixels(page, '#restore-images') > 2000, 'images drawn');
    await page.screenshot({ path: `${SHOTS}/restore-denoise.png` });
    // Inpainting the centre square of a test item, 3 rounds.
    await page.selectOption('#restore-task', 'Inpaint');
    assert.ok(await inkedPixels(page, '#mask-painter') > 100, 'the item and its hole are shown');
    const inpainted = await restore(page);
    console.log(`inpainting a test item:\n  ${inpainted.map((r) => `${r.name}: ${r.psnr} dB, mean ${r.mean} dB`).join('\n  ')}`);
    assert.equal(inpainted.length, 3);
    assert.match(inpainted[1].name, /Training mean/);
    assert.match(await page.textContent('#restore-summary'), /100 hidden pixels/);
    // A bigger hole painted with the pointer.
    const m = await page.$eval('#mask-painter', (e) => { const b = e.getBoundingClientRect(); return { x: b.left, y: b.top, w: b.width, h: b.height }; });
    await page.mouse.move(m.x + 0.1 * m.w, m.y + 0.8 * m.h);
    await page.mouse.down();
    await page.mouse.move(m.x + 0.9 * m.w, m.y + 0.8 * m.h, { steps: 20 });
    await page.mouse.up();
    await restore(page);
    const hidden = Number(/(\d+) hidden pixels/.exec(await page.textContent('#restore-summary'))[1]);
    assert.ok(hidden > 120, `painting hid more pixels: ${hidden}`);
    // Super-resolution of the test item.
    await page.selectOption('#restore-task', 'SuperResolve');
    const sr = await restore(page);
    console.log(`super-resolution of a test item:\n  ${sr.map((r) => `${r.name}: ${r.psnr} dB, mean ${r.mean} dB`).join('\n  ')}`);
    assert.deepEqual(sr.slice(1).map((r) => r.name), ['Nearest upsampling', 'Bilinear upsampling', 'Bicubic upsampling']);
    // The same from a drawing.
    await page.check('#restore-from-drawing');
    await page.click('#restore-run');
    await page.locator('#restore-error', { hasText: 'Draw something on the pad first' }).waitFor();
    await drawSeven(page);
    assert.ok(await inkedPixels(page, '#drawing-seen') > 50, 'the preprocessed drawing is shown');
    // It goes to the latent plots (under Train) and is reconstructed by the net and by PCA.
    await showRegion(page, 'train');
    await page.waitForFunction(() => document.querySelector('#latent-ae').dataset.drawing
      && document.querySelector('#latent-pca').dataset.drawing, null, { timeout: 10000 });
    console.log(`the drawing in the AE plot at ${await page.getAttribute('#latent-ae', 'data-drawing')}, in PCA's at ${await page.getAttribute('#latent-pca', 'data-drawing')}`);
    await showRegion(page, 'apps');
    assert.ok(await inkedPixels(page, '#drawing-recon') > 100, 'reconstructions drawn');
    const drawnSr = await restore(page);
    assert.equal(drawnSr.length, 4);
    await page.selectOption('#restore-task', 'Inpaint');
    await page.click('#mask-reset');
    const drawnIn = await restore(page);
    console.log(`inpainting a drawing:\n  ${drawnIn.map((r) => `${r.name}: ${r.psnr} dB`).join('\n  ')}`);
    assert.ok(drawnIn.every((r) => Number.isFinite(r.psnr)));
    await page.$eval('#restore', (e) => e.scrollIntoView());
    await page.screenshot({ path: `${SHOTS}/restore-drawing.png` });
    await showRegion(page, 'train');
    await page.$eval('#latent-ae', (e) => e.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: `${SHOTS}/restore-drawing-latent.png` });
    await showRegion(page, 'apps');
    // Back to test items: the mark goes.
    await page.check('#restore-from-item');
    await page.waitForFunction(() => !document.querySelector('#latent-ae').dataset.drawing, null, { timeout: 10000 });
    // A bad item number keeps the last one and says why.
    await page.fill('#restore-item', '-3');
    await page.$eval('#restore-item', (e) => e.blur());
    await page.locator('#restore-error', { hasText: 'Enter a test item number' }).waitFor();
    const tasks = await page.evaluate(() => window.__longtasks);
    console.log(`long tasks: ${tasks.length}, longest ${Math.max(0, ...tasks).toFixed(0)} ms`);
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('denoising Gaussian noise σ = 0.3: a net trained on it beats the median filter and the best blur', async () => {
  const b = await openBrowser(site.origin, { width: 1366, height: 900 });
  try {
    const { page } = b;
    await page.goto(site.url + '?data=mnist&hidden=256&code=64&noise=gauss&nlevel=0.3&region=apps');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    await page.click('#play');
    await page.waitForFunction(() => Number(document.querySelector('#samples').textContent) > 40000, null, { timeout: 120000 });
    await page.click('#play');
    await page.locator('#play', { hasText: 'Play' }).waitFor();
    await page.$eval('#restore', (e) => e.scrollIntoView());
    await page.selectOption('#restore-noise', 'Gaussian');
    assert.equal(await page.inputValue('#restore-level'), '0.3');
    const rows = await restore(page);
    console.log(`denoising, Gaussian σ 0.3, 40k samples:\n  ${rows.map((r) => `${r.name}: ${r.psnr} dB, mean ${r.mean} dB`).join('\n  ')}`);
    assert.match(await page.textContent('#restore-summary'), /Gaussian at 0.3/);
    assert.ok(rows[0].mean > rows[1].mean && rows[0].mean > rows[2].mean, 'the denoiser beats the median filter and the best blur');
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('the drawing pad works with a finger on a phone, without scrolling the page', async () => {
  const b = await openBrowser(site.origin, { width: 390, height: 844 }, [], { deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  try {
    const { page } = b;
    await page.goto(site.url + '?data=mnist&hidden=64&code=16&region=apps');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    await page.$eval('#restore', (e) => e.scrollIntoView());
    await page.tap('#restore-from-drawing');
    await page.$eval('#drawing-pad', (e) => e.scrollIntoView({ block: 'center' }));
    const r = await page.$eval('#drawing-pad', (e) => { const b = e.getBoundingClientRect(); return { x: b.left, y: b.top, w: b.width, h: b.height }; });
    const scrolled = await page.evaluate(() => window.scrollY);
    // A finger stroke down the middle, as touch events (Chromium turns them into pointers).
    const cdp = await page.context().newCDPSession(page);
    const touch = (type, fx, fy) => cdp.send('Input.dispatchTouchEvent', {
      type, touchPoints: type === 'touchEnd' ? [] : [{ x: r.x + fx * r.w, y: r.y + fy * r.h }],
    });
    await touch('touchStart', 0.5, 0.15);
    for (let k = 1; k <= 12; k++) await touch('touchMove', 0.5 + 0.01 * k, 0.15 + 0.06 * k);
    await touch('touchEnd');
    await page.screenshot({ path: `${SHOTS}/restore-phone.png` });
    await page.waitForFunction(() => !document.querySelector('#drawing-undo').disabled, null, { timeout: 5000 });
    assert.ok(await inkedPixels(page, '#drawing-pad') > 200, 'the stroke is on the pad');
    assert.ok(await inkedPixels(page, '#drawing-seen') > 30, 'and in the 28×28 image');
    assert.equal(await page.evaluate(() => window.scrollY), scrolled, 'drawing did not scroll the page');
    await page.screenshot({ path: `${SHOTS}/restore-phone.png` });
    // A finger lifts off the pad and reaches Undo in well over a third of a second. A tap
    // sooner than about 0.3 s after the drag gets no click from Chromium (measured here: its
    // touchstart and touchend reach the button, the click does not), so wait as a person would.
    await page.waitForTimeout(400);
    await page.tap('#drawing-undo');
    await page.waitForFunction(() => document.querySelector('#drawing-undo').disabled);
    assert.equal(await inkedPixels(page, '#drawing-seen'), 0, 'undo takes the stroke back');
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});
