// Embedding from another origin, the way sites use the widget: the page is on one origin and the
// loader, sada.js (a module script), the wasm core and the API are on sada-server's. The answer
// must reach the server's database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportLines } from '../server/harness.mjs';
import { serveStatic } from './harness.mjs';
import { allDelivered, newVisitor, startDemoSite } from './demo_site.mjs';

let shop;   // the host page's own server
let demo;   // sada-server with the widget
const pages = mkdtempSync(path.join(tmpdir(), 'sada-shop-'));

before(async () => {
  shop = await serveStatic({ '/': pages });
  demo = await startDemoSite({
    editSite: (site) => {
      site.origins.push(shop.url);
      site.surveys.find((s) => s.id === 'shop-nps').trigger = { on: 'page_load', delay_seconds: 0 };
    },
  });
  const widgetOrigin = demo.url('').replace(/\/$/, '');
  writeFileSync(path.join(pages, 'index.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Another shop</title><link rel="icon" href="data:,">
<script async src="${widgetOrigin}/widget/sada-loader.js" data-site="shop" data-endpoint="${widgetOrigin}"></script>
</head><body><h1>Another shop</h1></body></html>`);
});
after(async () => {
  await demo?.stop();
  await shop?.close();
  rmSync(pages, { recursive: true, force: true });
});

test('a page on another origin runs the widget from sada-server and its answer is stored', async (t) => {
  assert.notEqual(new URL(shop.url).origin, new URL(demo.url('/')).origin);
  const { tab, watch } = await newVisitor(t, demo);
  await tab.goto(`${shop.url}/index.html`);
  const panel = tab.locator('sada-widget').locator('section[role="dialog"]');
  await panel.waitFor({ state: 'visible', timeout: 15000 }).catch((error) => { throw watch.explain(error); });
  const comment = `cross-origin ${Date.now()}`;
  await panel.getByRole('radio', { name: '5', exact: true }).click();
  await panel.locator('textarea').fill(comment);
  await panel.getByRole('button', { name: 'Send' }).click();
  await allDelivered(tab).catch((error) => { throw watch.explain(error); });
  const stored = (await exportLines(demo.server)).filter((line) => line.response.answers.why_low === comment);
  assert.equal(stored.length, 1, watch.lines.join('\n'));
  assert.equal(stored[0].response.context.page, '/index.html');
  assert.deepEqual(watch.failedResponses, []);
  assert.deepEqual(watch.lines.filter((line) => /^(error|warning)/.test(line)), []);
});
