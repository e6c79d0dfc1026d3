// The demo shop that ./scripts/demo serves (host_page/): every page loads cleanly in English and
// Persian with the widget started, each page's trigger (scroll depth on the product page, exit
// intent on the cart, the checkout button's custom event, the orders page's Sada.show) opens its
// survey, and answers carry the journey stage each page sets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { root } from './harness.mjs';
import { allDelivered, newVisitor, startDemoSite, until } from './demo_site.mjs';

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
      await until(() => tab.evaluate(() => !!window.Sada && !window.Sada.load), { what: `the widget to start on ${prefix}${page}` })
        .catch((error) => { throw watch.explain(error); });
      await tab.evaluate(() => window.Sada.pending());  // its start-up has finished
    }
  }
  assert.deepEqual(watch.failedResponses, []);
  assert.deepEqual(watch.lines.filter((line) => /^(error|warning|pageerror)/.test(line)), []);
});

test('product: scrolling past half the page opens the CSAT survey, filed under research', async (t) => {
  const { tab, watch } = await visitor(t);
  await tab.goto(demo.url('/product.html'));
  await until(() => tab.evaluate(() => !!window.Sada && !window.Sada.load), { what: 'the widget to start' });
  await tab.evaluate(() => window.Sada.pending());
  assert.equal(await panelOf(tab).isVisible(), false, 'not before scrolling');
  await tab.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const panel = panelOf(tab);
  await panel.waitFor({ state: 'visible', timeout: 15000 }).catch((error) => { throw watch.explain(error); });
  await panel.getByRole('radio', { name: '4', exact: true }).click();
  await allDelivered(tab);
  const line = (await demoExport()).find((l) => l.response.survey_id === 'product-csat');
  assert.equal(line.response.answers.csat, 4);
  assert.equal(line.response.context.stage, 'research');
});

test('cart: the pointer leaving through the top of the window opens the exit survey', async (t) => {
  const { tab, watch } = await visitor(t);
  await tab.goto(demo.url('/cart.html'));
  await until(() => tab.evaluate(() => !!window.Sada && !window.Sada.load), { what: 'the widget to start' });
  await tab.evaluate(() => window.Sada.pending());
  // What a browser sends when the pointer leaves the page upwards (towards the tabs or the URL bar).
  const leave = (clientY) => tab.evaluate((y) => document.documentElement.dispatchEvent(
    new MouseEvent('mouseout', { bubbles: true, clientX: 400, clientY: y, relatedTarget: null })), clientY);
  await leave(300);  // leaving sideways, lower down, is not exit intent
  await tab.waitForTimeout(500);
  assert.equal(await panelOf(tab).isVisible(), false, 'not on a sideways exit');
  await leave(-1);
  await panelOf(tab).waitFor({ state: 'visible', timeout: 15000 }).catch((error) => { throw watch.explain(error); });
  assert.match(await panelOf(tab).locator('h2').textContent(), /\S/);
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
