// The widget end to end in Chromium against the real sada-server: a page embeds the one-line
// loader, the survey opens, the visitor answers with the mouse or keyboard, and the answers with
// their context arrive in the server's database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launchBrowser } from './harness.mjs';
import { exportLines } from '../server/harness.mjs';
import { allDelivered, artifacts, embeddingPage, startDemoSite, watchPage } from './demo_site.mjs';
import { mkdirSync } from 'node:fs';

let demo;
let server;
let browser;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  demo = await startDemoSite({
    pages: { '/checkout/': embeddingPage({ title: 'Checkout' }), '/fa/checkout/': embeddingPage({ lang: 'fa', title: 'پرداخت' }) },
    editSite: (site) => { site.surveys.find((s) => s.id === 'shop-nps').trigger = { on: 'page_load', delay_seconds: 0 }; },
  });
  server = demo.server;
  browser = await launchBrowser(path.join(demo.work, 'profile'));
});

after(async () => {
  await browser?.close();
  await demo?.stop();
});

test('English NPS with a detractor follow-up reaches the database with its context', async () => {
  const tab = await browser.newPage();
  const watch = watchPage(tab, server);
  await tab.goto(demo.url('/checkout/'));
  const panel = tab.locator('sada-widget').locator('section[role="dialog"]');
  await panel.waitFor({ state: 'visible', timeout: 15000 }).catch((error) => { throw watch.explain(error); });
  await tab.screenshot({ path: path.join(artifacts, 'panel-en.png') });
  await panel.getByRole('radio', { name: '3', exact: true }).click();
  await panel.locator('textarea').fill('The delivery was late <img src=x onerror=alert(1)>');
  await panel.getByRole('button', { name: 'Send' }).click();
  await panel.getByText('Thank you! We received your answer.').waitFor();
  await allDelivered(tab, 15000);
  const line = (await exportLines(server)).at(-1);
  assert.equal(line.response.survey_id, 'shop-nps');
  assert.deepEqual(line.response.answers, { nps: 3, why_low: 'The delivery was late <img src=x onerror=alert(1)>' });
  assert.equal(line.response.context.page, '/checkout/');
  assert.equal(line.response.context.locale, 'en');
  assert.equal(line.response.context.device, 'desktop');
  assert.equal(line.client.browser, 'chrome');
  await tab.close();
});

test('Persian: the panel is right-to-left with Persian digits, and Persian text arrives intact', async (t) => {
  // Another visitor (a fresh profile): the first one completed the survey, and it never shows again.
  const persian = await launchBrowser(path.join(demo.work, 'profile-fa'));
  t.after(() => persian.close());
  const tab = await persian.newPage();
  await tab.goto(demo.url('/fa/checkout/'));
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
  await allDelivered(tab, 15000);
  const line = (await exportLines(server)).at(-1);
  assert.deepEqual(line.response.answers, { nps: 10, why_high: comment });
  assert.equal(line.response.context.locale, 'fa');
});
