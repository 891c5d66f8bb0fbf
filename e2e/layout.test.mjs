// Results first and sharp: on a 1366 × 900 desktop the loss and the latent space are in the
// first screen; on a 390 × 844 phone a results chart is within two screens, the run bar stays
// in view, and the decoded image sits just above the plane; every chart canvas is drawn at
// the device pixel ratio. Screenshots of all three are kept with the test results.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, openBrowser, inkedPixels, SHOTS, autoConfirm } from './harness.mjs';

let site;
before(async () => { site = await serveDist(); });
after(async () => { await site.close(); });

const CHARTS = ['#loss-chart', '#latent-ae', '#latent-pca'];

async function trainAWhile(page, query = '', samples = 20000) {
  await autoConfirm(page);
  await page.goto(site.url + query);
  await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
  await page.click('#play');
  await page.waitForFunction((n) => Number(document.querySelector('#samples').textContent) > n, samples, { timeout: 60000 });
  await page.waitForTimeout(1500);
}

/** Each chart's backing store against its CSS box × devicePixelRatio. */
async function backing(page) {
  return page.evaluate((sel) => sel.map((s) => {
    const c = document.querySelector(s);
    const r = c.getBoundingClientRect();
    const style = getComputedStyle(c);
    const border = parseFloat(style.borderLeftWidth) + parseFloat(style.borderRightWidth);
    return { s, width: c.width, want: Math.round((r.width - border) * devicePixelRatio), dpr: devicePixelRatio };
  }), CHARTS);
}

function assertSharp(rows, dpr) {
  for (const r of rows) {
    assert.equal(r.dpr, dpr);
    assert.ok(Math.abs(r.width - r.want) <= 1, `${r.s}: ${r.width} device px for a ${r.want}-px box at ${dpr}×`);
  }
}

const box = (page, sel) => page.$eval(sel, (e) => { const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right }; });

test('desktop 1366 × 900: the loss and the latent space are in the first screen, drawn sharp', async () => {
  const b = await openBrowser(site.origin, { width: 1366, height: 900 });
  try {
    const { page } = b;
    await trainAWhile(page);
    const [loss, ae, pca] = [await box(page, '#loss-chart'), await box(page, '#latent-ae'), await box(page, '#latent-pca')];
    console.log(`1366×900: loss chart ${loss.top.toFixed(0)}-${loss.bottom.toFixed(0)}, latent ${ae.top.toFixed(0)}-${ae.bottom.toFixed(0)} px`);
    for (const [name, r] of [['loss chart', loss], ['AE latent plot', ae], ['PCA latent plot', pca]]) {
      assert.ok(r.top >= 0 && r.bottom <= 900, `${name} within the first screen: ${r.top}-${r.bottom}`);
    }
    assert.ok(await inkedPixels(page, '#latent-ae') > 500 && await inkedPixels(page, '#loss-chart') > 500);
    assertSharp(await backing(page), 1);
    await page.screenshot({ path: `${SHOTS}/layout-1366x900.png` });
    // The run bar stays in view while the results scroll.
    await page.evaluate(() => window.scrollTo(0, 1500));
    await page.waitForTimeout(300);
    const bar = await box(page, '#play');
    assert.ok(bar.top >= 0 && bar.bottom < 120, `Play still on screen after scrolling (${bar.top})`);
    // Pausing and playing from there leaves the page where it is.
    const y = await page.evaluate(() => window.scrollY);
    await page.click('#play');
    await page.click('#play');
    await page.waitForTimeout(500);
    assert.equal(await page.evaluate(() => window.scrollY), y, 'Play does not jump the page');
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('2× density: chart canvases hold two device pixels per CSS pixel', async () => {
  const b = await openBrowser(site.origin, { width: 1366, height: 900 }, [], { deviceScaleFactor: 2 });
  try {
    const { page } = b;
    await trainAWhile(page, '', 5000);
    const rows = await backing(page);
    console.log(`2×: ${rows.map((r) => `${r.s} ${r.width}/${r.want}`).join(', ')}`);
    assertSharp(rows, 2);
    await page.screenshot({ path: `${SHOTS}/layout-1366x900-2x.png` });
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('phone 390 × 844: results before settings, run bar in view, decode just above the plane', async () => {
  const b = await openBrowser(site.origin, { width: 390, height: 844 }, [], { deviceScaleFactor: 3, isMobile: true, hasTouch: true });
  try {
    const { page } = b;
    await trainAWhile(page, '', 10000);
    const loss = await box(page, '#loss-chart');
    const settings = await box(page, '#dataset');
    console.log(`390×844: loss chart at ${loss.top.toFixed(0)} px, dataset menu at ${settings.top.toFixed(0)} px`);
    assert.ok(loss.top < 2 * 844, `a results chart within the first two screens (${loss.top})`);
    assert.ok(settings.top > loss.bottom, 'settings come after the results');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `no horizontal scrolling (${overflow}px)`);
    assertSharp(await backing(page), 3);
    // The decoded image is just above the plane the student drags on, in the same screen.
    await page.$eval('#latent-ae', (e) => e.scrollIntoView({ block: 'end' }));
    await page.waitForTimeout(300);
    const [decoded, plane, bar] = [await box(page, '#decoded-here canvas'), await box(page, '#latent-ae'), await box(page, '#play')];
    assert.ok(decoded.bottom <= plane.top + 1 && plane.top - decoded.bottom < 200, `decode above the plane: ${decoded.bottom} / ${plane.top}`);
    assert.ok(decoded.top >= 0, 'the decode is on screen with the plane');
    // Under the region tabs, at the top of the screen.
    assert.ok(bar.top >= 0 && bar.top < 100, `the run bar stays in view (${bar.top})`);
    // Dragging across the plane decodes there.
    const before = await page.$eval('#decoded-here figcaption', (e) => e.textContent);
    await page.mouse.move(plane.left + 60, plane.top + 60);
    await page.mouse.move(plane.left + 200, plane.top + 150, { steps: 4 });
    await page.waitForFunction((t) => document.querySelector('#decoded-here figcaption').textContent !== t, before);
    await page.screenshot({ path: `${SHOTS}/layout-390x844-plane.png` });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SHOTS}/layout-390x844.png` });
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('the learning rate changes mid-run on the trained network, and the chart marks where', async () => {
  const b = await openBrowser(site.origin, { width: 1366, height: 900 });
  try {
    const { page } = b;
    const dialogs = [];
    await autoConfirm(page, (text) => { dialogs.push(text); return true; });
    await trainAWhile(page, '?data=moons', 20000);
    const before = Number(await page.textContent('#samples'));
    await page.$eval('#lr', (e) => { e.value = '-4'; e.dispatchEvent(new Event('change', { bubbles: true })); });
    await page.locator('#loss-series', { hasText: 'Settings changed mid-run' }).waitFor();
    await page.waitForFunction((n) => Number(document.querySelector('#samples').textContent) > n + 5000, before, { timeout: 30000 });
    assert.deepEqual(dialogs, [], 'no "discard the weights?" question');
    const lr = Number(new URL(page.url()).searchParams.get('lr'));
    assert.ok(Math.abs(lr - 1e-4) < 1e-6, `the link keeps the new rate (${lr})`);
    console.log(`retuned at ${before} samples: ${await page.textContent('#loss-series')}`);
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('a refused or disabled control says why beside itself', async () => {
  const b = await openBrowser(site.origin, { width: 1366, height: 900 });
  try {
    const { page } = b;
    await autoConfirm(page);
    await page.goto(site.url + '?data=mnist&out=identity');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    // Cross-entropy on a linear output: refused beside the loss menu.
    await page.selectOption('#loss', { index: 1 });
    const why = page.locator('#loss-refused', { hasText: 'not applied' });
    await why.waitFor();
    console.log(`beside the loss menu: ${await why.textContent()}`);
    assert.equal(await page.locator('#notice').count(), 0, 'no banner at the top for it');
    assert.equal(await page.inputValue('#loss'), '0', 'the menu shows the kept value');
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('ranges fit the model; a 1-D code is named as one; BCE in nats per image; arrows move the plane', async () => {
  const b = await openBrowser(site.origin, { width: 1366, height: 900 });
  try {
    const { page } = b;
    await trainAWhile(page, '', 20000);
    await page.click('#play');
    // A plain AE's sliders span its codes' 1st-99th percentiles (plus a tenth), not ±3.
    await page.waitForFunction(() => document.querySelector('#z-slider-0').min !== '-3');
    const span = await page.$eval('#z-slider-0', (e) => [Number(e.min), Number(e.max)]);
    console.log(`plain AE slider z1 spans ${span[0]} to ${span[1]}`);
    assert.ok(span[1] > span[0]);
    assert.match(await page.textContent('#grid-hint'), /percentile/);
    // Arrow keys on the focused plane move the decoded code.
    const before = await page.textContent('#decoded-here figcaption');
    await page.focus('#latent-ae');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowUp');
    await page.waitForFunction((t) => document.querySelector('#decoded-here figcaption').textContent !== t, before);
    console.log(`after two arrow keys: ${await page.textContent('#decoded-here figcaption')}`);

    // A 1-D code against PCA's one component, named as such.
    await page.fill('#code', '1');
    await page.press('#code', 'Enter');
    await page.locator('#compare caption', { hasText: 'PCA with 1 component;' }).waitFor({ timeout: 30000 });
    await page.locator('h3', { hasText: 'PCA with 1 component' }).waitFor();

    // Cross-entropy reported per image in nats, beside the per-pixel MSE.
    await page.goto(site.url + '?data=mnist&loss=bce');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    await page.click('#step');
    await page.locator('#elbo', { hasText: 'nats per image' }).waitFor({ timeout: 30000 });
    console.log(`BCE units: ${await page.textContent('#elbo')}`);
    assert.match(await page.textContent('#elbo'), /MSE [0-9.]+ per pixel/);
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});
