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

// The moment of risk: "thank you" is on screen and the visitor leaves at once. The answer was in
// the outbox (saved to IndexedDB) before "thank you" showed, so whatever happens to the page, it
// reaches the server exactly once.
for (const [name, leave] of [
  ['a reload', async (tab) => { await tab.reload(); return tab; }],
  ['closing the tab', async (tab, browser) => { await tab.close({ runBeforeUnload: true }); return browser.newPage(); }],
]) {
  for (const online of [true, false]) {
    test(`${name} right after "thank you" loses nothing (${online ? 'online' : 'offline'})`, async (t) => {
      const browser = await launchBrowser(path.join(demo.work, `profile-leave-${name.replace(/\W+/g, '-')}-${online}`));
      t.after(() => browser.close());
      if (!online) await browser.route('**/v1/sites/shop/responses', (route) => route.abort('internetdisconnected'));
      let tab = await browser.newPage();
      const watch = watchPage(tab, demo.server);
      await tab.goto(demo.url('/fa/'));
      const panel = tab.locator('sada-widget').locator('section[role="dialog"]');
      await panel.waitFor({ state: 'visible', timeout: 15000 }).catch((error) => { throw watch.explain(error); });
      const text = `leaving at once ${name} ${online} ${Date.now()}`;
      await panel.getByRole('radio', { name: '۲', exact: true }).click();
      await panel.locator('textarea').fill(text);
      await panel.getByRole('button', { name: 'ارسال' }).click();
      await panel.getByText('ممنون! پاسخ شما ثبت شد.').waitFor({ timeout: 5000 });
      tab = await leave(tab, browser);  // no waiting for delivery
      if (!online) {
        await tab.goto(demo.url('/fa/')).catch(() => {});  // a new tab starts blank
        await widgetStarted(tab);
        assert.equal(await tab.evaluate(() => window.Sada.pending()), 1, 'the answer waits in the outbox');
        await browser.unroute('**/v1/sites/shop/responses');
        await tab.evaluate(() => window.Sada.flush());
      } else if (tab.url() === 'about:blank') {
        await tab.goto(demo.url('/fa/'));
      }
      await widgetStarted(tab);
      await allDelivered(tab);
      const stored = (await exportLines(demo.server)).filter((line) => line.response.answers.why_low === text);
      assert.equal(stored.length, 1, `exactly one copy on the server\n${watch.lines.join('\n')}`);
    });
  }
}

// What a browser's storage can hand back after a crash or a disk fault: bytes that are no SQLite
// database at all, or a real outbox image cut short. The page keeps working, the damaged bytes are
// kept aside under "outbox-damaged", and a new outbox is started and saved as usual.
const damages = {
  'bytes that are not a database': () => new Uint8Array(8192).fill(0x5a),
  'an outbox image cut short': (image) => image.slice(0, Math.floor(image.length / 2)),
};
for (const [name, damage] of Object.entries(damages)) {
  test(`a local database holding ${name} is set aside and rebuilt, and the page works`, async (t) => {
    const browser = await launchBrowser(path.join(demo.work, `profile-damaged-${name.replace(/\W+/g, '-')}`));
    t.after(() => browser.close());
    await browser.route('**/v1/sites/shop/responses', (route) => route.abort('internetdisconnected'));
    let tab = await browser.newPage();
    let watch = watchPage(tab, demo.server);
    await tab.goto(demo.url('/fa/'));
    await widgetStarted(tab).catch((error) => { throw watch.explain(error); });
    // The widget has saved its outbox (with the cached surveys and throttle); damage that record.
    const idb = (fn, ...args) => tab.evaluate(async ([source, values]) => {
      const open = indexedDB.open('sada', 1);
      const db = await new Promise((resolve, reject) => { open.onsuccess = () => resolve(open.result); open.onerror = () => reject(open.error); });
      const run = new Function('store', 'values', source);
      const transaction = db.transaction('images', 'readwrite');
      const result = await new Promise((resolve, reject) => {
        const request = run(transaction.objectStore('images'), values);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      await new Promise((resolve) => { transaction.oncomplete = resolve; });
      db.close();
      return result instanceof Uint8Array ? Array.from(result) : result;
    }, [fn, args]);
    await tab.evaluate(() => window.Sada.pending());  // init is done: its changes are saved
    await until(async () => ((await idb('return store.get("outbox");')) ?? []).length > 0, { what: 'the outbox image in IndexedDB' });
    const saved = new Uint8Array(await idb('return store.get("outbox");'));
    const broken = damage(saved);
    await idb('return store.put(new Uint8Array(values[0]), "outbox");', Array.from(broken));
    await tab.close();

    tab = await browser.newPage();
    watch = watchPage(tab, demo.server);
    await tab.goto(demo.url('/fa/'));
    const panel = tab.locator('sada-widget').locator('section[role="dialog"]');
    await panel.waitFor({ state: 'visible', timeout: 15000 }).catch((error) => { throw watch.explain(error); });
    const text = `after the damage ${name} ${Date.now()}`;
    await panel.getByRole('radio', { name: '۳', exact: true }).click();
    await panel.locator('textarea').fill(text);
    await panel.getByRole('button', { name: 'ارسال' }).click();
    await panel.getByText('ممنون! پاسخ شما ثبت شد.').waitFor({ timeout: 5000 });
    assert.ok(watch.lines.some((line) => /the saved outbox could not be opened .*kept aside and a new one started/.test(line)),
              `the console says what happened:\n${watch.lines.join('\n')}`);
    assert.ok(!watch.lines.some((line) => line.startsWith('pageerror')), watch.lines.join('\n'));
    assert.deepEqual(new Uint8Array(await idb('return store.get("outbox-damaged");')), broken, 'the damaged bytes are kept aside');
    // The new outbox is saved: the answer is still pending on the next page load, then delivered.
    await tab.reload();
    await widgetStarted(tab);
    assert.equal(await tab.evaluate(() => window.Sada.pending()), 1, 'the new answer waits in the new outbox');
    await browser.unroute('**/v1/sites/shop/responses');
    await tab.evaluate(() => window.Sada.flush());
    await allDelivered(tab);
    const stored = (await exportLines(demo.server)).filter((line) => line.response.answers.why_low === text);
    assert.equal(stored.length, 1, watch.lines.join('\n'));
  });
}
