// The page in regions (Train, Explore the code, Applications): tabs kept in the address and
// worked by keyboard; every lesson step, opened from a link made from other settings, brings
// its own panel on screen beside the docked lesson, with no verdict on the other settings,
// at 1366 × 900 and on a 390 × 844 phone. Screenshots of every region at both sizes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, openBrowser, SHOTS, autoConfirm, lessonPanelInView } from './harness.mjs';

let site;
before(async () => { site = await serveDist(); });
after(async () => { await site.close(); });

const DESKTOP = { size: { width: 1366, height: 900 }, options: {} };
const PHONE = { size: { width: 390, height: 844 }, options: { deviceScaleFactor: 3, isMobile: true, hasTouch: true } };

/** Every lesson's id and number of steps, as the page lists them. */
async function lessons(page) {
  return page.$$eval('#lesson-menu option', (os) => os.map((o) => o.value).filter(Boolean));
}

async function stepsPlaced(screen, name) {
  const b = await openBrowser(site.origin, screen.size, [], screen.options);
  try {
    const { page } = b;
    await autoConfirm(page);
    await page.goto(site.url);
    await page.locator('#play:not([disabled])').waitFor({ timeout: 90000 });
    const seen = [];
    for (const id of await lessons(page)) {
      for (let step = 1; ; step++) {
        // A link made from other settings (the moons) that names the step.
        await page.goto(`${site.url}?data=moons&hidden=16&code=2&lesson=${id}&step=${step}`);
        const shown = await page.locator(`#lesson-step[data-lesson="${id}"]`).getAttribute('data-step', { timeout: 30000 });
        if (Number(shown) !== step) break; // past the lesson's last step: the link opens step 1
        await page.locator('#play:not([disabled])').waitFor({ timeout: 90000 });
        // The page settles (data, network, first reports) before the check is read.
        await page.waitForTimeout(1500);
        const holds = await page.locator('#lesson-check[data-holds="true"]').count();
        assert.equal(holds, 0, `${id} step ${step}: a verdict on a run not trained`);
        const view = await lessonPanelInView(page);
        seen.push(`${id}/${step} ${view.id} ${Math.round(view.visible)} px`);
        assert.ok(view.visible >= Math.min(150, view.height),
          `${name}: ${id} step ${step}: ${view.id} not on screen (${JSON.stringify(view)})`);
        assert.ok(await page.locator('#lesson-step').isVisible(), 'the step is on screen too');
        if (id === 'linear' && step === 1) await page.screenshot({ path: `${SHOTS}/regions-${name}-lesson.png` });
      }
    }
    console.log(`${name}: ${seen.length} steps, each panel on screen: ${seen.join('; ')}`);
    assert.ok(seen.length >= 18);
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
}

test('every lesson step brings its panel on screen at 1366 × 900', () => stepsPlaced(DESKTOP, 'desktop'));
test('every lesson step brings its panel on screen on a 390 × 844 phone', () => stepsPlaced(PHONE, 'phone'));

test('regions: tabs by keyboard, kept in the address and on reload; screenshots of each', async () => {
  for (const [name, screen] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    const b = await openBrowser(site.origin, screen.size, [], screen.options);
    try {
      const { page } = b;
      await page.goto(site.url + '?data=mnist');
      await page.locator('#play:not([disabled])').waitFor({ timeout: 90000 });
      await page.click('#play');
      await page.waitForFunction(() => Number(document.querySelector('#samples').textContent) > 20000, null, { timeout: 90000 });
      await page.click('#play');
      const shown = () => page.$$eval('[role="tabpanel"]', (ps) => ps.filter((p) => !p.classList.contains('hidden')).map((p) => p.id));
      assert.deepEqual(await shown(), ['region-train']);
      // Keyboard: focus the selected tab, then the arrows.
      await page.focus('#tab-train');
      await page.keyboard.press('ArrowRight');
      assert.deepEqual(await shown(), ['region-code']);
      assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-code');
      assert.equal(await page.getAttribute('#tab-code', 'aria-selected'), 'true');
      await page.keyboard.press('End');
      assert.deepEqual(await shown(), ['region-apps']);
      assert.equal(new URL(page.url()).searchParams.get('region'), 'apps');
      await page.keyboard.press('ArrowRight'); // wraps round
      assert.deepEqual(await shown(), ['region-train']);
      for (const r of ['train', 'code', 'apps']) {
        await page.click(`#tab-${r}`);
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.waitForTimeout(500);
        await page.screenshot({ path: `${SHOTS}/regions-${name}-${r}.png`, fullPage: name === 'desktop' });
      }
      // A reload (and so a link) opens the region it was in.
      await page.reload();
      await page.locator('#play:not([disabled])').waitFor({ timeout: 90000 });
      assert.deepEqual(await shown(), ['region-apps']);
      // The tabs fit the screen: none wraps below another.
      const tops = await page.$$eval('[role="tab"]', (ts) => ts.map((t) => Math.round(t.getBoundingClientRect().top)));
      assert.equal(new Set(tops).size, 1, `tabs on one line (${tops})`);
      assert.deepEqual(b.problems, []);
    } finally { await b.close(); }
  }
});

test('a question in the page: cancel keeps the trained net and says so, Esc cancels too', async () => {
  const b = await openBrowser(site.origin, DESKTOP.size);
  try {
    const { page } = b;
    await page.goto(site.url + '?data=moons');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 90000 });
    await page.click('#step');
    await page.waitForFunction(() => Number(document.querySelector('#samples').textContent) > 0);
    const seen = await page.textContent('#samples');
    await page.selectOption('#dataset', 'blobs');
    const dialog = page.locator('#confirm-dialog');
    await dialog.waitFor();
    assert.match(await page.textContent('#confirm-text'), /trained weights will be discarded/);
    assert.equal(await page.getAttribute('#confirm-dialog', 'aria-labelledby'), 'confirm-text');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'confirm-no', 'Cancel has the focus');
    await page.click('#confirm-no');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await page.$eval('#dataset', (e) => e.value), 'moons', 'the menu shows the kept dataset');
    assert.equal(await page.textContent('#samples'), seen, 'the run is kept');
    await page.getByText('Kept the trained network: nothing was changed.').waitFor();
    // Esc is a cancel too.
    await page.selectOption('#dataset', 'blobs');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await page.$eval('#dataset', (e) => e.value), 'moons');
    // And yes goes ahead.
    await page.selectOption('#dataset', 'blobs');
    await page.click('#confirm-yes');
    await page.waitForFunction(() => document.querySelector('#samples').textContent === '0');
    assert.equal(await page.$eval('#dataset', (e) => e.value), 'blobs');
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('with a lesson open, a setting scrolled into view is on screen, not behind the lesson', async () => {
  const b = await openBrowser(site.origin, DESKTOP.size);
  try {
    const { page } = b;
    await page.goto(site.url + '?lesson=vae&step=1');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 90000 });
    for (const id of ['seed', 'save-model', 'run-name', 'dataset']) {
      // As the browser does for a control reached with Tab, or a script's scrollIntoView.
      await page.$eval(`#${id}`, (e) => e.scrollIntoView({ block: 'start' }));
      await page.waitForTimeout(100);
      const hit = await page.$eval(`#${id}`, (e) => {
        const r = e.getBoundingClientRect();
        const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return { top: r.top, hit: at === e || e.contains(at) };
      });
      assert.ok(hit.hit, `#${id} at ${hit.top} px is covered by something else`);
    }
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});
