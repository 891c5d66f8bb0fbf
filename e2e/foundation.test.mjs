// The page loads from a sub-path, shows real data, and survives broken downloads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, openBrowser, inkedPixels, SHOTS } from './harness.mjs';

let site;
before(async () => { site = await serveDist(); });
after(async () => { await site.close(); });

test('MNIST preview renders under a sub-path, with facts and no console errors', async () => {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    await page.goto(site.url);
    await page.getByRole('heading', { name: 'Autoencoder Lab' }).waitFor();
    await page.getByText('8000 train / 2000 test').waitFor({ timeout: 30000 });
    const fcp = await page.evaluate(() =>
      performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1);
    console.log(`first-contentful-paint ${fcp.toFixed(0)} ms`);
    assert.ok(fcp > 0, 'first paint recorded');
    assert.ok(await inkedPixels(page, 'canvas.preview') > 5000, 'digits drawn on the preview');
    await page.screenshot({ path: `${SHOTS}/foundation-mnist.png`, fullPage: true });
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('the page runs under a strict content security policy that blocks injected scripts', async () => {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    await page.goto(site.url);
    await page.getByText('8000 train / 2000 test').waitFor({ timeout: 30000 });
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    console.log(`policy: ${policy}`);
    const directive = (name) => policy.split(';').map((d) => d.trim()).find((d) => d.startsWith(name + ' '));
    assert.equal(directive('default-src'), "default-src 'self'");
    const scripts = directive('script-src');
    assert.match(scripts, /'wasm-unsafe-eval'/);
    assert.doesNotMatch(scripts, /'unsafe-inline'|'unsafe-eval'|\*|https?:/);
    // An injected inline script is refused, and the refusal is reported.
    const outcome = await page.evaluate(() => new Promise((done) => {
      document.addEventListener('securitypolicyviolation', (e) => done(`refused: ${e.violatedDirective}`), { once: true });
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true;';
      document.body.append(s);
      setTimeout(() => done(window.__injected ? 'ran' : 'silent'), 2000);
    }));
    assert.match(outcome, /^refused: script-src/);
    assert.equal(await page.evaluate(() => window.__injected ?? false), false);
    // That refusal was the test's own doing; nothing else was refused.
    assert.deepEqual(b.problems.filter((p) => !p.includes('CSP violation: script-src')
      && !p.includes('Content Security Policy')), []);
    assert.equal(b.problems.filter((p) => p.includes('CSP violation')).length, 1, b.problems.join('\n'));
  } finally { await b.close(); }
});

test('switching datasets shows Fashion-MNIST and a synthetic scatter', async () => {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    await page.goto(site.url);
    await page.getByText('8000 train / 2000 test').waitFor({ timeout: 30000 });
    await page.selectOption('#dataset', 'fashion');
    await page.getByText('5440 train / 1360 test').waitFor({ timeout: 30000 });
    await page.getByText('Ankle boot').first().waitFor();
    await page.selectOption('#dataset', 'swiss-roll');
    await page.getByText('2400 train / 600 test').waitFor();
    assert.ok(await inkedPixels(page, 'canvas.preview') > 2000, 'scatter drawn');
    await page.screenshot({ path: `${SHOTS}/foundation-swiss-roll.png`, fullPage: true });
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('a failed or truncated download shows a message and Retry recovers', async () => {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    let mode = 'truncate';
    await page.route('**/assets/mnist.bin.gz', async (route) => {
      if (mode === 'pass') return route.continue();
      if (mode === '404') return route.fulfill({ status: 404, body: 'nope' });
      const real = await route.fetch();
      const body = (await real.body()).subarray(0, 100000);
      return route.fulfill({ status: 200, body, contentType: 'application/gzip' });
    });
    await page.goto(site.url);
    const alert = page.getByRole('alert');
    await alert.getByText(/Could not load MNIST digits: the download is damaged or incomplete/).waitFor({ timeout: 30000 });
    mode = '404';
    await alert.getByRole('button', { name: 'Retry' }).click();
    await alert.getByText(/server answered 404/).waitFor({ timeout: 30000 });
    mode = 'pass';
    await alert.getByRole('button', { name: 'Retry' }).click();
    await page.getByText('8000 train / 2000 test').waitFor({ timeout: 30000 });
    assert.equal(await page.locator('.banner-error').count(), 0);
    // The 404 is a console error Chromium logs itself; the page handled it.
    const unexpected = b.problems.filter((p) => !p.includes('404'));
    assert.deepEqual(unexpected, []);
  } finally { await b.close(); }
});
