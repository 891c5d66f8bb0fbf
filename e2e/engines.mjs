// One small driver for three browser engines, so that e2e/engines.test.mjs can follow the same
// steps in each (all from Debian's packages; nothing is downloaded):
//   chromium  /usr/bin/chromium through playwright-core (as harness.mjs does)
//   firefox   /usr/bin/firefox-esr through puppeteer-core over WebDriver BiDi, headless
//   webkit    WebKitGTK's MiniBrowser through WebKitWebDriver (W3C WebDriver classic over
//             HTTP, the few commands needed are spoken here with fetch) under an Xvfb this
//             module starts itself
// Each driver offers the same few operations: goto, reload, evaluate, waitFor, click,
// select, upload, download, screenshot, problems, close. `problems()` lists console errors
// and uncaught errors: from the browser's own events in Chromium and Firefox; WebKit's
// WebDriver classic has no log, so there a script added after each navigation records them
// (errors thrown before it runs, while the page first loads, are not seen there).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile, mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBrowser } from './harness.mjs';

export const FIREFOX = '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
/** Where Debian's libwebkit2gtk-4.1-0 puts MiniBrowser (webkit2gtk-driver pulls it in). */
export const MINIBROWSER = ['x86_64-linux-gnu', 'aarch64-linux-gnu']
  .map((arch) => `/usr/lib/${arch}/webkit2gtk-4.1/MiniBrowser`).find((p) => existsSync(p))
  ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** Why an engine cannot run here, or null when it can. */
export function missing(engine) {
  const need = {
    chromium: ['/usr/bin/chromium'],
    firefox: [FIREFOX],
    webkit: [WEBKIT_DRIVER, MINIBROWSER, '/usr/bin/Xvfb'],
  }[engine];
  const absent = need.filter((p) => !existsSync(p));
  return absent.length ? `not installed: ${absent.join(', ')} (make browser installs it)` : null;
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** Added to every page in Firefox (before the page's scripts) and WebKit (after each load).
 *  Downloads: the page hands a blob URL to a detached <a download> and revokes it at once;
 *  this keeps the blob and skips the browser's download, so the test can read the bytes the
 *  same way in every engine. With `problems`, console errors and uncaught errors are kept in
 *  window.__aelProblems (for engines whose driver cannot observe them). */
function pageHooks(problems) {
  if (window.__aelHooked) return;
  window.__aelHooked = true;
  window.__aelDownloads = [];
  const blobs = new Map();
  const create = URL.createObjectURL;
  URL.createObjectURL = function (obj) {
    const url = create.call(URL, obj);
    if (obj instanceof Blob) blobs.set(url, obj);
    return url;
  };
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function () {
    if (this.hasAttribute('download') && blobs.has(this.href)) {
      window.__aelDownloads.push({ name: this.download, blob: blobs.get(this.href) });
      return undefined;
    }
    return click.call(this);
  };
  if (!problems) return;
  window.__aelProblems = [];
  const keep = (s) => window.__aelProblems.push(s);
  const error = console.error;
  console.error = function (...args) {
    keep(`console error: ${args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')}`);
    return error.apply(this, args);
  };
  window.addEventListener('error', (e) => keep(`page error: ${e.message || e.error}`));
  window.addEventListener('unhandledrejection', (e) => keep(`unhandled rejection: ${e.reason}`));
  document.addEventListener('securitypolicyviolation', (e) =>
    keep(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`));
}

/** Read the bytes of the first captured download (see pageHooks) as base64. */
function takeDownload() {
  const d = window.__aelDownloads?.shift();
  if (!d) return null;
  return d.blob.arrayBuffer().then((buf) => {
    const bytes = new Uint8Array(buf);
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { name: d.name, base64: btoa(s) };
  });
}

/** What every driver shares: waiting is polling `evaluate`, so it works the same everywhere. */
class Driver {
  constructor(name) { this.name = name; this.version = ''; }

  /** Poll `fn(arg)` in the page until it returns something truthy; return that. */
  async waitFor(fn, arg = null, { timeout = 30000, poll = 200, what = String(fn) } = {}) {
    const end = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        const v = await this.evaluate(fn, arg);
        if (v) return v;
      } catch (e) { last = e; }
      if (Date.now() > end) {
        throw new Error(`${this.name}: timed out after ${timeout} ms waiting for ${what}`
          + (last ? ` (last error: ${last.message.split('\n')[0]})` : ''));
      }
      await sleep(poll);
    }
  }

  /** Wait for an element matching `selector` (and, if given, containing `text`). */
  waitForSelector(selector, { text, timeout } = {}) {
    return this.waitFor(([s, t]) => [...document.querySelectorAll(s)]
      .some((e) => t == null || e.textContent.includes(t)), [selector, text ?? null],
    { timeout, what: `${selector}${text ? ` with "${text}"` : ''}` });
  }

  text(selector) { return this.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector); }

  /** Click `selector` and return the file the page offers as a download: { name, bytes }. */
  async download(selector) {
    await this.click(selector);
    const d = await this.waitFor(takeDownload, null, { timeout: 30000, what: `a download after clicking ${selector}` });
    return { name: d.name, bytes: Buffer.from(d.base64, 'base64') };
  }

  /** Files for an <input type=file>, written to a temporary folder under their own names. */
  async writeFiles(files) {
    const dir = await mkdtemp(join(tmpdir(), `ael-${this.name}-upload-`));
    this.cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const paths = [];
    for (const f of files) {
      const p = join(dir, f.name);
      await writeFile(p, f.buffer);
      paths.push(p);
    }
    return paths;
  }
}

// ---------------------------------------------------------------------------------------
class ChromiumDriver extends Driver {
  static async launch({ origin, viewport }) {
    const d = new ChromiumDriver('chromium');
    d.cleanup = [];
    // As users have it: service workers on (the harness blocks them for the other tests).
    d.b = await openBrowser(origin, viewport, [], { serviceWorkers: 'allow' });
    d.page = d.b.page;
    d.version = d.b.context.browser()?.version() ?? 'chromium';
    d.page.on('dialog', (dlg) => dlg.accept());
    return d;
  }
  async goto(url) { await this.page.goto(url); }
  async reload() { await this.page.reload(); }
  evaluate(fn, arg) { return this.page.evaluate(fn, arg); }
  click(selector) { return this.page.click(selector); }
  select(selector, value) { return this.page.selectOption(selector, value); }
  upload(selector, files) { return this.page.setInputFiles(selector, files); }
  async download(selector) {
    const [dl] = await Promise.all([this.page.waitForEvent('download'), this.page.click(selector)]);
    return { name: dl.suggestedFilename(), bytes: await readFile(await dl.path()) };
  }
  screenshot(path) { return this.page.screenshot({ path }); }
  async problems() { return [...this.b.problems]; }
  async close() {
    await this.b.close();
    for (const c of this.cleanup) await c();
  }
}

// ---------------------------------------------------------------------------------------
class FirefoxDriver extends Driver {
  static async launch({ origin, viewport }) {
    const { default: puppeteer } = await import('puppeteer-core');
    const d = new FirefoxDriver('firefox');
    d.cleanup = [];
    d.list = [];
    d.profile = await mkdtemp(join(tmpdir(), 'ael-firefox-'));
    d.browser = await puppeteer.launch({
      browser: 'firefox',
      protocol: 'webDriverBiDi',
      executablePath: FIREFOX,
      headless: true,
      userDataDir: d.profile,
      defaultViewport: viewport,
      extraPrefsFirefox: {
        // Nothing leaves the machine: no updates, telemetry, safe-browsing lists or captive
        // portal checks (puppeteer already turns most of these off).
        'app.update.enabled': false,
        'browser.safebrowsing.malware.enabled': false,
        'browser.safebrowsing.phishing.enabled': false,
        'network.captive-portal-service.enabled': false,
        'network.connectivity-service.enabled': false,
        'datareporting.policy.dataSubmissionEnabled': false,
        'toolkit.telemetry.enabled': false,
      },
    });
    d.version = await d.browser.version();
    d.page = (await d.browser.pages())[0] ?? await d.browser.newPage();
    await d.page.setViewport(viewport);
    await d.page.evaluateOnNewDocument(pageHooks, false);
    d.page.on('dialog', (dlg) => dlg.accept().catch(() => {}));
    d.page.on('console', (m) => { if (m.type() === 'error') d.list.push(`console error: ${m.text()}`); });
    d.page.on('pageerror', (e) => d.list.push(`page error: ${e.message}`));
    d.page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) {
        d.list.push(`request to another host: ${u}`);
      }
    });
    return d;
  }
  async goto(url) { await this.page.goto(url, { waitUntil: 'load' }); }
  async reload() { await this.page.reload({ waitUntil: 'load' }); }
  evaluate(fn, arg) { return this.page.evaluate(fn, arg); }
  click(selector) { return this.page.click(selector); }
  async select(selector, value) { await this.page.select(selector, value); }
  async upload(selector, files) {
    const input = await this.page.$(selector);
    if (!input) throw new Error(`firefox: no ${selector}`);
    await input.uploadFile(...await this.writeFiles(files));
  }
  screenshot(path) { return this.page.screenshot({ path }); }
  async problems() { return [...this.list]; }
  async close() {
    await this.browser.close().catch(() => {});
    await rm(this.profile, { recursive: true, force: true });
    for (const c of this.cleanup) await c();
  }
}

// ---------------------------------------------------------------------------------------
/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

/** Start Xvfb on a display it chooses itself (-displayfd): no clash with another X server. */
async function startXvfb() {
  const x = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1920x1200x24', '-nolisten', 'tcp'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let err = '';
  x.stderr.on('data', (b) => { err += b; });
  const display = await new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`Xvfb did not start: ${err}`)), 15000);
    x.stdio[3].on('data', (b) => {
      out += b;
      if (out.includes('\n')) { clearTimeout(timer); ok(`:${out.trim()}`); }
    });
    x.once('exit', (code) => { clearTimeout(timer); fail(new Error(`Xvfb exited (${code}): ${err}`)); });
  });
  return { display, stop: () => stopProcess(x) };
}

function stopProcess(p) {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((ok) => {
    const t = setTimeout(() => p.kill('SIGKILL'), 5000);
    p.once('exit', () => { clearTimeout(t); ok(); });
    p.kill('SIGTERM');
  });
}

/** W3C WebDriver classic, the handful of commands the tests use. */
class WebKitDriver extends Driver {
  static async launch({ viewport }) {
    const d = new WebKitDriver('webkit');
    d.cleanup = [];
    d.list = [];
    d.xvfb = await startXvfb();
    const port = await freePort();
    d.driver = spawn(WEBKIT_DRIVER, [`--port=${port}`], {
      env: { ...process.env, DISPLAY: d.xvfb.display }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    d.log = '';
    const keep = (b) => { d.log = (d.log + b).slice(-20000); };
    d.driver.stdout.on('data', keep);
    d.driver.stderr.on('data', keep);
    d.base = `http://127.0.0.1:${port}`;
    try {
      for (let i = 0; ; i++) {
        try {
          const r = await fetch(`${d.base}/status`);
          if ((await r.json()).value?.ready) break;
        } catch { /* not listening yet */ }
        if (i > 100) throw new Error(`WebKitWebDriver did not answer on ${d.base}: ${d.log}`);
        await sleep(100);
      }
      const s = await d.cmd('POST', '/session', {
        capabilities: {
          alwaysMatch: {
            browserName: 'MiniBrowser',
            // The lab asks before throwing a trained net away (confirm()): say yes, as the
            // other tests do.
            unhandledPromptBehavior: 'accept',
            'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
          },
        },
      }, false);
      d.session = `/session/${s.sessionId}`;
      d.version = `MiniBrowser (WebKitGTK ${s.capabilities.browserVersion})`;
      await d.cmd('POST', '/timeouts', { script: 300000, pageLoad: 120000, implicit: 0 });
      // The window's outer size; the page gets a little less height (the toolbar).
      await d.cmd('POST', '/window/rect', { x: 0, y: 0, width: viewport.width, height: viewport.height + 38 });
    } catch (e) {
      await d.close();
      throw e;
    }
    return d;
  }

  async cmd(method, path, body, inSession = true) {
    const url = this.base + (inSession ? this.session : '') + path;
    const r = await fetch(url, {
      method, headers: { 'content-type': 'application/json; charset=utf-8' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const j = await r.json().catch(() => ({}));
    if (!r.ok) {
      const v = j.value ?? {};
      const e = new Error(`webkit: ${method} ${path}: ${v.error ?? r.status}: ${v.message ?? ''}`);
      e.code = v.error;
      throw e;
    }
    return j.value;
  }

  /** Keep what the page recorded (it is lost with the page), then add the hooks again. */
  async collect() {
    try {
      const got = await this.evaluate(() => {
        const p = window.__aelProblems ?? [];
        window.__aelProblems = [];
        return p;
      });
      this.list.push(...got);
    } catch { /* no page yet */ }
  }
  async hook() { await this.evaluate(pageHooks, true); }
  async goto(url) { await this.collect(); await this.cmd('POST', '/url', { url }); await this.hook(); }
  async reload() { await this.collect(); await this.cmd('POST', '/refresh', {}); await this.hook(); }

  async evaluate(fn, arg) {
    // The function's source is the script's body, so nothing is evaluated by the page
    // itself (its content security policy forbids eval).
    const script = `const done = arguments[arguments.length - 1];
      Promise.resolve().then(() => (${fn})(arguments[0]))
        .then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ err: String(e && e.stack || e) }));`;
    const r = await this.cmd('POST', '/execute/async', { script, args: [arg ?? null] });
    if (r && 'err' in r) throw new Error(`webkit: in the page: ${r.err}`);
    return r?.ok;
  }

  async element(selector) {
    const v = await this.cmd('POST', '/element', { using: 'css selector', value: selector });
    return Object.values(v)[0];
  }
  async click(selector) {
    const id = await this.element(selector);
    await this.cmd('POST', `/element/${id}/click`, {});
  }
  async select(selector, value) {
    // WebDriver selects an option by clicking it.
    await this.click(`${selector} option[value="${value}"]`);
    await this.waitFor(([s, v]) => document.querySelector(s).value === v, [selector, value],
      { timeout: 5000, what: `${selector} = ${value}` });
  }
  async upload(selector, files) {
    const paths = await this.writeFiles(files);
    const id = await this.element(selector);
    await this.cmd('POST', `/element/${id}/value`, { text: paths.join('\n') });
  }
  async screenshot(path) {
    const png = await this.cmd('GET', '/screenshot');
    await writeFile(path, Buffer.from(png, 'base64'));
  }
  async problems() { await this.collect(); return [...this.list]; }
  async close() {
    if (this.session) await this.cmd('DELETE', '', undefined).catch(() => {});
    if (this.driver) await stopProcess(this.driver);
    if (this.xvfb) await this.xvfb.stop();
    for (const c of this.cleanup) await c();
  }
}

export const ENGINES = ['chromium', 'firefox', 'webkit'];

/** Launch `engine` for pages served at `origin`. */
export async function launch(engine, { origin, viewport = { width: 1366, height: 900 } }) {
  await mkdir(join(import.meta.dirname, 'test-results'), { recursive: true });
  const Kind = { chromium: ChromiumDriver, firefox: FirefoxDriver, webkit: WebKitDriver }[engine];
  if (!Kind) throw new Error(`unknown engine ${engine} (choose from ${ENGINES.join(', ')})`);
  return Kind.launch({ origin, viewport });
}
