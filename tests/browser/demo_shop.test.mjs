// The demo shop that ./scripts/demo serves (host_page/): every page loads cleanly in English and
// Persian, the checkout button's custom event and the orders page's Sada.show open their surveys,
// and answers carry the journey stage each page sets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { root } from './harness.mjs';
import { allDelivered, newVisitor, startDemoSite } from './demo_site.mjs';

let demo;
before(async () => {
  demo = await startDemoSite({ copy: path.join(root, 'host_page'), sitesFile: 'host_page/sites.json' });
});
after(async () => { await demo?.stop(); });

const visitor = (t) => newVisitor(t, demo);

const panelOf = (tab) => tab.locator('sada-widget').locator('section[role="dialog"]');
const demoExport = async () => {
  const res = await demo.server.request({ path: '/v1/sites/demo/responses', headers: { Authorization: 'Bearer demo-admin' } });
  return res.body.split('\n').filter(Boolean).map((line) => JSON.parse(line));
};

test('every demo page loads without errors in English and Persian', async (t) => {
  const { browser, tab, watch } = await visitor(t);
  for (const prefix of ['/', '/fa/']) {
    for (const page of ['index.html', 'product.html', 'cart.html', 'checkout.html', 'orders.html', 'developers.html']) {
      const response = await tab.goto(demo.url(`${prefix}${page}`));
      assert.equal(response.status(), 200, `${prefix}${page}`);
      await tab.waitForLoadState('load');
    }
  }
  assert.deepEqual(watch.failedResponses, []);
  assert.deepEqual(watch.lines.filter((line) => /^(error|pageerror)/.test(line)), []);
});

test('checkout: the pay button tracks an event and the CES survey follows, filed under purchase', async (t) => {
  const { browser, tab, watch } = await visitor(t);
  await tab.goto(demo.url('/checkout.html'));
  await tab.waitForLoadState('load');
  await tab.locator('button.action').click();
  const panel = panelOf(tab);
  await panel.waitFor({ state: 'visible', timeout: 15000 }).catch((error) => { throw watch.explain(error); });
  await panel.getByRole('radio', { name: '6', exact: true }).click();
  await panel.getByText('Thank you').waitFor();
  await allDelivered(tab);
  const line = (await demoExport()).find((l) => l.response.survey_id === 'checkout-ces');
  assert.equal(line.response.answers.ces, 6);
  assert.equal(line.response.context.stage, 'purchase');
});

test('orders: the support button opens its survey with Sada.show, in Persian', async (t) => {
  const { browser, tab, watch } = await visitor(t);
  await tab.goto(demo.url('/fa/orders.html'));
  await tab.waitForLoadState('load');
  await tab.locator('button.action').click();
  const panel = panelOf(tab);
  await panel.waitFor({ state: 'visible', timeout: 15000 }).catch((error) => { throw watch.explain(error); });
  await panel.getByRole('radio', { name: '۵', exact: true }).click();
  await panel.locator('textarea').fill('پاسخ‌ها سریع و دقیق بود');
  await panel.getByRole('button', { name: 'ارسال' }).click();
  await allDelivered(tab);
  const line = (await demoExport()).find((l) => l.response.survey_id === 'support-csat');
  assert.deepEqual(line.response.answers, { csat: 5, comment: 'پاسخ‌ها سریع و دقیق بود' });
  assert.equal(line.response.context.stage, 'post-purchase');
  assert.equal(line.response.context.locale, 'fa');
});
