// What the widget costs the host page: no layout shift (the launcher and the panel are fixed
// and overlay the page), and no main-thread task over 50 ms while the page loads (the loader
// defers the widget until after the load event). Long tasks after load are reported.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launchBrowser } from './harness.mjs';
import { embeddingPage, startDemoSite, until, watchPage } from './demo_site.mjs';

let demo;
before(async () => {
  const article = `<p>${'A paragraph of the host page, long enough to wrap over several lines. '.repeat(12)}</p>`.repeat(8);
  demo = await startDemoSite({
    pages: { '/article/': embeddingPage({ title: 'Article' }).replace('<p>Demo page.</p>', article) },
    editSite: (site) => { site.surveys.find((s) => s.id === 'shop-nps').trigger = { on: 'page_load', delay_seconds: 0 }; },
  });
});
after(async () => { await demo?.stop(); });

test('no layout shift and no long task during page load', async (t) => {
  const browser = await launchBrowser(path.join(demo.work, 'profile'));
  t.after(() => browser.close());
  await browser.addInitScript(() => {
    window.__cost = { shifts: [], longTasks: [] };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__cost.shifts.push(entry.value);
    }).observe({ type: 'layout-shift', buffered: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__cost.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const tab = await browser.newPage();
  const watch = watchPage(tab, demo.server);
  await tab.goto(demo.url('/article/'));
  await tab.locator('sada-widget').locator('section[role="dialog"]').waitFor({ state: 'visible', timeout: 15000 })
    .catch((error) => { throw watch.explain(error); });
  await until(() => tab.evaluate(() => !!window.Sada && !window.Sada.load), { what: 'the widget to start' });
  await tab.waitForTimeout(500);
  const cost = await tab.evaluate(() => ({ ...window.__cost, loadEnd: performance.getEntriesByType('navigation')[0].loadEventEnd }));
  assert.deepEqual(cost.shifts, [], 'layout shifts');
  const duringLoad = cost.longTasks.filter((task) => task.start < cost.loadEnd);
  assert.deepEqual(duringLoad, [], 'long tasks before the load event ended');
  const afterLoad = cost.longTasks.filter((task) => task.start >= cost.loadEnd).map((task) => Math.round(task.duration));
  t.diagnostic(`long tasks after load (widget start-up): ${afterLoad.length ? afterLoad.join(', ') + ' ms' : 'none'}`);
});
