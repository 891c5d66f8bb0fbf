// The VAE and the decoder panel: pointer decoding on the latent plane, sliders, prior samples,
// the manifold grid and interpolation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, openBrowser, inkedPixels, SHOTS } from './harness.mjs';

let site;
before(async () => { site = await serveDist(); });
after(async () => { await site.close(); });

const decodedPixels = (page) => page.$eval('#decoded', (c) =>
  Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 4 === 0)));

test('a VAE trains; two points of its latent plane decode to two different images', async () => {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    await page.goto(site.url + '?data=mnist&vae=1&beta=1&warmup=0&lik=bernoulli');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    assert.equal(await page.$eval('#model-kind', (s) => s.options[s.selectedIndex].text), 'variational autoencoder (VAE)');
    await page.click('#play');
    await page.waitForFunction(() => document.querySelector('#elbo').textContent.includes('ELBO'), null, { timeout: 60000 });
    await page.waitForTimeout(4000);
    await page.click('#play');
    await page.locator('#play', { hasText: 'Play' }).waitFor();
    console.log(`VAE after ~5 s: ${await page.$eval('#elbo', (e) => e.textContent)}`);
    await page.locator('#loss-series', { hasText: 'KL divergence' }).waitFor();
    await page.locator('#latent-ae').scrollIntoViewIfNeeded();
    const box = await page.locator('#latent-ae').boundingBox();
    await page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.35);
    await page.waitForTimeout(100);
    const first = await decodedPixels(page);
    const z1 = await page.$eval('#probe', (e) => e.textContent);
    await page.mouse.click(box.x + box.width * 0.7, box.y + box.height * 0.65);
    await page.waitForTimeout(100);
    const second = await decodedPixels(page);
    const z2 = await page.$eval('#probe', (e) => e.textContent);
    console.log(`decoded ${z1} and ${z2}`);
    assert.notEqual(z1, z2, 'the pointer moved the code');
    const differing = first.filter((v, i) => Math.abs(v - second[i]) > 20).length;
    assert.ok(differing > 200, `two different decoded images (${differing} pixels differ)`);
    assert.ok(await inkedPixels(page, '#manifold-grid') > 5000, 'manifold grid drawn');
    assert.ok(await inkedPixels(page, '#interpolation') > 3000, 'interpolation drawn');
    await page.click('#sample-prior');
    await page.waitForTimeout(100);
    assert.notEqual(await page.$eval('#probe', (e) => e.textContent), z2, 'a prior sample moves the code');
    await page.screenshot({ path: `${SHOTS}/vae.png`, fullPage: true });
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('a VAE with a 4-D latent gets one slider per dimension', async () => {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    await page.goto(site.url + '?data=mnist&vae=1&code=4');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    await page.locator('#z-slider-3').waitFor({ timeout: 30000 });
    assert.equal(await page.locator('input[id^="z-slider-"]').count(), 4);
    await page.click('#step');
    await page.waitForFunction(() => Number(document.querySelector('#samples').textContent) === 64);
    const before = await page.$eval('#probe', (e) => e.textContent);
    await page.$eval('#z-slider-2', (el) => { el.value = '2'; el.dispatchEvent(new Event('input', { bubbles: true })); });
    await page.waitForFunction((b0) => document.querySelector('#probe').textContent !== b0, before);
    assert.match(await page.$eval('#probe', (e) => e.textContent), /2\.00/);
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});
