// My runs: keep two runs in the browser, see them listed after a reload, compare their curves
// on one chart, rename one, open one (its settings back, its curves pinned), delete one; and
// a full storage is explained instead of failing silently.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, openBrowser, inkedPixels, distinctColours, SHOTS, autoConfirm } from './harness.mjs';

let site;
before(async () => { site = await serveDist(); });
after(async () => { await site.close(); });

async function train(page, past) {
  await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
  await page.click('#play');
  await page.waitForFunction((n) => Number(document.querySelector('#samples').textContent) > n,
    past, { timeout: 60000, polling: 100 });
  await page.click('#play');
  await page.locator('#play', { hasText: 'Play' }).waitFor();
  await page.locator('#loss-latest', { hasText: 'test' }).waitFor({ timeout: 30000 });
}

async function keep(page, name) {
  await page.fill('#run-name', name);
  await page.click('#keep-run');
  await page.locator('#runs-message', { hasText: `Kept “${name}”` }).waitFor({ timeout: 10000 });
}

test('two kept runs survive a reload and compare on one chart', async () => {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    const answers = [];
    page.on('dialog', (d) => d.accept(answers.shift()));
    await autoConfirm(page);
    await page.goto(site.url + '?data=moons&hidden=16&code=2&act=relu');
    await train(page, 20000);
    await keep(page, 'relu');
    await page.goto(site.url + '?data=moons&hidden=16&code=2&act=tanh');
    await train(page, 20000);
    await keep(page, 'tanh');

    await page.reload();
    await page.locator('#runs-list .run').nth(1).waitFor({ timeout: 10000 });
    const names = await page.locator('#runs-list .run-name').allTextContents();
    assert.deepEqual(names, ['relu', 'tanh']);
    assert.match(await page.locator('#runs-list').textContent(), /Two moons \(2-D\) · \d+ samples · test MSE \d\.\d+(e-\d+)?/);

    await page.locator('#runs-list .compare').nth(0).check();
    await page.locator('#runs-list .compare').nth(1).check();
    await page.locator('#runs-caption', { hasText: 'Indigo: “relu”' }).waitFor();
    assert.match(await page.locator('#runs-caption').textContent(), /rose: “tanh” \(test MSE \d\.\d+(e-\d+)?\)/);
    assert.ok(await inkedPixels(page, '#runs-compare') > 500, 'the comparison is drawn');
    assert.ok(await distinctColours(page, '#runs-compare') >= 2, 'in two colours');
    await page.locator('section[aria-labelledby="runs-title"]').screenshot({ path: `${SHOTS}/runs.png` });

    answers.push('relu, 16 units');
    await page.locator('#runs-list .rename-run').nth(0).click();
    await page.locator('#runs-list .run-name', { hasText: 'relu, 16 units' }).waitFor();

    // Open the tanh run from a page with other settings: they come back, curves pinned.
    await page.goto(site.url + '?data=moons&hidden=8&code=2&act=sigmoid');
    await page.locator('#runs-list .run').nth(1).waitFor({ timeout: 10000 });
    await page.locator('#runs-list .open-run').nth(1).click();
    await page.waitForFunction(() => location.search.includes('act=tanh') && location.search.includes('hidden=16'));
    assert.match(await page.locator('#loss-series').textContent(), /a pinned run/);

    await page.locator('#runs-list .delete-run').nth(0).click();
    await page.locator('#runs-message', { hasText: 'Deleted “relu, 16 units”' }).waitFor();
    assert.deepEqual(await page.locator('#runs-list .run-name').allTextContents(), ['tanh']);
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('a full storage is explained and the run is kept on the page', async () => {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    // The browser's answer when a site's storage quota is used up.
    await b.context.addInitScript(() => {
      IDBObjectStore.prototype.put = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await page.goto(site.url + '?data=moons&hidden=16&code=2');
    await train(page, 3000);
    const seen = await page.locator('#samples').textContent();
    await page.fill('#run-name', 'big');
    await page.click('#keep-run');
    await page.locator('#runs-message', { hasText: 'Not kept: the browser\'s storage for this site is full: delete some kept runs, then try again.' }).waitFor();
    assert.equal(await page.locator('#samples').textContent(), seen);
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});
