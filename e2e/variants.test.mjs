// Regularised variants: each toggles in the lab, trains, shows its loss term and its picture.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, openBrowser, inkedPixels, SHOTS, autoConfirm, showRegion } from './harness.mjs';

let site;
before(async () => { site = await serveDist(); });
after(async () => { await site.close(); });

async function trainBriefly(page, samples = 20000) {
  await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
  await page.click('#play');
  await page.waitForFunction((n) => Number(document.querySelector('#samples').textContent) > n, samples, { timeout: 60000 });
  await page.click('#play');
  await page.locator('#play', { hasText: 'Play' }).waitFor();
  await page.waitForFunction(() => document.querySelector('#identity-check').textContent.includes('random noise'));
}

test('activity penalty: its loss term is charted and the unit histogram renders', async () => {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    await autoConfirm(page);
    await page.goto(site.url + '?data=mnist&act=sigmoid&code_act=sigmoid&code=16&region=code');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    await page.selectOption('#penalty', { label: 'target rate ρ̂ (KL or distance)' });
    await page.locator('#rho').waitFor();
    assert.match(page.url(), /pen=rate/);
    await trainBriefly(page);
    await page.locator('#loss-series', { hasText: 'sparsity' }).waitFor({ state: 'attached' });
    assert.ok(await inkedPixels(page, '#unit-histogram') > 1500, 'histogram drawn');
    assert.ok(await inkedPixels(page, '#features') > 1500, 'first-layer features drawn');
    await page.screenshot({ path: `${SHOTS}/variant-sparse.png`, fullPage: true });
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('target rate on ReLU units is disabled with the reason shown', async () => {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    await page.goto(site.url + '?data=mnist&region=code');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    await page.getByText(/Target rate unavailable: .*needs sigmoid units/).waitFor();
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('k-sparse and denoising train and show their pictures', async () => {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    await autoConfirm(page);
    await page.goto(site.url + '?data=mnist&code=16&region=code');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    await page.check('#ksparse-on');
    await page.locator('#ksparse-k').waitFor();
    await page.selectOption('#noise', { label: 'masking (set to 0)' });
    await page.locator('#noise-level').waitFor();
    assert.match(page.url(), /ksparse=4/);
    assert.match(page.url(), /noise=mask/);
    await trainBriefly(page);
    assert.ok(await inkedPixels(page, '#denoise-triplets') > 3000, 'noisy / output / clean triplets drawn');
    assert.ok(await inkedPixels(page, '#unit-histogram') > 1500, 'code histogram drawn');
    await page.screenshot({ path: `${SHOTS}/variant-denoise.png`, fullPage: true });
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('the identity-trap preset shows the trap; pinning keeps a run for comparison', async () => {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    await autoConfirm(page);
    await page.goto(site.url + '?region=code');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    await page.getByRole('button', { name: 'The identity trap' }).click();
    await page.getByText('2400 train / 600 test').waitFor({ timeout: 30000 });
    assert.match(page.url(), /data=blobs/);
    assert.equal(await page.inputValue('#code'), '32');
    await trainBriefly(page, 60000);
    const check = await page.$eval('#identity-check', (e) => e.textContent);
    const times = Number(/([0-9.]+) times the noise/.exec(check)[1]);
    console.log(`identity trap in the page: ${check}`);
    assert.ok(times < 0.2, `copies random noise (${times})`);
    // Pin this run sits above the loss chart, under Train.
    await showRegion(page, 'train');
    await page.click('#pin-run');
    await page.locator('#loss-series', { hasText: 'pinned run' }).waitFor({ state: 'attached' });
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('contractive penalty and layer-wise pretraining: charted and shown', async () => {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    await autoConfirm(page);
    await page.goto(site.url + '?data=mnist&hidden=64&code=16&act=sigmoid&code_act=sigmoid&region=code');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    await page.check('#cae-on');
    await page.locator('#cae-lambda').waitFor();
    await page.check('#pretrain-on');
    await page.locator('#pretrain-epochs').waitFor();
    assert.match(page.url(), /cae=0\.001/);
    assert.match(page.url(), /pretrain=1/);
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    await page.click('#play');
    await page.waitForFunction(() => document.querySelector('#phase').textContent.includes('Pretraining layer'), null, { timeout: 30000 });
    await page.waitForFunction(() => document.querySelector('#phase').textContent.includes('Fine-tuning'), null, { timeout: 90000 });
    await page.locator('#loss-series', { hasText: 'contractive penalty' }).waitFor({ state: 'attached', timeout: 30000 });
    await page.waitForFunction(() => document.querySelector('#identity-check').textContent.includes('random noise'), null, { timeout: 30000 });
    await page.click('#play');
    assert.ok(await inkedPixels(page, '#jacobian-chart') > 1500, 'Jacobian chart drawn');
    await page.screenshot({ path: `${SHOTS}/variant-contractive.png`, fullPage: true });
    // The exact penalty's cost grows with the square of the widths: a wide layer is allowed,
    // a second one past the budget is refused with the reason, and the lab keeps its settings.
    await page.fill('#h0', '1024');
    await page.press('#h0', 'Enter');
    await page.locator('#cae-cost', { hasText: '6.01 of at most 12 billion' }).waitFor();
    await page.getByRole('button', { name: 'Add layer' }).click();
    await page.locator('#notice', { hasText: 'too slow to watch' }).waitFor();
    console.log(`refused change: ${await page.textContent('#notice')}`);
    assert.equal(await page.locator('#h1').count(), 0, 'no second layer');
    assert.match(page.url(), /hidden=1024&/);
    await page.locator('#play:not([disabled])').waitFor({ timeout: 30000 });
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('concrete autoencoder: trains and shows which pixels it selects', async () => {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    await autoConfirm(page);
    await page.goto(site.url + '?data=mnist&region=code');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    await page.selectOption('#model-kind', { label: 'concrete autoencoder (selects k input features)' });
    await page.locator('#concrete-k').waitFor();
    assert.match(page.url(), /concrete=50/);
    assert.equal(await page.inputValue('#code'), '50');
    await trainBriefly(page, 30000);
    await page.locator('#concrete-caption', { hasText: 'Temperature T =' }).waitFor({ timeout: 30000 });
    console.log(`concrete: ${await page.$eval('#concrete-caption', (e) => e.textContent)}`);
    assert.ok(await inkedPixels(page, '#selection-map') > 200, 'selection heat-map drawn');
    assert.ok(await inkedPixels(page, '#selected-inputs') > 1000, 'selected pixels of test items drawn');
    assert.ok(await inkedPixels(page, '#error-vs-k') > 1500, 'error against k charted');
    // A hard selection's Jacobian is a constant 0/1 matrix: no chart of it.
    assert.equal(await page.locator('#jacobian-chart').isVisible(), false);
    // Its code is the selected pixels: no prior to sample, no latent sliders or quantile grid
    // (the decoder's panel is under Train).
    await showRegion(page, 'train');
    assert.equal(await page.locator('#sample-prior').isVisible(), false);
    assert.equal(await page.locator('#manifold-grid').isVisible(), false);
    assert.ok(await page.locator('#loss-chart').isVisible(), 'the region shows');
    await showRegion(page, 'code');
    // The second decoder's line is drawn in the second series colour, Tol's rose #CC6677.
    const rose = () => page.$eval('#error-vs-k', (c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (Math.abs(d[i] - 0xcc) + Math.abs(d[i + 1] - 0x66) + Math.abs(d[i + 2] - 0x77) < 24) n++;
      }
      return n;
    });
    const oneDecoder = await rose();
    // The hidden widths of a concrete model are its decoder's: drop the layer, train again.
    await page.locator('fieldset.layers legend', { hasText: 'decoder' }).waitFor();
    assert.match(await page.textContent('p.arch'), /^in → select \[50\] → 256 → out$/);
    await page.getByRole('button', { name: 'Remove hidden layer 1' }).click();
    await page.locator('p.arch', { hasText: /^in → select \[50\] → out$/ }).waitFor();
    assert.match(page.url(), /hidden=&/);
    await trainBriefly(page, 30000);
    await page.locator('#concrete-caption', { hasText: 'Temperature T =' }).waitFor({ timeout: 30000 });
    const twoDecoders = await rose();
    console.log(`error-vs-k rose pixels: ${oneDecoder} with one decoder, ${twoDecoders} with two`);
    assert.ok(oneDecoder < 5 && twoDecoders > 40, 'a second decoder gets its own line');
    await page.screenshot({ path: `${SHOTS}/variant-concrete.png`, fullPage: true });
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('binary code: refused beside the box for a linear code, then trained to bits', async () => {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    await autoConfirm(page);
    await page.goto(site.url + '?data=mnist&hidden=256&code=16&code_act=identity&region=code');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    assert.ok(await page.isDisabled('#binary-on'), 'no binary code on a linear code');
    await page.locator('#binary-reason', { hasText: 'needs a sigmoid code' }).waitFor();
    await page.selectOption('#code-act', { label: 'sigmoid' });
    await page.locator('#binary-on:not([disabled])').waitFor({ timeout: 30000 });
    await page.check('#binary-on');
    await page.locator('#binary-noise').waitFor();
    assert.match(page.url(), /binary=4/);
    await trainBriefly(page, 30000);
    await page.locator('#compare caption', { hasText: /all \d+ test items/ }).waitFor({ state: 'attached', timeout: 30000 });
    const cells = await page.$$eval('#compare tbody tr', (trs) => trs
      .filter((t) => /0\.1 of 0 or 1|rounded to 0\/1/.test(t.querySelector('th').textContent))
      .map((t) => t.querySelector('td').textContent));
    console.log(`binary code in the page: ${cells.join(', ')}`);
    assert.equal(cells.length, 2, 'both binary rows in the table');
    assert.ok(Number(cells[0].replace(/[^0-9.]/g, '')) > 60, `mostly binary: ${cells[0]}`);
    await page.screenshot({ path: `${SHOTS}/variant-binary.png`, fullPage: true });
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});
