// Your own data: a CSV file with a bad row is refused by line and column, then used without
// that row; the lab trains on it and draws its codes. A table of 8 × 8 pixels is drawn as
// images. An empty file and a 1 GB file are refused and the current run is left as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync, crc32 } from 'node:zlib';
import { serveDist, openBrowser, inkedPixels, distinctColours, SHOTS, flowers, autoConfirm } from './harness.mjs';

let site;
before(async () => { site = await serveDist(); });
after(async () => { await site.close(); });

const samples = (page) => page.evaluate(() => Number(document.querySelector('#samples').textContent));
const status = (page) => page.locator('#csv-status');

async function upload(page, name, text) {
  await page.setInputFiles('#csv-file', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

async function train(page, past) {
  await page.locator('#play:not([disabled])').waitFor({ timeout: 30000 });
  await page.click('#play');
  await page.waitForFunction((n) => Number(document.querySelector('#samples').textContent) > n,
    past, { timeout: 60000, polling: 100 });
  await page.click('#play');
  await page.locator('#play', { hasText: 'Play' }).waitFor();
}

test('a CSV with a bad row: refused by line and column, then trained on without it', async () => {
  const b = await openBrowser(site.origin, { width: 1366, height: 900 });
  try {
    const { page } = b;
    await autoConfirm(page);
    await page.goto(site.url + '?data=moons');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    await page.click('.own-data summary');
    await upload(page, 'flowers.csv', flowers(300, 42));
    await status(page).filter({ hasText: 'was not used' }).waitFor({ timeout: 30000 });
    const refusal = await status(page).textContent();
    assert.match(refusal, /1 cell in 1 row missing or not numbers, first on line 42, column "sepal_width": "oops"/);
    assert.match(page.url(), /data=moons/, 'nothing changed yet');

    await page.click('#csv-drop');
    await status(page).filter({ hasText: 'flowers.csv: 299 rows' }).waitFor({ timeout: 30000 });
    const summary = await status(page).textContent();
    console.log(summary);
    assert.match(summary, /239 to train, 60 to test/);
    assert.match(summary, /5 numeric columns, labels from "species"/);
    assert.match(summary, /1 row with a missing or non-numeric cell left out/);
    assert.match(summary, /scaled from its training range to \[0, 1\]: sepal_length/);
    assert.equal(await page.inputValue('#dataset'), 'own');
    assert.match(page.url(), /data=own/);

    await train(page, 20000);
    assert.ok(await distinctColours(page, '#latent-ae') >= 3, 'codes drawn in the three classes');
    assert.ok(await inkedPixels(page, '#latent-pca') > 200, 'PCA of the same table drawn');
    const table = await page.locator('#latent-title').evaluate((h) => h.closest('section').textContent);
    assert.match(table, /PCA/);

    // Standardised instead: read again, a new network, trains too.
    await page.selectOption('#csv-scaling', 'standard');
    await status(page).filter({ hasText: 'standardised' }).waitFor({ timeout: 30000 });
    await train(page, 3000);
    await page.locator('#settings').screenshot({ path: `${SHOTS}/own-data.png` });
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('a 4-column table loaded after the hashing preset gets a network that fits, in one click', async () => {
  const b = await openBrowser(site.origin, { width: 1366, height: 900 });
  try {
    const { page } = b;
    await autoConfirm(page);
    await page.goto(site.url + '?data=mnist&hidden=512,256&code=16&act=relu&code_act=sigmoid&out=sigmoid&loss=mse&opt=adam&lr=0.001&batch=64&binary=6&pen=rate&rho=0.5&form=unit&dist=kl&lambda=0.003');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 90000 });
    await page.click('.own-data summary');
    const four = flowers(200, 0).split('\n').map((l) => l.split(',').filter((_, i) => i !== 4).join(',')).join('\n');
    await upload(page, 'four.csv', four);
    await page.locator('#fit-proposal').waitFor({ timeout: 30000 });
    const why = await page.textContent('#fit-proposal');
    console.log(`proposal: ${why}`);
    assert.match(why, /16 numbers for 4 inputs/);
    await page.click('#fit-apply');
    await page.locator('#fit-proposal').waitFor({ state: 'detached', timeout: 30000 });
    const code = Number(await page.inputValue('#code'));
    assert.ok(code < 4, `code ${code}`);
    await train(page, 2000);
    assert.ok(await samples(page) > 2000);
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('a table of 8 × 8 pixels is drawn as images', async () => {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    await page.goto(site.url + '?data=moons');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    // Bars: a digit k is a vertical bar at column k (0-7), with noise.
    const lines = [['label', ...Array.from({ length: 64 }, (_, i) => `p${i}`)].join(',')];
    for (let i = 0; i < 400; i++) {
      const k = i % 8;
      const px = Array.from({ length: 64 }, (_, p) => (p % 8 === k ? 200 : 0) + ((i * 31 + p * 17) % 40));
      lines.push([k, ...px].join(','));
    }
    await page.click('.own-data summary');
    await upload(page, 'bars.csv', lines.join('\n'));
    await status(page).filter({ hasText: 'bars.csv: 400 rows' }).waitFor({ timeout: 30000 });
    await train(page, 20000);
    assert.ok(await inkedPixels(page, '.preview') > 500, 'the preview shows the images');
    assert.ok(await distinctColours(page, '#latent-ae') >= 5);
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('an empty CSV and a 1 GB file are refused and the run is kept', async () => {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    await page.goto(site.url + '?data=circles&hidden=16&code=2');
    await train(page, 3000);
    const seen = await samples(page);
    await page.click('.own-data summary');
    await upload(page, 'empty.csv', '');
    await status(page).filter({ hasText: 'empty.csv was not used: the file is empty' }).waitFor({ timeout: 30000 });
    assert.equal(await samples(page), seen);
    assert.match(page.url(), /data=circles/);

    await page.evaluate(() => {
      const input = document.querySelector('#csv-file');
      const chunk = new Uint8Array(1 << 20);
      const big = new File(Array.from({ length: 1024 }, () => chunk), 'huge.csv');
      const dt = new DataTransfer();
      dt.items.add(big);
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await status(page).filter({ hasText: 'huge.csv was not used: the file is 1074 MB' }).waitFor();
    assert.equal(await samples(page), seen);
    await train(page, seen + 2000);
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

/** A greyscale PNG of `size` × `size` from `ink(x, y)` in [0, 1] (0 white paper, 1 black ink). */
function png(size, ink) {
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    data.copy(out, 8);
    out.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 0; // 8-bit grey
  const raw = Buffer.alloc(size * (size + 1));
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) raw[y * (size + 1) + 1 + x] = Math.round(255 * (1 - ink(x, y)));
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

test('a set of images: decoded by the browser, labelled by file name, trained on', async () => {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    await page.goto(site.url + '?data=moons');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    await page.click('.own-data summary');
    // 120 PNGs, dark strokes on white paper: a ring, a cross or a bar, named ring_001.png
    // and so on; and one file that is not an image.
    const kinds = ['ring', 'cross', 'bar'];
    const files = Array.from({ length: 120 }, (_, i) => {
      const k = i % 3;
      const o = (i % 7) - 3;
      const w = 2 + (i % 3);
      const ink = [
        (x, y) => Math.abs(Math.hypot(x - 20 - o, y - 20) - 12) < w ? 1 : 0,
        (x, y) => Math.abs(x - (y - o)) < w || Math.abs(x - (40 - y + o)) < w ? 1 : 0,
        (x) => Math.abs(x - 20 - o) < w ? 1 : 0,
      ][k];
      return { name: `${kinds[k]}_${String(i).padStart(3, '0')}.png`, mimeType: 'image/png', buffer: png(40, ink) };
    });
    files.push({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') });
    await page.setInputFiles('#images-file', files);
    await status(page).filter({ hasText: '120 images of 28 × 28' }).waitFor({ timeout: 60000 });
    const summary = await status(page).textContent();
    console.log(summary);
    assert.match(summary, /96 to train, 24 to test/);
    assert.match(summary, /labelled by the start of their file names/);
    assert.match(summary, /turned into light on dark/);
    assert.match(summary, /1 file could not be decoded and was left out: notes.txt/);
    assert.match(summary, /ring \(40\), cross \(40\), bar \(40\)/);
    await train(page, 20000);
    assert.ok(await inkedPixels(page, '.preview') > 500, 'the preview shows the images');
    assert.ok(await distinctColours(page, '#latent-ae') >= 3, 'codes in the three classes');
    await page.locator('#settings').screenshot({ path: `${SHOTS}/own-images.png` });
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});
