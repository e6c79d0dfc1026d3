// Browser test harness: Debian's Chromium driven by playwright-core, and a small static file
// server on loopback (optionally with a Content-Security-Policy) for the widget and test pages.
import { chromium } from 'playwright-core';
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// The flags this machine needs: no sandbox as root, and no background network traffic.
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// A browser profile in `userDataDir`: closing and relaunching it is a browser restart.
export function launchBrowser(userDataDir) {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.SADA_CHROMIUM ?? '/usr/bin/chromium', headless: true, args: chromiumArgs,
  });
}

const contentTypes = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css' };

// Serves `routes` ({"/prefix/": folder}) on a free loopback port; `headers` go on every answer.
export function serveStatic(routes, headers = {}) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const prefix = Object.keys(routes).find((p) => url.pathname.startsWith(p));
    const relative = prefix ? decodeURIComponent(url.pathname.slice(prefix.length)) : '';
    if (!prefix || relative.split('/').includes('..')) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(path.join(routes[prefix], relative));
      res.writeHead(200, { 'Content-Type': contentTypes[path.extname(relative)] ?? 'application/octet-stream', ...headers });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((done) => server.close(done)),
  })));
}
