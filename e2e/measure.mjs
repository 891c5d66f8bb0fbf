// Not a test: measures what the issues ask to report, in the real page.
//   node e2e/measure.mjs   (after `make dist`)
// Trains MNIST with the default net for 60 s and prints the AE vs PCA numbers the page shows,
// then a 2-D VAE for 60 s and prints its negative ELBO and terms.
import { serveDist, openBrowser } from './harness.mjs';

const site = await serveDist();
async function run(query, seconds, read) {
  const b = await openBrowser(site.origin);
  try {
    const { page } = b;
    await page.goto(site.url + query);
    await page.locator('#play:not([disabled])').waitFor({ timeout: 60000 });
    await page.click('#play');
    await page.waitForTimeout(seconds * 1000);
    await page.click('#play');
    await page.locator('#play', { hasText: 'Play' }).waitFor();
    await page.waitForTimeout(500);
    return await read(page);
  } finally { await b.close(); }
}
const text = (page, sel) => page.$eval(sel, (e) => e.innerText.replace(/\s+/g, ' ').trim());
console.log('MNIST, default net, 60 s:', await run('?data=mnist', 60, async (p) => ({
  samples: await text(p, '#samples'), epoch: await text(p, '#epoch'), compare: await text(p, '#compare'),
  pca: await text(p, '#pca-time'),
})));
console.log('MNIST, 2-D VAE, 60 s:', await run('?data=mnist&vae=1&code=2', 60, async (p) => ({
  samples: await text(p, '#samples'), elbo: await text(p, '#elbo'), decode: await text(p, '#decode-time'),
})));
await site.close();
