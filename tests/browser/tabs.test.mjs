// Two tabs of the same site share one outbox in IndexedDB: answers given in each, while the
// server cannot be reached, must all be kept (one tab's save must not overwrite the other's), and
// a survey both tabs decided to show after a delay shows in only one of them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launchBrowser } from './harness.mjs';
import { exportLines } from '../server/harness.mjs';
import { allDelivered, embeddingPage, startDemoSite, until, watchPage } from './demo_site.mjs';

let demo;
before(async () => {
  demo = await startDemoSite({
    pages: { '/a/': embeddingPage({ title: 'A' }), '/b/': embeddingPage({ title: 'B' }), '/c/': embeddingPage({ title: 'C' }) },
    editSite: (site) => {
      site.surveys.find((s) => s.id === 'shop-nps').trigger = { on: 'manual' };
      const csat = site.surveys.find((s) => s.id === 'support-csat');
      csat.trigger = { on: 'page_load', delay_seconds: 2, url: { include: ['/c/*'] } };
      csat.throttle = { not_again_for_days: 30, never_after_completion: true };
    },
  });
});
after(async () => { await demo?.stop(); });

test('answers given in two tabs while offline are all kept and delivered', async (t) => {
  const browser = await launchBrowser(path.join(demo.work, 'profile'));
  t.after(() => browser.close());
  const [a, b] = [await browser.newPage(), await browser.newPage()];
  const watch = watchPage(a, demo.server);
  for (const [tab, page] of [[a, '/a/'], [b, '/b/']]) {
    await tab.goto(demo.url(page));
    await until(() => tab.evaluate(() => !!window.Sada && !window.Sada.load), { what: 'the widget to start' });
  }
  await browser.route('**/v1/**', (route) => route.abort('internetdisconnected'));
  const answer = async (tab, survey, comment) => {
    tab.evaluate((id) => window.Sada.show(id), survey);
    const panel = tab.locator('sada-widget').locator('section[role="dialog"]');
    await panel.waitFor({ state: 'visible', timeout: 15000 }).catch((error) => { throw watch.explain(error); });
    await panel.getByRole('radio', { name: '2', exact: true }).click();
    await panel.locator('textarea').fill(comment);
    await panel.getByRole('button', { name: 'Send' }).click();
    await panel.getByText('Thank you').waitFor();
  };
  await answer(a, 'shop-nps', 'from tab A');
  await answer(b, 'shop-nps', 'from tab B');
  await a.reload();
  await until(() => a.evaluate(() => !!window.Sada && !window.Sada.load), { what: 'the widget to restart' });
  assert.equal(await a.evaluate(() => window.Sada.pending()), 2, 'both answers are in the shared outbox');
  await browser.unroute('**/v1/**');
  await a.evaluate(() => window.Sada.flush());
  await allDelivered(a);
  const comments = (await exportLines(demo.server)).map((l) => l.response.answers.why_low);
  assert.ok(comments.includes('from tab A') && comments.includes('from tab B'), JSON.stringify(comments));
});

test('a survey two tabs both decided to show after its delay shows in one tab only', async (t) => {
  const browser = await launchBrowser(path.join(demo.work, 'profile-delay'));
  t.after(() => browser.close());
  const tabs = [await browser.newPage(), await browser.newPage()];
  const watch = watchPage(tabs[0], demo.server);
  // Both load within the 2 s delay, so both decide "show" before either has shown it.
  await Promise.all(tabs.map((tab) => tab.goto(demo.url('/c/'))));
  const visible = (tab) => tab.locator('sada-widget').locator('section[role="dialog"]').isVisible();
  await until(async () => (await visible(tabs[0])) || (await visible(tabs[1])), { what: 'the survey in one tab' })
    .catch((error) => { throw watch.explain(error); });
  await tabs[0].waitForTimeout(2500);  // the other tab's delay has long run out
  const shown = await Promise.all(tabs.map(visible));
  assert.equal(shown.filter(Boolean).length, 1, `shown in ${JSON.stringify(shown)}`);
});
