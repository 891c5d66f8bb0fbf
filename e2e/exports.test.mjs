// Downloads made in the page: the loss chart as PNG and SVG, and its curves as CSV, after a
// short run. Each file is read back and checked for what it must hold.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serveDist, openBrowser } from './harness.mjs';

let site;
before(async () => { site = await serveDist(); });
after(async () => { await site.close(); });

test('the loss chart and the latent scatter save as PNG and SVG, their data and the test codes as CSV', async () => {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    await page.goto(site.url + '?data=mnist&hidden=64&code=2');
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    await page.click('#play');
    await page.waitForFunction(() => Number(document.querySelector('#samples').textContent) > 20000,
      null, { timeout: 60000, polling: 250 });
    await page.click('#play');
    await page.locator('#play', { hasText: 'Play' }).waitFor();
    await page.locator('#loss-latest', { hasText: 'test' }).waitFor({ timeout: 30000 });

    const saved = async (label) => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('#loss-downloads button', { hasText: label }).click(),
      ]);
      return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
    };
    const png = await saved('PNG');
    assert.equal(png.name, 'loss.png');
    assert.deepEqual([...png.bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG file');
    assert.ok(png.bytes.length > 5000, `a drawn chart, not a blank one: ${png.bytes.length} bytes`);

    const svg = await saved('SVG');
    const text = svg.bytes.toString();
    assert.equal(svg.name, 'loss.svg');
    assert.match(text, /^<svg[\s\S]*<\/svg>\s*$/);
    assert.match(text, /samples seen/);
    assert.ok((text.match(/<polyline|<path/g) ?? []).length >= 2, 'the curves are in it');

    const csv = (await saved('CSV')).bytes.toString().trim().split('\n');
    assert.equal(csv[0].split(',').slice(0, 4).join(','), 'split,samples_seen,total,reconstruction');
    const train = csv.filter((r) => r.startsWith('train,'));
    const tests = csv.filter((r) => r.startsWith('test,'));
    console.log(`loss.csv: ${train.length} train rows, ${tests.length} test rows; PNG ${png.bytes.length} bytes, SVG ${svg.bytes.length} bytes`);
    // As many rows as the run reported (a few a second): at least two of each.
    assert.ok(train.length >= 2 && tests.length >= 2);
    const last = Number(train.at(-1).split(',')[1]);
    assert.ok(last > 15000, `the last row is near the end of the run: ${last}`);

    // The latent scatter: picture, plotted points, and every test item's code.
    const latent = async (label) => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('#latent-downloads button', { hasText: label }).click(),
      ]);
      return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
    };
    const lpng = await latent('PNG');
    assert.equal(lpng.name, 'latent.png');
    assert.ok(lpng.bytes.length > 5000, `the scatter drawn: ${lpng.bytes.length} bytes`);
    const lsvg = (await latent('SVG')).bytes.toString();
    assert.ok((lsvg.match(/<circle|<rect/g) ?? []).length > 100, 'the points are in the SVG');
    const points = (await latent('CSV')).bytes.toString().trim().split('\n');
    assert.match(points[0], /^item,class,/);
    assert.ok(points.length > 100, `a row per plotted point: ${points.length}`);
    const [codesDownload] = await Promise.all([page.waitForEvent('download'), page.click('#export-codes')]);
    assert.match(codesDownload.suggestedFilename(), /^codes-mnist-\d+k\.csv$/);
    const codes = (await readFile(await codesDownload.path())).toString().trim().split('\n');
    assert.equal(codes[0], 'item,label,class,z1,z2');
    console.log(`latent: ${points.length - 1} plotted points; codes.csv: ${codes.length - 1} test items`);
    assert.equal(codes.length - 1, 2000, 'every MNIST test item');
    assert.ok(codes.slice(1).every((r) => r.split(',').length === 5 && Number.isFinite(Number(r.split(',')[3]))));
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});
