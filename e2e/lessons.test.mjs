// The lessons, followed as a student would: choose the lesson, set up each step's experiment,
// train, pause, and see every check the lesson makes pass on the page. Sample budgets, not
// clocks (each line printed says how long the page took); the formulas beside the controls;
// the linear lesson's live PCA figure.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, openBrowser, inkedPixels, SHOTS, autoConfirm, lessonPanelInView } from './harness.mjs';

let site, b;
before(async () => {
  site = await serveDist();
  b = await openBrowser(site.origin, { width: 1366, height: 900 });
  await autoConfirm(b.page);
  await b.page.goto(site.url);
  await b.page.locator('#play:not([disabled])').waitFor({ timeout: 90000 });
});
after(async () => { await b.close(); await site.close(); });

const samples = () => b.page.$eval('#samples', (e) => Number(e.textContent));

/** Press the step's "Set up this experiment" and wait for the fresh model. */
async function setUp() {
  const { page } = b;
  await page.click('#lesson-setup');
  // Settings equal to the current ones keep the trained model: then the count never resets.
  await page.waitForFunction(() => document.querySelector('#samples').textContent === '0', null,
    { timeout: 10000 }).catch(() => {});
  await page.locator('#play:not([disabled])').waitFor({ timeout: 90000 });
}

/** Train until `budget` samples, pause, and wait for the metrics on the whole test split. */
async function trainTo(budget) {
  const { page } = b;
  const t0 = Date.now();
  await page.click('#play');
  await page.waitForFunction((n) => Number(document.querySelector('#samples').textContent) >= n,
    budget, { timeout: 240000, polling: 250 });
  const seconds = (Date.now() - t0) / 1000;
  await page.click('#play');
  await page.locator('#play', { hasText: 'Play' }).waitFor();
  await page.locator('#compare caption', { hasText: /all \d+ test items/ }).waitFor({ state: 'attached', timeout: 60000 });
  return seconds;
}

/** The step's check must say it holds, with the panel it talks about on screen. */
async function checkHolds(label) {
  const check = b.page.locator('#lesson-check');
  await b.page.locator('#lesson-check[data-holds="true"]').waitFor({ timeout: 30000 })
    .catch(() => {});
  const text = await check.textContent();
  const view = await lessonPanelInView(b.page);
  console.log(`${label}: ${text} [${view.id}: ${Math.round(view.visible)} px on screen]`);
  assert.equal(await check.getAttribute('data-holds'), 'true', text);
  assert.ok(view.visible >= Math.min(150, view.height), `${view.id} in view: ${JSON.stringify(view)}`);
}

/** No check of the open step holds (or the step has none). */
async function noTick(when) {
  const holds = await b.page.locator('#lesson-check[data-holds="true"]').count();
  const text = await b.page.locator('#lesson-check').textContent().catch(() => '(no check)');
  assert.equal(holds, 0, `${when}: ${text}`);
}

/** Another preset after a check held: the check gives no verdict on it. */
async function offPreset() {
  const { page } = b;
  await page.click('#preset-1');
  await page.waitForFunction(() => document.querySelector('#samples').textContent === '0', null,
    { timeout: 10000 }).catch(() => {});
  await page.locator('#play:not([disabled])').waitFor({ timeout: 90000 });
  assert.equal(await page.getAttribute('#lesson-check', 'data-verdict'), 'setup',
    await page.textContent('#lesson-check'));
  await noTick('after another preset');
}

async function open(lesson) {
  await b.page.selectOption('#lesson-menu', lesson);
  await b.page.locator(`#lesson-step[data-lesson="${lesson}"][data-step="1"]`).waitFor();
  await noTick(`${lesson} before its set-up`);
}

async function next(step) {
  await b.page.click('#lesson-next');
  await b.page.locator(`#lesson-step[data-step="${step}"]`).waitFor();
}

/** A step that only asks: the answer opens on request. */
async function answer() {
  const { page } = b;
  assert.ok((await page.textContent('#lesson-question')).endsWith('?'));
  assert.equal(await page.isVisible('#lesson-answer p'), false, 'the answer waits to be asked for');
  await page.click('#lesson-answer summary');
  assert.ok(await page.isVisible('#lesson-answer p'));
}

/** Set up, train, pause, see the check pass. */
async function trained(label, budget) {
  await setUp();
  const s = await trainTo(budget);
  await checkHolds(`${label} (${budget} samples, ${s.toFixed(1)} s)`);
  await offPreset();
}

test('a check gives no verdict off its experiment: a classroom link, another dataset, a reload', async () => {
  const { page } = b;
  // A link to lesson 4 step 2 made from the benchmark settings opens the step's own
  // experiment (the denoising net), untrained: the check says how far it has to go.
  await page.goto(site.url + '?data=mnist&hidden=256,64&code=2&lesson=identity&step=2');
  await page.locator('#lesson-step[data-lesson="identity"][data-step="2"]').waitFor({ timeout: 30000 });
  await page.locator('#play:not([disabled])').waitFor({ timeout: 90000 });
  const verdict = () => page.getAttribute('#lesson-check', 'data-verdict');
  assert.equal(await page.$eval('#dataset', (e) => e.value), 'blobs', 'the step\'s own data');
  await page.getByText("the step's own experiment is set up").waitFor();
  assert.equal(await verdict(), 'training', await page.textContent('#lesson-check'));
  // Another dataset: never a verdict, trained or not.
  await page.selectOption('#dataset', 'swiss-roll');
  await page.locator('#play:not([disabled])').waitFor({ timeout: 90000 });
  await trainTo(3000);
  assert.equal(await verdict(), 'setup');
  assert.equal(await page.getAttribute('#lesson-check', 'data-holds'), 'false');
  console.log(`off its experiment: ${await page.textContent('#lesson-check')}`);
  // Set up, not yet trained: how far the run has to go, not a verdict.
  await setUp();
  await page.locator('#lesson-check[data-verdict="training"]').waitFor({ timeout: 30000 });
  console.log(`set up: ${await page.textContent('#lesson-check')}`);
  // A reload restores the step, never a verdict.
  await page.reload();
  await page.locator('#play:not([disabled])').waitFor({ timeout: 90000 });
  assert.equal(await verdict(), 'training');
  await page.goto(site.url);
  await page.locator('#play:not([disabled])').waitFor({ timeout: 90000 });
});

test('lesson 1: what an autoencoder is', async () => {
  await open('basics');
  await trained('basics: 2-D code', 60000);
  await next(2);
  await answer();
});

test('lesson 2: a linear autoencoder is PCA, with the live figure', async () => {
  const { page } = b;
  await open('linear');
  await setUp();
  await page.click('#play');
  const t0 = Date.now();
  await page.waitForFunction(() => Number(document.querySelector('#samples').textContent) >= 300000,
    null, { timeout: 240000, polling: 250 });
  const seconds = (Date.now() - t0) / 1000;
  await page.click('#play');
  await page.locator('#play', { hasText: 'Play' }).waitFor();
  await checkHolds(`linear: Fashion-MNIST p = 2 (300000 samples, ${seconds.toFixed(1)} s)`);
  console.log(await page.textContent('#subspace-angles'));
  console.log(await page.textContent('#procrustes-residual'));
  const widest = Number(await page.getAttribute('#subspace-angles', 'data-widest'));
  assert.ok(widest < 5, `widest angle ${widest}`);
  assert.ok(await inkedPixels(page, '#angles-chart') > 1000, 'the angle chart is drawn');
  assert.ok(await inkedPixels(page, '#recovered-components') > 1000, 'components drawn');
  assert.ok(await inkedPixels(page, '#procrustes-scatter') > 1000, 'aligned scatter drawn');
  assert.ok(await inkedPixels(page, '#linear-pca-scatter') > 1000, 'PCA scatter drawn');
  await page.$eval('#linear-title', (e) => e.scrollIntoView());
  await page.screenshot({ path: `${SHOTS}/lesson-linear.png` });
  await offPreset();
  await next(2);
  await answer();
  // The place survives a reload.
  await page.reload();
  await page.locator('#lesson-step[data-lesson="linear"][data-step="2"]').waitFor({ timeout: 30000 });
  await page.locator('#play:not([disabled])').waitFor({ timeout: 90000 });
});

test('lesson 3: non-linearity beats PCA, in 2-D and with Hinton\'s 30-D code', async () => {
  await open('nonlinear');
  await trained('nonlinear: 2-D code', 60000);
  await next(2);
  await trained('nonlinear: Hinton 30-D', 30000);
});

test('lesson 4: the identity trap, and denoising', async () => {
  await open('identity');
  await trained('identity: overcomplete', 100000);
  await next(2);
  await trained('identity: denoising', 100000);
});

test('lesson 5: sparse codes', async () => {
  await open('sparse');
  await trained('sparse: KL to 5 %', 150000);
  await next(2);
  await setUp();
  await trainTo(5000);
  await answer();
});

test('lesson 6: contractive', async () => {
  const { page } = b;
  await open('contractive');
  await setUp();
  await trainTo(30000);
  await page.click('#pin-run');
  await next(2);
  await trained('contractive: against the pinned plain run', 30000);
  await answer();
});

test('lesson 7: concrete selection, error against k', async () => {
  await open('concrete');
  await trained('concrete: k = 10', 3000);
  await next(2);
  await trained('concrete: k = 40', 3000);
  await answer();
});

test('lesson 8: the VAE', async () => {
  await open('vae');
  await trained('vae: 2-D plane', 60000);
  await answer();
  await next(2);
  await setUp();
  await answer();
});

test('lesson 9: retrieval and anomaly detection', async () => {
  const { page } = b;
  await open('applications');
  await setUp();
  await trainTo(20000);
  await page.click('#measure-retrieval');
  await page.locator('#retrieval-table tbody tr').nth(2).waitFor({ timeout: 60000 });
  await checkHolds('applications: retrieval (20000 samples)');
  await offPreset();
  await next(2);
  await setUp();
  await page.check('#normal-1');
  await page.click('#train-normal');
  await page.locator('#trained-on', { hasText: 'trains on 0, 1 only' }).waitFor({ timeout: 30000 });
  await page.locator('#play:not([disabled])').waitFor({ timeout: 30000 });
  await trainTo(15000);
  await page.click('#measure-anomaly');
  await page.locator('#anomaly-table tbody tr').nth(2).waitFor({ timeout: 60000 });
  await checkHolds('applications: anomalies, normal = 0 and 1 (15000 samples)');
  await offPreset();
  await answer();
  assert.deepEqual(b.problems, []);
});

test('the formulas beside the controls are typeset and follow the settings', async () => {
  const { page } = b;
  await page.goto(site.url + '?data=mnist&hidden=256,64&code=2&vae=1&beta=1&warmup=0&lik=bernoulli');
  await page.locator('#play:not([disabled])').waitFor({ timeout: 90000 });
  const size = (sel) => page.$eval(sel, (e) => {
    const r = e.querySelector('math').getBoundingClientRect();
    return [r.width, r.height];
  });
  const vae = '.formula[data-formula="vae"]';
  const [w, h] = await size(vae);
  assert.ok(w > 50 && h > 10, `the ELBO is typeset (${w} × ${h})`);
  assert.ok(!(await page.innerHTML(vae)).includes('<mi>β</mi>'), 'β = 1 is left out');
  await page.fill('#beta', '4');
  await page.press('#beta', 'Enter');
  await page.waitForFunction((s) => document.querySelector(s).innerHTML.includes('<mi>β</mi>'), vae);
  // A plain model: the loss's formula, MSE then BCE.
  await page.goto(site.url + '?data=mnist&hidden=&code=32&act=sigmoid&code_act=sigmoid&out=sigmoid&loss=mse');
  await page.locator('#play:not([disabled])').waitFor({ timeout: 90000 });
  const loss = '.formula[data-formula="loss"]';
  const [lw, lh] = await size(loss);
  assert.ok(lw > 50 && lh > 10, `the loss is typeset (${lw} × ${lh})`);
  const mse = await page.innerHTML(loss);
  await page.selectOption('#loss', { label: 'binary cross-entropy' });
  await page.waitForFunction(([s, before]) => document.querySelector(s).innerHTML !== before, [loss, mse]);
  assert.ok((await page.innerHTML(loss)).includes('>log<'), 'BCE has its logarithms');
  // Weight decay's term appears once it is not 0.
  assert.equal(await page.isVisible('.formula[data-formula="weightdecay"]'), false);
  await page.fill('#wd', '0.0001');
  await page.press('#wd', 'Enter');
  await page.locator('.formula[data-formula="weightdecay"] math').first().waitFor();
  // A penalty's formula appears with the penalty.
  assert.equal(await page.isVisible('.formula[data-formula="cae"]'), false);
  await page.check('#cae-on');
  await page.locator('.formula[data-formula="cae"] math').first().waitFor();
  const [cw, ch] = await size('.formula[data-formula="cae"]');
  assert.ok(cw > 50 && ch > 10, `‖J‖² is typeset (${cw} × ${ch})`);
  // The Play button's accessible name is its word, not "▶ Play".
  assert.equal(await page.getByRole('button', { name: 'Play', exact: true }).count(), 1);
  await page.$eval('.formula[data-formula="cae"]', (e) => e.scrollIntoView());
  await page.screenshot({ path: `${SHOTS}/formulas.png` });
  assert.deepEqual(b.problems, []);
});

test('a classroom link built in the dialog hides what it names, survives a reload, and can be undone', async () => {
  const { page } = b;
  await page.goto(site.url + '?data=moons');
  await page.locator('#play:not([disabled])').waitFor({ timeout: 90000 });
  await open('linear');
  await page.click('#classroom-open');
  for (const key of ['presets', 'network', 'latent', 'seed']) await page.check(`#hide-${key}`);
  // The lesson step goes in only when the teacher ticks it.
  assert.doesNotMatch(await page.inputValue('#classroom-url'), /lesson=/);
  await page.check('#classroom-lesson');
  const url = await page.inputValue('#classroom-url');
  console.log(`classroom link: ${url}`);
  assert.match(url, /hide=presets,network,seed,latent/);
  assert.match(url, /lesson=linear&step=1/);
  await page.click('#classroom-copy');
  await page.goto(url);
  await page.locator('#play:not([disabled])').waitFor({ timeout: 90000 });
  const visible = (title) => page.isVisible(`section[aria-labelledby="${title}"]`);
  const hiddenNow = async () => {
    // The step opened its panel's region (Explore the code): the hidden ones are under Train.
    await page.locator('#lesson-step[data-lesson="linear"]').waitFor();
    await page.click('#tab-train');
    assert.equal(await visible('presets-title'), false, 'presets hidden');
    assert.equal(await visible('net-title'), false, 'network hidden');
    assert.equal(await visible('latent-title'), false, 'latent space hidden');
    assert.equal(await visible('loss-title'), true, 'the loss chart stays');
    assert.ok(await page.isVisible('#classroom-notice'));
    assert.ok(!(await page.textContent('.notices')).includes('Ignored'), 'the link is read whole');
    await page.locator('#lesson-step[data-lesson="linear"]').waitFor();
    // Made from the two-moons settings, the link opens the step's own experiment.
    assert.equal(await page.$eval('#dataset', (e) => e.value), 'fashion');
  };
  await hiddenNow();
  await page.screenshot({ path: `${SHOTS}/classroom.png` });
  // The student trains and reloads: the link's choices hold.
  await page.click('#step');
  await page.reload();
  await page.locator('#play:not([disabled])').waitFor({ timeout: 90000 });
  await hiddenNow();
  await page.click('#show-all');
  assert.equal(await visible('presets-title'), true, 'shown again on request');
  assert.equal(await visible('net-title'), true);
  assert.ok(await page.isVisible('#seed'));
  assert.deepEqual(b.problems, []);
});
