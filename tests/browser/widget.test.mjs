// The widget end to end in Chromium against the real sada-server: a page embeds the one-line
// loader, the survey opens, the visitor answers with the mouse or keyboard, and the answers with
// their context arrive in the server's database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { launchBrowser, root } from './harness.mjs';
import { startServer, exportLines } from '../server/harness.mjs';

let server;
let browser;
const work = mkdtempSync(path.join(tmpdir(), 'sada-widget-'));
// Screenshots are kept as test artifacts (build/test-artifacts/), for people to look at.
const artifacts = path.join(root, 'build/test-artifacts');
mkdirSync(artifacts, { recursive: true });

function freePort() {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const page = (lang, title) => `<!doctype html>
<html lang="${lang}"${lang === 'fa' ? ' dir="rtl"' : ''}>
<head><meta charset="utf-8"><title>${title}</title>
<script async src="/widget/sada-loader.js" data-site="shop" data-endpoint=""></script></head>
<body><h1>${title}</h1><p>Demo page.</p></body></html>`;

before(async () => {
  const port = await freePort();
  const site = path.join(work, 'site');
  mkdirSync(path.join(site, 'widget'), { recursive: true });
  for (const file of ['sada-core.js', 'sada-core.wasm']) cpSync(path.join(root, 'build/wasm-release/widget', file), path.join(site, 'widget', file));
  cpSync(path.join(root, 'widget'), path.join(site, 'widget'), { recursive: true, filter: (f) => !/\.(cpp|txt)$/.test(f) });
  mkdirSync(path.join(site, 'checkout'), { recursive: true });
  writeFileSync(path.join(site, 'checkout', 'index.html'), page('en', 'Checkout'));
  mkdirSync(path.join(site, 'fa', 'checkout'), { recursive: true });
  writeFileSync(path.join(site, 'fa', 'checkout', 'index.html'), page('fa', 'پرداخت'));
  const sites = JSON.parse(readFileSync(path.join(root, 'server_stub/sites.example.json'), 'utf8'));
  const shop = sites.sites[0];
  shop.origins = [`http://127.0.0.1:${port}`];
  shop.limits = { requests_per_second: 1000, burst: 1000, max_body_bytes: 65536 };
  const nps = shop.surveys.find((s) => s.id === 'shop-nps');
  nps.trigger = { on: 'page_load', delay_seconds: 0, sample_percent: 100 };
  server = await startServer({ sites, dir: work, port, args: ['--static', site] });
  browser = await launchBrowser(path.join(work, 'profile'));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

test('English NPS with a detractor follow-up reaches the database with its context', async () => {
  const tab = await browser.newPage();
  const consoleLines = [];
  tab.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
  tab.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
  await tab.goto(`http://127.0.0.1:${server.port}/checkout/`);
  const panel = tab.locator('sada-widget').locator('section[role="dialog"]');
  await panel.waitFor({ state: 'visible', timeout: 15000 }).catch((error) => {
    throw new Error(`${error.message}\nbrowser console:\n${consoleLines.join('\n')}\nserver log:\n${server.log.slice(-1500)}`);
  });
  await tab.screenshot({ path: path.join(artifacts, 'panel-en.png') });
  await panel.getByRole('radio', { name: '3', exact: true }).click();
  await panel.locator('textarea').fill('The delivery was late <img src=x onerror=alert(1)>');
  await panel.getByRole('button', { name: 'Send' }).click();
  await panel.getByText('Thank you! We received your answer.').waitFor();
  await tab.waitForFunction(async () => (await window.Sada.pending()) === 0, null, { timeout: 15000 });
  const line = (await exportLines(server)).at(-1);
  assert.equal(line.response.survey_id, 'shop-nps');
  assert.deepEqual(line.response.answers, { nps: 3, why_low: 'The delivery was late <img src=x onerror=alert(1)>' });
  assert.equal(line.response.context.page, '/checkout/');
  assert.equal(line.response.context.locale, 'en');
  assert.equal(line.response.context.device, 'desktop');
  assert.equal(line.client.browser, 'chrome');
  await tab.close();
});

test('Persian: the panel is right-to-left with Persian digits, and Persian text arrives intact', async () => {
  // Another visitor (a fresh profile): the first one completed the survey, and it never shows again.
  const persian = await launchBrowser(path.join(work, 'profile-fa'));
  const tab = await persian.newPage();
  await tab.goto(`http://127.0.0.1:${server.port}/fa/checkout/`);
  const panel = tab.locator('sada-widget').locator('section[role="dialog"]');
  await panel.waitFor({ state: 'visible', timeout: 15000 });
  const direction = await tab.locator('sada-widget').evaluate((host) => getComputedStyle(host.shadowRoot.querySelector('.root')).direction);
  assert.equal(direction, 'rtl');
  await tab.screenshot({ path: path.join(artifacts, 'panel-fa.png') });
  const ten = panel.getByRole('radio', { name: '۱۰', exact: true });
  await ten.click();
  const comment = 'ارسال سریع بود و بسته‌بندی عالی 👍';
  await panel.locator('textarea').fill(comment);
  await panel.getByRole('button', { name: 'ارسال' }).click();
  await panel.getByText('ممنون! پاسخ شما ثبت شد.').waitFor();
  await tab.waitForFunction(async () => (await window.Sada.pending()) === 0, null, { timeout: 15000 });
  const line = (await exportLines(server)).at(-1);
  assert.deepEqual(line.response.answers, { nps: 10, why_high: comment });
  assert.equal(line.response.context.locale, 'fa');
  await persian.close();
});
