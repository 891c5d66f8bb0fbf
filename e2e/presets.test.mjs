// Every preset proves its description on the page: pressed, trained for a sample budget the
// page reaches within its first minute here, paused (so the numbers are on the whole test
// split), and the observable the description names read off the page. A budget, not a
// clock, so a busy machine cannot fail it; each line printed says how long the page took.
// (The Hinton preset has its own file; tests/claims/preset_claims.rs checks the same claims natively.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, openBrowser, SHOTS, autoConfirm } from './harness.mjs';

let site, b;
before(async () => {
  site = await serveDist();
  b = await openBrowser(site.origin, { width: 1366, height: 900 });
  await autoConfirm(b.page);
  await b.page.goto(site.url);
  await b.page.locator('#play:not([disabled])').waitFor({ timeout: 90000 });
});
after(async () => { await b.close(); await site.close(); });

/** Press the preset, train `budget` samples, pause; returns the seconds training took. */
async function train(name, budget, ready) {
  const { page } = b;
  await page.locator('.presets button', { hasText: name }).click();
  await page.locator('#compare caption', { hasText: ready }).waitFor({ timeout: 90000 });
  await page.locator('#play:not([disabled])').waitFor({ timeout: 90000 });
  const t0 = Date.now();
  await page.click('#play');
  await page.waitForFunction((n) => Number(document.querySelector('#samples').textContent) >= n,
    budget, { timeout: 180000, polling: 250 });
  const seconds = (Date.now() - t0) / 1000;
  await page.click('#play');
  await page.locator('#play', { hasText: 'Play' }).waitFor();
  await page.locator('#compare caption', { hasText: /all \d+ test items/ }).waitFor({ timeout: 30000 });
  return seconds;
}

/** The AE and PCA columns of the comparison row whose name starts with `name`. */
async function row(name) {
  const cells = await b.page.$$eval('#compare tbody tr', (trs, n) => {
    const tr = trs.find((t) => t.querySelector('th').textContent.startsWith(n));
    return tr ? [...tr.querySelectorAll('td')].map((td) => td.textContent) : null;
  }, name);
  assert.ok(cells, `a "${name}" row in the comparison table`);
  return cells.map((c) => Number(c.replace(/[^0-9.eE+-]/g, '')));
}

async function shot(file) {
  await b.page.screenshot({ path: `${SHOTS}/${file}`, fullPage: true });
  assert.deepEqual(b.problems, []);
}

test('the benchmark net: a 2-D code that separates digits better than PCA', async () => {
  const s = await train('The benchmark net on MNIST', 60000, 'PCA with 2 components');
  const [ae, pca] = await row('5-NN accuracy');
  console.log(`benchmark preset: ${s.toFixed(1)} s; 5-NN AE ${ae} % vs PCA-2 ${pca} %`);
  assert.ok(ae > pca + 10, `AE ${ae} % vs PCA ${pca} %`);
  await shot('preset-benchmark.png');
});

test('a linear autoencoder is PCA: same subspace, same error, the same picture', async () => {
  const s = await train('A linear autoencoder is PCA', 200000, 'PCA with 5 components');
  const [r2] = await row('Same subspace as PCA');
  const [ae, pca] = await row('MSE per value');
  console.log(`linear preset: ${s.toFixed(1)} s; R² ${r2}; MSE AE ${ae} vs PCA-5 ${pca}`);
  assert.ok(r2 > 0.98, `R² ${r2}`);
  assert.ok(ae < 1.05 * pca, `MSE AE ${ae} vs PCA ${pca}`);
  assert.equal(await b.page.inputValue('#dims'), 'onto', 'the scatter maps the code onto PCA\'s plane');
  await shot('preset-linear.png');
});

test('the identity trap copies random noise; denoising escapes it', async () => {
  let s = await train('The identity trap', 100000, 'PCA with 10 components');
  const [trap] = await row('Random-noise error');
  const t1 = s;
  s = await train('…escaped by denoising', 100000, 'PCA with 10 components');
  const [escaped] = await row('Random-noise error');
  console.log(`identity presets: ${t1.toFixed(1)} s and ${s.toFixed(1)} s; noise error ÷ variance trap ${trap}, escaped ${escaped}`);
  assert.ok(trap < 0.1, `the trap copies noise (${trap})`);
  assert.ok(escaped > 5 * Math.max(trap, 0.02), `denoising does not (${escaped})`);
  await shot('preset-identity.png');
});

test('sparse codes: units fire at the 5 % target', async () => {
  const s = await train('Sparse codes', 150000, 'PCA with 64 components');
  const text = await b.page.$eval('#unit-mean', (e) => e.textContent);
  const rate = Number(/: ([0-9.]+)/.exec(text)[1]);
  console.log(`sparse preset: ${s.toFixed(1)} s; ${text}`);
  assert.ok(rate > 0.03 && rate < 0.08, text);
  await shot('preset-sparse.png');
});

test('denoising digits: the AE beats PCA on the same masked digits', async () => {
  const s = await train('Denoising digits', 60000, 'PCA with 32 components');
  const [ae, pca] = await row('MSE per value');
  console.log(`denoising preset: ${s.toFixed(1)} s; MSE AE ${ae} vs PCA-32 ${pca} (both on masked input)`);
  assert.match(await b.page.$eval('#compare caption', (e) => e.textContent), /Both see the test items corrupted/);
  assert.ok(ae < pca, `AE ${ae} vs PCA ${pca}`);
  await shot('preset-denoising.png');
});

test("a VAE's latent plane separates digits better than PCA's", async () => {
  const s = await train("A VAE's latent plane", 60000, 'PCA with 2 components');
  const [ae, pca] = await row('5-NN accuracy');
  console.log(`VAE preset: ${s.toFixed(1)} s; 5-NN VAE ${ae} % vs PCA-2 ${pca} %`);
  assert.ok(ae > pca + 10, `VAE ${ae} % vs PCA ${pca} %`);
  await shot('preset-vae.png');
});

test('the swiss roll: a 2-D code rebuilds what PCA flattens', async () => {
  const s = await train('The swiss roll', 300000, 'PCA with 2 components');
  const [ae, pca] = await row('MSE per value');
  console.log(`swiss-roll preset: ${s.toFixed(1)} s; MSE AE ${ae} vs PCA-2 ${pca} (ratio ${(ae / pca).toFixed(3)})`);
  assert.ok(ae < 0.5 * pca, `AE ${ae} vs PCA ${pca}`);
  await shot('preset-swiss-roll.png');
});
