// "Send us a message" in Chromium: the launcher opens a message box when no survey is running;
// a message (English or Persian, typed with the keyboard only) is saved, delivered and stored as a
// response to the built-in survey "_message" with its context, shown as text, never as HTML; a
// site that turns messages off gets no launcher.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { exportLines } from '../server/harness.mjs';
import path from 'node:path';
import { allDelivered, artifacts, embeddingPage, newVisitor, startDemoSite, until } from './demo_site.mjs';

let demo;
let quiet;  // a site with messages turned off

const manualOnly = (site) => site.surveys.forEach((survey) => { survey.trigger = { on: 'manual' }; });

before(async () => {
  const pages = { '/orders/': embeddingPage({ title: 'Orders' }), '/fa/orders/': embeddingPage({ lang: 'fa', title: 'سفارش‌ها' }) };
  demo = await startDemoSite({ pages, editSite: manualOnly });
  quiet = await startDemoSite({ pages, editSite: (site) => { manualOnly(site); site.messages = false; } });
});
after(async () => { await demo?.stop(); await quiet?.stop(); });

const storedMessage = async (server, text) =>
  (await exportLines(server)).filter((line) => line.response.survey_id === '_message' && line.response.answers.message === text);

test('a message written from the launcher reaches the server with its context, shown as text', async (t) => {
  const { tab, watch } = await newVisitor(t, demo);
  await tab.goto(demo.url('/orders/'));
  const widget = tab.locator('sada-widget');
  const launcher = widget.getByRole('button', { name: 'Feedback' });
  await launcher.waitFor({ timeout: 15000 }).catch((error) => { throw watch.explain(error); });
  await launcher.click();
  const panel = widget.locator('section[role="dialog"]');
  await panel.getByRole('heading', { name: 'Send us a message' }).waitFor();
  const box = panel.getByRole('textbox', { name: /How can we help/ });
  await assert.doesNotReject(box.waitFor());
  assert.equal(await box.evaluate((el) => el === el.getRootNode().activeElement), true, 'the box has the focus');

  const text = `Where is my order? <img src=x onerror="window.__hacked=1"> ${Date.now()}`;
  await box.fill(text);
  await panel.getByRole('button', { name: 'Send' }).click();
  await panel.getByText('Thanks, we got your message.').waitFor();
  await tab.screenshot({ path: path.join(artifacts, 'message-en.png') });
  assert.equal(await panel.locator('.me').last().textContent(), text, 'the message shows as typed');
  assert.equal(await panel.locator('img').count(), 0, 'no element made from the text');
  assert.equal(await tab.evaluate(() => window.__hacked), undefined);
  // The box is ready for another message.
  assert.equal(await panel.getByRole('textbox').inputValue(), '');

  await allDelivered(tab);
  const stored = await storedMessage(demo.server, text);
  assert.equal(stored.length, 1, watch.lines.join('\n'));
  const { context } = stored[0].response;
  assert.equal(context.page, '/orders/');
  assert.equal(context.locale, 'en');
  assert.equal(context.device, 'desktop');
  assert.deepEqual(watch.failedResponses, []);
});

test('Persian, keyboard only: the message box is right-to-left and the text arrives intact', async (t) => {
  const { tab, watch } = await newVisitor(t, demo);
  await tab.goto(demo.url('/fa/orders/'));
  const widget = tab.locator('sada-widget');
  await widget.getByRole('button', { name: 'بازخورد' }).waitFor({ timeout: 15000 }).catch((error) => { throw watch.explain(error); });
  // Tab from the page to the launcher (the only focusable thing on it), Enter opens the box.
  await until(async () => {
    await tab.keyboard.press('Tab');
    return tab.evaluate(() => document.activeElement?.localName === 'sada-widget');
  }, { timeout: 5000, what: 'the launcher to take the focus' });
  await tab.keyboard.press('Enter');
  const panel = widget.locator('section[role="dialog"]');
  await panel.getByRole('heading', { name: 'برای ما پیام بفرستید' }).waitFor();
  assert.equal(await widget.locator('.root').getAttribute('dir'), 'rtl');
  const text = 'سلام، کد تخفیف «پاییز۱۴۰۵» موقع پرداخت خطا می‌دهد.';
  await tab.keyboard.type(text);
  await tab.keyboard.press('Tab');
  await tab.keyboard.press('Enter');
  await panel.getByText('ممنون، پیام شما به دست ما رسید.').waitFor();
  await tab.screenshot({ path: path.join(artifacts, 'message-fa.png') });
  const violations = (await new AxeBuilder({ page: tab }).include('sada-widget').analyze()).violations;
  assert.deepEqual(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), []);
  await allDelivered(tab);
  const stored = await storedMessage(demo.server, text);
  assert.equal(stored.length, 1, watch.lines.join('\n'));
  assert.equal(stored[0].response.context.locale, 'fa');
  await tab.keyboard.press('Escape');
  assert.equal(await panel.isHidden(), true, 'Escape closes the panel');
});

test('a site that turns messages off shows no launcher until a survey runs', async (t) => {
  const { tab, watch } = await newVisitor(t, quiet);
  await tab.goto(quiet.url('/orders/'));
  await until(() => tab.evaluate(() => !!window.Sada && !window.Sada.load), { what: 'the widget to start' })
    .catch((error) => { throw watch.explain(error); });
  await tab.evaluate(() => window.Sada.pending());  // init has finished
  assert.equal(await tab.locator('sada-widget').count(), 0);
});
