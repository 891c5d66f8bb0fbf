// The lab: train MNIST live in the page, with curves, latent scatter, reconstructions, and a
// main thread that stays responsive.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, openBrowser, inkedPixels, distinctColours, SHOTS, autoConfirm } from './harness.mjs';

let site;
before(async () => { site = await serveDist(); });
after(async () => { await site.close(); });

const samples = (page) => page.$eval('#samples', (e) => Number(e.textContent));
const trainLoss = async (page) => {
  const t = await page.$eval('#loss-latest', (e) => e.textContent);
  const m = /train ([0-9.]+)/.exec(t);
  return m ? Number(m[1]) : NaN;
};

async function openLab(b, query = '') {
  const { page } = b;
  await autoConfirm(page);
  await page.goto(site.url + query);
  await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
}

test('MNIST trains live: loss falls, scatter, reconstructions, pause, reset, smooth page', async () => {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    await openLab(b);
    // Long tasks on the main thread while the worker trains flat out.
    await page.evaluate(() => {
      window.__longtasks = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__longtasks.push(e.duration)))
        .observe({ type: 'longtask', buffered: false });
    });
    await page.click('#play');
    await page.waitForFunction(() => document.querySelector('#loss-latest').textContent.includes('train'), null, { timeout: 30000 });
    const first = await trainLoss(page);
    await page.waitForTimeout(10000);
    const later = await trainLoss(page);
    const tasks = await page.evaluate(() => window.__longtasks);
    const speed = await page.$eval('#speed', (e) => e.textContent);
    console.log(`long tasks during 10 s of training: ${tasks.length}, longest ${Math.max(0, ...tasks).toFixed(0)} ms`);
    console.log(`samples/s shown: ${speed}; train loss ${first} -> ${later}`);
    assert.ok(later < first, `loss falls: ${first} -> ${later}`);
    assert.ok(await distinctColours(page, '#latent-ae') >= 5, 'latent scatter in at least 5 colours');
    assert.ok(await distinctColours(page, '#latent-pca') >= 5, 'PCA scatter in at least 5 colours');
    assert.ok(await inkedPixels(page, '#recon-ae') > 2000, 'AE reconstructions drawn');
    assert.ok(await inkedPixels(page, '#recon-pca') > 2000, 'PCA reconstructions drawn');
    assert.ok(await inkedPixels(page, '#loss-chart') > 2000, 'loss chart drawn');
    await page.screenshot({ path: `${SHOTS}/lab-desktop.png`, fullPage: true });
    await page.screenshot({ path: `${SHOTS}/lab-viewport.png` });

    await page.click('#play'); // pause
    await page.locator('#play', { hasText: 'Play' }).waitFor();
    const paused = await samples(page);
    await page.waitForTimeout(1000);
    assert.equal(await samples(page), paused, 'pause stops the counters');
    assert.ok(paused > 1000);

    await page.click('#step');
    await page.waitForFunction((n) => Number(document.querySelector('#samples').textContent) === n + 64, paused);

    await page.click('#reset');
    await page.waitForFunction(() => document.querySelector('#samples').textContent === '0');
    assert.equal(await page.$eval('#loss-latest', (e) => e.textContent.trim()), '', 'curves cleared');
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('code size 3 adds PCA of the code to the view picker; the settings go into the address', async () => {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    await openLab(b);
    // A 2-D code is drawn as it is, or mapped onto PCA's plane; PCA of the code needs more.
    assert.equal(await page.locator('#dims option[value="pca"]').count(), 0);
    assert.equal(await page.locator('#dims option[value="onto"]').count(), 1);
    await page.fill('#code', '3');
    await page.press('#code', 'Enter');
    await page.locator('#dims option[value="pca"]').waitFor({ state: 'attached', timeout: 30000 });
    assert.match(page.url(), /code=3/);
    await page.selectOption('#dims', 'pca');
    await page.waitForFunction(() => true);
    await page.fill('#code', 'abc');
    await page.press('#code', 'Enter');
    await page.getByText('Enter a number from 1 to 64.').waitFor();
    assert.ok(await page.locator('#play').isDisabled(), 'an invalid setting cannot start');
    await page.fill('#code', '2');
    await page.press('#code', 'Enter');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 30000 });
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('a learning rate of 10 ends in the divergence message, not a crash', async () => {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    await openLab(b, '?data=mnist&lr=10&opt=sgd&out=identity');
    await page.click('#play');
    const notice = page.locator('#notice');
    await notice.waitFor({ timeout: 60000 });
    const text = await notice.textContent();
    console.log(`divergence notice: ${text}`);
    assert.match(text, /diverg|blew up|not finite|exploding/i);
    await page.locator('#play', { hasText: 'Play' }).waitFor();
    assert.equal(await page.locator('#fatal').count(), 0);
    await page.screenshot({ path: `${SHOTS}/lab-diverged.png`, fullPage: false });
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('phone width: panels stack and the lab still trains', async () => {
  const b = await openBrowser(site.origin, { width: 390, height: 844 });
  try {
    const { page } = b;
    await openLab(b, '?data=swiss-roll');
    await page.click('#play');
    await page.waitForFunction(() => Number(document.querySelector('#samples').textContent) > 5000, null, { timeout: 30000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `no horizontal scrolling (${overflow}px)`);
    await page.click('#play');
    await page.screenshot({ path: `${SHOTS}/lab-phone.png`, fullPage: true });
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('a worker that fails to start shows a message, and restarting it keeps the settings', async () => {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    await autoConfirm(page);
    let broken = true;
    await page.route('**/worker_bg.wasm', (route) => (broken ? route.fulfill({ status: 404, body: 'gone' }) : route.continue()));
    await page.goto(site.url + '?data=moons&code=3&seed=9');
    const crash = page.locator('#worker-crash');
    await crash.waitFor({ timeout: 40000 });
    assert.match(await crash.textContent(), /did not start|stopped unexpectedly/);
    broken = false;
    await crash.getByRole('button', { name: 'Restart training worker' }).click();
    await page.locator('#play:not([disabled])').waitFor({ timeout: 30000 });
    assert.equal(await page.inputValue('#code'), '3', 'settings kept');
    assert.equal(await page.inputValue('#seed'), '9');
    await page.click('#step');
    await page.waitForFunction(() => Number(document.querySelector('#samples').textContent) === 64);
    // The failed wasm fetch is logged by Chromium and by the loader; nothing else may be.
    const unexpected = b.problems.filter((p) => !/404|worker_bg|WebAssembly|wasm/i.test(p));
    assert.deepEqual(unexpected, []);
  } finally { await b.close(); }
});

test('settings that do not fit together are refused with the reason, and the lab keeps working', async () => {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    await autoConfirm(page);
    // A link asking the concrete autoencoder to select 5 of the two moons' 2 coordinates.
    await page.goto(site.url + '?data=moons&hidden=&code=5&code_act=identity&concrete=5&region=code');
    const notice = page.locator('#notice');
    await notice.waitFor({ timeout: 60000 });
    console.log(`link note: ${await notice.textContent()}`);
    assert.match(await notice.textContent(), /k must be at most 2/);
    await page.locator('#play:not([disabled])').waitFor({ timeout: 30000 });
    await page.click('#step');
    await page.waitForFunction(() => Number(document.querySelector('#samples').textContent) === 64);
    // On MNIST a concrete model selects 50 pixels; moving it to the moons is refused.
    await page.selectOption('#dataset', 'mnist');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    await page.selectOption('#model-kind', { label: 'concrete autoencoder (selects k input features)' });
    await page.locator('#concrete-k').waitFor();
    await page.locator('#play:not([disabled])').waitFor({ timeout: 30000 });
    // Refused beside the menu the student used, not in a banner at the top of the page.
    await page.selectOption('#dataset', 'moons');
    const refused = page.locator('#dataset-refused', { hasText: 'That change was not applied' });
    await refused.waitFor();
    console.log(`refused change: ${await refused.textContent()}`);
    assert.equal(await page.inputValue('#dataset'), 'mnist');
    assert.match(page.url(), /data=mnist/);
    await page.click('#step');
    await page.waitForFunction(() => Number(document.querySelector('#samples').textContent) === 64);
    assert.equal(await page.locator('#fatal').count(), 0);
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});
