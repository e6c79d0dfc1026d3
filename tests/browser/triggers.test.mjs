// Sampling and delay as configured, in Chromium: a survey sampled at 50% shows to a visitor inside
// the sample and never to one outside it (the widget's visitor id decides, stably), and a
// survey with a delay opens only after it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadCore } from '../js/load_core.mjs';
import { embeddingPage, newVisitor, startDemoSite, until } from './demo_site.mjs';

let demo;
let sampled;

before(async () => {
  demo = await startDemoSite({
    pages: { '/sampled/': embeddingPage({ title: 'Sampled' }), '/delayed/': embeddingPage({ title: 'Delayed' }) },
    editSite: (site) => {
      const nps = site.surveys.find((s) => s.id === 'shop-nps');
      nps.trigger = { on: 'page_load', delay_seconds: 0, sample_percent: 50, url: { include: ['/sampled/'] } };
      const csat = site.surveys.find((s) => s.id === 'support-csat');
      csat.trigger = { on: 'page_load', delay_seconds: 3, url: { include: ['/delayed/'] } };
      sampled = nps;
    },
  });
});
after(async () => { await demo?.stop(); });

// Visitor ids inside and outside the 50% sample, as core computes it.
async function visitorsAroundTheSample() {
  const { call } = await loadCore();
  call('sada_outbox_open', new Uint8Array(0), 0);
  const found = {};
  for (let i = 0; !(found.in && found.out); i++) {
    const visitor = `visitor-${i}`;
    const verdict = call('sada_decide_show', sampled, { moment: 'page_load', path: '/sampled/', visitor, now_ms: Date.now() }).verdict;
    if (verdict === 'show') found.in ??= visitor;
    if (verdict === 'not_sampled') found.out ??= visitor;
  }
  return found;
}

const visitorWithId = (t, id) =>
  newVisitor(t, demo, (browser) => browser.addInitScript((value) => localStorage.setItem('sada:visitor', value), id));

const panelOf = (tab) => tab.locator('sada-widget').locator('section[role="dialog"]');

test('sampling: a visitor inside the sample sees the survey, one outside never does', async (t) => {
  const { in: inside, out: outside } = await visitorsAroundTheSample();
  const a = await visitorWithId(t, inside);
  await a.tab.goto(demo.url('/sampled/'));
  await panelOf(a.tab).waitFor({ state: 'visible', timeout: 15000 }).catch((error) => { throw a.watch.explain(error); });

  const b = await visitorWithId(t, outside);
  for (let load = 0; load < 2; load++) {  // the same answer on every page load
    await b.tab.goto(demo.url('/sampled/'));
    await until(() => b.tab.evaluate(() => !!window.Sada && !window.Sada.load), { what: 'the widget to start' });
    await b.tab.waitForTimeout(1000);
    assert.equal(await panelOf(b.tab).isVisible(), false, `load ${load + 1}`);
  }
});

test('delay: the survey opens only after its delay', async (t) => {
  const { browser, tab, watch } = await visitorWithId(t, 'delay-visitor');
  await tab.goto(demo.url('/delayed/'));
  await until(() => tab.evaluate(() => !!window.Sada && !window.Sada.load), { what: 'the widget to start' });
  const started = Date.now();
  await tab.waitForTimeout(1500);
  assert.equal(await panelOf(tab).isVisible(), false, 'not yet after 1.5 s');
  await panelOf(tab).waitFor({ state: 'visible', timeout: 10000 }).catch((error) => { throw watch.explain(error); });
  assert.ok(Date.now() - started >= 2500, `opened after ${Date.now() - started} ms`);
});
