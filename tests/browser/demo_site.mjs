// Starts sada-server serving test pages that embed the widget with its one-line snippet, on a
// port chosen first (the page's origin must be in the sites file), with surveys a test chooses.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { launchBrowser, root } from './harness.mjs';
import { startServer } from '../server/harness.mjs';

export const artifacts = path.join(root, 'build/test-artifacts');  // screenshots for people to look at

function freePort() {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// A page embedding the widget; `head` adds to <head> (e.g. a CSP meta tag).
export function embeddingPage({ lang = 'en', title = 'Shop', head = '' } = {}) {
  return `<!doctype html>
<html lang="${lang}"${lang === 'fa' ? ' dir="rtl"' : ''}>
<head><meta charset="utf-8"><title>${title}</title>${head}
<script async src="/widget/sada-loader.js" data-site="shop" data-endpoint=""></script></head>
<body><h1>${title}</h1><p>Demo page.</p></body></html>`;
}

// pages: {"/checkout/": html, ...}; copy: a folder copied into the site root as well (the demo
// shop); sitesFile: the sites file to start from; editSite(site) changes its first site.
export async function startDemoSite({ pages = {}, copy, sitesFile = 'server_stub/sites.example.json', editSite = () => {} }) {
  const work = mkdtempSync(path.join(tmpdir(), 'sada-browser-'));
  const port = await freePort();
  const siteRoot = path.join(work, 'site');
  mkdirSync(path.join(siteRoot, 'widget'), { recursive: true });
  for (const file of ['sada-core.mjs', 'sada-core.wasm']) {
    cpSync(path.join(root, 'build/wasm-release/widget', file), path.join(siteRoot, 'widget', file));
  }
  cpSync(path.join(root, 'widget'), path.join(siteRoot, 'widget'), { recursive: true, filter: (f) => !/\.(cpp|c|txt)$/.test(f) });
  if (copy) cpSync(copy, siteRoot, { recursive: true, filter: (f) => path.basename(f) !== 'sites.json' });
  for (const [url, html] of Object.entries(pages)) {
    const folder = path.join(siteRoot, url);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'index.html'), html);
  }
  const sites = JSON.parse(readFileSync(path.join(root, sitesFile), 'utf8'));
  const site = sites.sites[0];
  site.origins = [`http://127.0.0.1:${port}`];
  site.limits = { requests_per_second: 1000, burst: 1000, max_body_bytes: 65536 };
  editSite(site);
  const server = await startServer({ sites, dir: work, port, args: ['--static', siteRoot] });
  return {
    server, work, url: (page) => `http://127.0.0.1:${port}${page}`,
    async stop() {
      await server.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

// Fails with the page's console and the server's log, which is what one needs to see.
export function watchPage(tab, server) {
  const lines = [];
  tab.on('console', (message) => lines.push(`${message.type()}: ${message.text()}`));
  tab.on('pageerror', (error) => lines.push(`pageerror: ${error.message}`));
  const failedResponses = [];
  tab.on('response', (response) => { if (response.status() >= 400) failedResponses.push(`${response.status()} ${response.url()}`); });
  return {
    lines,
    failedResponses,
    explain: (error) => new Error(`${error.message}\nbrowser console:\n${lines.join('\n')}\nserver log:\n${server.log.slice(-1500)}`),
  };
}

// Polls an async check until it holds (Playwright's waitForFunction does not await a promise
// returned by the page function: it would see a truthy Promise and return at once).
export async function until(check, { timeout = 15000, every = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}

// Resolves when the widget runtime has replaced the loader and has nothing left to deliver.
export function allDelivered(tab, timeout = 15000) {
  return until(async () => tab.evaluate(async () => !!window.Sada && !window.Sada.load && (await window.Sada.pending()) === 0),
               { timeout, what: 'the outbox to empty' });
}

let profiles = 0;

// A new visitor: a fresh browser profile (closed when the test ends, pass or fail) and a page.
// `prepare(browser)` runs before the page opens (e.g. to plant a visitor id).
export async function newVisitor(t, demo, prepare) {
  const browser = await launchBrowser(path.join(demo.work, `profile-${++profiles}`));
  t.after(() => browser.close());
  if (prepare) await prepare(browser);
  const tab = await browser.newPage();
  return { browser, tab, watch: watchPage(tab, demo.server) };
}
