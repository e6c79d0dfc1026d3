// The real widget in Chromium keeps an unsent answer in IndexedDB (its SQLite outbox's image)
// across a browser restart, and delivers it, once, intact, when the server can be reached.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { exportLines } from '../server/harness.mjs';
import { launchBrowser } from './harness.mjs';
import { allDelivered, embeddingPage, startDemoSite, until, watchPage } from './demo_site.mjs';

let demo;

before(async () => {
  demo = await startDemoSite({
    pages: { '/fa/': embeddingPage({ lang: 'fa', title: 'خانه' }) },
    editSite: (site) => { site.surveys.find((s) => s.id === 'shop-nps').trigger = { on: 'page_load', delay_seconds: 0 }; },
  });
});
after(async () => { await demo?.stop(); });

const comment = 'پرداخت دو بار انجام شد، لطفاً پیگیری کنید';
const widgetStarted = (tab) => until(() => tab.evaluate(() => !!window.Sada && !window.Sada.load), { what: 'the widget to start' });

test('an unsent answer survives a browser restart and is delivered once, intact', async (t) => {
  const profile = path.join(demo.work, 'restart-profile');
  let browser = await launchBrowser(profile);
  t.after(() => browser.close());  // whichever browser is open when the test ends
  // The server cannot be reached for answers (fetches fail; see widget_flows on beacons).
  await browser.route('**/v1/sites/shop/responses', (route) => route.abort('internetdisconnected'));
  let tab = await browser.newPage();
  let watch = watchPage(tab, demo.server);
  await tab.goto(demo.url('/fa/'));
  const panel = tab.locator('sada-widget').locator('section[role="dialog"]');
  await panel.waitFor({ state: 'visible', timeout: 15000 }).catch((error) => { throw watch.explain(error); });
  await panel.getByRole('radio', { name: '۴', exact: true }).click();  // Persian digits
  await panel.locator('textarea').fill(comment);
  await panel.getByRole('button', { name: 'ارسال' }).click();
  await until(async () => (await tab.evaluate(() => window.Sada.pending())) === 1, { what: 'the answer in the outbox' });
  await browser.close();

  browser = await launchBrowser(profile);
  await browser.route('**/v1/sites/shop/responses', (route) => route.abort('internetdisconnected'));
  tab = await browser.newPage();
  watch = watchPage(tab, demo.server);
  await tab.goto(demo.url('/fa/'));
  await widgetStarted(tab).catch((error) => { throw watch.explain(error); });
  assert.equal(await tab.evaluate(() => window.Sada.pending()), 1, 'pending after the restart');

  await browser.unroute('**/v1/sites/shop/responses');
  await tab.evaluate(() => window.Sada.flush());
  await allDelivered(tab);
  const stored = (await exportLines(demo.server)).filter((line) => line.response.answers.why_low === comment);
  assert.equal(stored.length, 1, `exactly one copy on the server\n${watch.lines.join('\n')}`);
  assert.equal(stored[0].response.context.locale, 'fa');
});

// IndexedDB that cannot be used at all (some private modes), or that refuses writes (quota): the
// visitor still answers, the answer is still delivered, and the console says why nothing is kept.
for (const [name, breakIt, said] of [
  ['no IndexedDB at all', () => { Object.defineProperty(window, 'indexedDB', { value: undefined }); }, /memory only \(IndexedDB is not available\)/],
  ['IndexedDB refusing writes (quota)', () => {
    IDBObjectStore.prototype.put = function () { throw new DOMException('quota reached', 'QuotaExceededError'); };
  }, /memory only \(IndexedDB could not be written: quota reached\)/],
]) {
  test(`${name}: the widget works in memory and says so`, async (t) => {
    const browser = await launchBrowser(path.join(demo.work, `profile-${name.replace(/\W+/g, '-')}`));
    t.after(() => browser.close());
    await browser.addInitScript(breakIt);
    const tab = await browser.newPage();
    const watch = watchPage(tab, demo.server);
    await tab.goto(demo.url('/fa/'));
    const panel = tab.locator('sada-widget').locator('section[role="dialog"]');
    await panel.waitFor({ state: 'visible', timeout: 15000 }).catch((error) => { throw watch.explain(error); });
    const text = `${name} ${Date.now()}`;
    await panel.getByRole('radio', { name: '۳', exact: true }).click();
    await panel.locator('textarea').fill(text);
    await panel.getByRole('button', { name: 'ارسال' }).click();
    await allDelivered(tab);
    const stored = (await exportLines(demo.server)).filter((line) => line.response.answers.why_low === text);
    assert.equal(stored.length, 1, watch.lines.join('\n'));
    assert.ok(watch.lines.some((line) => said.test(line)), `the console says so:\n${watch.lines.join('\n')}`);
  });
}
