// Trunk post-build hook: give the built page a strict content security policy.
//
// Everything the page loads is its own (scripts, wasm, the worker, the datasets), so the
// policy is `default-src 'self'` plus what the page cannot do without:
// - 'wasm-unsafe-eval': compiling WebAssembly (no JavaScript eval is allowed);
// - the SHA-256 of each inline script Trunk writes (its wasm loader and the page's "opened
//   as a file" notice), so no other inline script can run;
// - inline styles: Leptos sets `style` attributes and the classroom view injects a style
//   sheet; styles cannot run code;
// - data: and blob: images: the compression panel decodes JPEG and WebP from blobs.
// A <meta> policy cannot set frame-ancestors; GitHub Pages sends no headers of its own.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error('csp.mjs: no TRUNK_STAGING_DIR and no directory given');
const file = join(dir, 'index.html');
let html = readFileSync(file, 'utf8');
if (html.includes('http-equiv="Content-Security-Policy"')) process.exit(0);

const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
  .map((m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "worker-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
// First in <head>, before anything it governs.
html = html.replace(/<head>/, `<head>\n    ${meta}`);
writeFileSync(file, html);
console.log(`csp.mjs: ${hashes.length} inline scripts hashed into the page's policy`);
