// The wasm core in real Chromium: the SQLite outbox, persisted in IndexedDB, keeps an answer
// across a reload and across a browser restart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchBrowser, serveStatic, root } from './harness.mjs';

let site;
const profile = mkdtempSync(path.join(tmpdir(), 'sada-chromium-'));

before(async () => {
  site = await serveStatic({
    '/widget/build/': path.join(root, 'build/wasm-release/widget'),
    '/widget/src/': path.join(root, 'widget'),
    '/fixtures/': path.join(root, 'tests/browser/fixtures'),
  });
});
after(async () => {
  await site.close();
  rmSync(profile, { recursive: true, force: true });
});

const answer = {
  id: '0193a5c2-7b4e-7c3d-9f10-2a3b4c5d6e7f', survey_id: 'shop-nps', survey_version: 1,
  submitted_at: '2026-11-23T05:00:00Z', answers: { nps: 3, why_low: 'پرداخت دو بار انجام شد' },
  context: { page: '/checkout', stage: 'purchase', locale: 'fa' },
};

async function pending(page) {
  return page.evaluate(async () => (await window.sadaReady).call('sada_outbox_count').pending);
}

test('an answer in the outbox survives a reload and a browser restart', async (t) => {
  let browser = await launchBrowser(profile);
  t.after(() => browser.close());  // whichever browser is open when the test ends
  let page = await browser.newPage();
  await page.goto(`${site.url}/fixtures/persist.html`);
  assert.equal(await page.evaluate(async () => (await window.sadaReady).opened.ok), true);
  assert.equal(await pending(page), 0);
  const stored = await page.evaluate(async (response) => {
    const sada = await window.sadaReady;
    const result = sada.call('sada_outbox_enqueue', response, Date.now());
    await sada.persist();
    return result;
  }, answer);
  assert.equal(stored.stored, true, JSON.stringify(stored));

  await page.reload();
  assert.equal(await pending(page), 1, 'after a reload');
  await browser.close();

  browser = await launchBrowser(profile);
  page = await browser.newPage();
  await page.goto(`${site.url}/fixtures/persist.html`);
  assert.equal(await pending(page), 1, 'after a browser restart');
  const body = await page.evaluate(async () => (await window.sadaReady).call('sada_outbox_next_batch', Date.now(), 10, 0).body);
  assert.equal(JSON.parse(body).responses[0].answers.why_low, 'پرداخت دو بار انجام شد');
});
