// The widget's harder promises in Chromium: answers kept while offline (across a reload) and
// delivered once online; a server failing with 500 for a while and then recovering; no second
// showing after completion; keyboard-only use with zero axe-core violations; visitor and survey
// text shown as text; pasted control characters and open direction overrides cleaned, not refused;
// a strict Content-Security-Policy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { exportLines, ADMIN_TOKEN } from '../server/harness.mjs';
import { allDelivered, embeddingPage, newVisitor, startDemoSite, until } from './demo_site.mjs';

const xss = '<img src=x onerror="window.__hacked=1">';
const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'";
let demo;

before(async () => {
  demo = await startDemoSite({
    pages: {
      '/': embeddingPage({ title: 'Home' }),
      '/fa/': embeddingPage({ lang: 'fa', title: 'خانه' }),
      '/strict/': embeddingPage({ title: 'Strict', head: `<meta http-equiv="Content-Security-Policy" content="${csp}">` }),
      // A page that uses an AMD loader (RequireJS): an anonymous define() call would break it.
      '/amd/': embeddingPage({ title: 'AMD', head: '<script>window.define = function () { window.__amdCalls = (window.__amdCalls || 0) + 1; }; window.define.amd = {};</script>' }),
    },
    editSite: (site) => {
      const nps = site.surveys.find((s) => s.id === 'shop-nps');
      nps.trigger = { on: 'page_load', delay_seconds: 0 };
      nps.title.en = `Quick question ${xss}`;
    },
  });
});
after(async () => { await demo?.stop(); });

const visitor = (t) => newVisitor(t, demo);

function panelOf(tab) {
  return tab.locator('sada-widget').locator('section[role="dialog"]');
}

async function answerDetractor(tab, watch, comment = 'Too slow') {
  const panel = panelOf(tab);
  await panel.waitFor({ state: 'visible', timeout: 15000 }).catch((error) => { throw watch.explain(error); });
  await panel.getByRole('radio', { name: '4', exact: true }).click();
  await panel.locator('textarea').fill(comment);
  await panel.getByRole('button', { name: /^(Send|ارسال)$/ }).click();
}

const pending = (tab) => tab.evaluate(() => window.Sada.pending());
const storedCopies = async (comment) => (await exportLines(demo.server)).filter((l) => l.response.answers.why_low === comment).length;

test('offline: the answer waits in the outbox across a reload and is delivered once online', async (t) => {
  const { browser, tab, watch } = await visitor(t);
  await tab.goto(demo.url('/'));
  await panelOf(tab).waitFor({ state: 'visible', timeout: 15000 }).catch((error) => { throw watch.explain(error); });
  // Offline for the API (the page itself still loads from the test server on reload).
  await browser.route('**/v1/**', (route) => route.abort('internetdisconnected'));
  const comment = `offline ${Date.now()}`;
  await answerDetractor(tab, watch, comment);
  await panelOf(tab).getByText('Thank you').waitFor();
  await tab.reload();
  await until(() => tab.evaluate(() => !!window.Sada && !window.Sada.load), { what: 'the widget to start' });
  // The outbox still holds it. (The page's beacon on hiding may already have carried a copy:
  // Playwright's route-based "offline" does not stop beacons; the server dedups by id.)
  assert.equal(await pending(tab), 1, 'pending after the reload');
  await browser.unroute('**/v1/**');
  await browser.setOffline(true);
  await tab.waitForTimeout(200);
  await browser.setOffline(false);  // the 'online' event makes the widget send at once
  await allDelivered(tab, 15000);
  assert.equal(await storedCopies(comment), 1, `one copy stored once online\n${watch.lines.join('\n')}`);
});

test('the server failing with 500 for a while: delivered exactly once when it recovers', async (t) => {
  const { browser, tab, watch } = await visitor(t);
  let failures = 0;
  await browser.route('**/v1/sites/shop/responses', (route) => {
    if (failures < 2) {
      failures += 1;
      return route.fulfill({ status: 500, body: 'boom' });
    }
    return route.continue();
  });
  await tab.goto(demo.url('/'));
  const comment = `five hundred ${Date.now()}`;
  await answerDetractor(tab, watch, comment);
  await allDelivered(tab, 30000);
  assert.equal(failures, 2);
  assert.equal(await storedCopies(comment), 1);
});

test('a completed survey does not show again, even in a new session', async (t) => {
  const { browser, tab, watch } = await visitor(t);
  await tab.goto(demo.url('/'));
  await answerDetractor(tab, watch, `once ${Date.now()}`);
  await panelOf(tab).getByText('Thank you').waitFor();
  // A new tab is a new browsing session: the one-survey-per-session rule cannot be what hides it.
  const fresh = await browser.newPage();
  await fresh.goto(demo.url('/'));
  await until(() => fresh.evaluate(() => !!window.Sada && !window.Sada.load), { what: 'the widget to start' });
  assert.equal(await fresh.evaluate(() => sessionStorage.getItem('sada:shown')), null, 'a new session');
  await fresh.waitForTimeout(1500);
  assert.equal(await panelOf(fresh).isVisible(), false);
});

test('keyboard only: Tab reaches the scale, arrows choose, Enter sends, Escape closes and returns focus', async (t) => {
  const { browser, tab, watch } = await visitor(t);
  await tab.goto(demo.url('/'));
  await panelOf(tab).waitFor({ state: 'visible', timeout: 15000 }).catch((error) => { throw watch.explain(error); });
  // An automatic opening leaves the keyboard where it was; Tab goes to × then to the scale.
  assert.equal(await tab.evaluate(() => document.querySelector('sada-widget').shadowRoot.activeElement), null);
  await tab.keyboard.press('Tab');
  await tab.keyboard.press('Tab');
  assert.equal(await tab.evaluate(() => document.querySelector('sada-widget').shadowRoot.activeElement?.textContent), '0');
  for (let i = 0; i < 3; i++) await tab.keyboard.press('ArrowRight');  // 0 -> 3
  await tab.keyboard.press('Enter');
  await panelOf(tab).locator('textarea').waitFor();
  await tab.keyboard.type('Keyboard only');  // the text box has the focus
  await tab.keyboard.press('Tab');
  await tab.keyboard.press('Enter');        // Send
  await panelOf(tab).getByText('Thank you').waitFor();
  await allDelivered(tab, 15000);
  const line = (await exportLines(demo.server)).find((l) => l.response.answers.why_low === 'Keyboard only');
  assert.equal(line.response.answers.nps, 3);
  await tab.keyboard.press('Escape');
  assert.equal(await panelOf(tab).isVisible(), false);
  const focused = await tab.evaluate(() => document.querySelector('sada-widget').shadowRoot.activeElement?.className);
  assert.equal(focused, 'launcher');
});

test('closing the panel after the score keeps the score, and a reopened panel offers the message box, not dead controls', async (t) => {
  const { tab, watch } = await visitor(t);
  await tab.goto(demo.url('/'));
  const panel = panelOf(tab);
  await panel.waitFor({ state: 'visible', timeout: 15000 }).catch((error) => { throw watch.explain(error); });
  await panel.getByRole('radio', { name: '9', exact: true }).click();
  await panel.locator('textarea').waitFor();           // the optional "what did you like?"
  await tab.keyboard.press('Escape');                   // closed without answering it
  const scoreAlone = async () => (await exportLines(demo.server)).map((l) => l.response)
    .some((r) => r.answers.nps === 9 && !('why_high' in r.answers));
  await until(scoreAlone, { what: 'the score, stored without the skipped follow-up' });
  await tab.locator('sada-widget').locator('button.launcher').click();
  assert.equal(await panel.locator('[role="radio"]').count(), 0, 'no scale left over');
  assert.equal(await panel.locator('textarea').getAttribute('aria-labelledby'), 'sada-message-prompt', 'the message box');
  assert.equal(await panel.getByText('Great! What did you like most?').count(), 1, 'the conversation stays');
});

for (const [page, lang] of [['/', 'en'], ['/fa/', 'fa']]) {
  test(`axe-core finds no violations in the open panel (${lang})`, async (t) => {
    const { browser, tab, watch } = await visitor(t);
    await tab.goto(demo.url(page));
    await panelOf(tab).waitFor({ state: 'visible', timeout: 15000 }).catch((error) => { throw watch.explain(error); });
    const results = await new AxeBuilder({ page: tab }).include('sada-widget').analyze();
    assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), []);
  });
}

test('survey and visitor text containing HTML shows as text and runs nothing', async (t) => {
  const { browser, tab, watch } = await visitor(t);
  await tab.goto(demo.url('/'));
  await answerDetractor(tab, watch, xss);
  const heading = await tab.evaluate(() => document.querySelector('sada-widget').shadowRoot.querySelector('h2').textContent);
  assert.equal(heading, `Quick question ${xss}`);
  const images = await tab.evaluate(() => document.querySelector('sada-widget').shadowRoot.querySelectorAll('img').length);
  assert.equal(images, 0);
  assert.equal(await tab.evaluate(() => window.__hacked), undefined);
});

test('the widget works on a page with a strict Content-Security-Policy', async (t) => {
  const { browser, tab, watch } = await visitor(t);
  await tab.goto(demo.url('/strict/'));
  const comment = `strict ${Date.now()}`;
  await answerDetractor(tab, watch, comment);
  await allDelivered(tab, 15000);
  assert.equal(await storedCopies(comment), 1);
  assert.deepEqual(watch.lines.filter((line) => /Content Security Policy|Refused to/i.test(line)), []);
});

test('on a page with an AMD loader the widget calls no define() and leaves no globals but Sada', async (t) => {
  const { tab, watch } = await visitor(t);
  await tab.goto(demo.url('/amd/'));
  await panelOf(tab).waitFor({ state: 'visible', timeout: 15000 }).catch((error) => { throw watch.explain(error); });
  assert.equal(await tab.evaluate(() => window.__amdCalls), undefined);
  const leaked = await tab.evaluate(() => ['Module', 'createSadaCore', 'FS'].filter((name) => name in window));
  assert.deepEqual(leaked, []);
});

test('pasted control characters and an open right-to-left override do not cost the answer: it is cleaned and closed', async (t) => {
  const { tab, watch } = await visitor(t);
  await tab.goto(demo.url('/'));
  const pasted = `late\u000b again\u0085 \u202Eexe.eciovni`;
  await answerDetractor(tab, watch, pasted);
  await panelOf(tab).getByText('Thank you! We received your answer.').waitFor({ timeout: 5000 }).catch((error) => { throw watch.explain(error); });
  await allDelivered(tab);
  const expected = 'late again \u202Eexe.eciovni\u202C';
  assert.equal(await storedCopies(expected), 1, `stored as cleaned\n${watch.lines.join('\n')}`);
});

test('Sada.visitorId() names the id the answers carry, and erasing that id removes them from the server', async (t) => {
  const { tab, watch } = await visitor(t);
  await tab.goto(demo.url('/'));
  const comment = `erase me ${Date.now()}`;
  await answerDetractor(tab, watch, comment);
  await allDelivered(tab);
  const id = await tab.evaluate(() => window.Sada.visitorId());
  assert.match(id, /^[0-9a-f]{24}$/);
  const mine = (await exportLines(demo.server)).filter((line) => line.response.answers.why_low === comment);
  assert.equal(mine.length, 1);
  assert.equal(mine[0].response.context.visitor, id);
  const erased = await demo.server.request({ method: 'DELETE', path: `/v1/sites/shop/visitors/${id}`,
                                             headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  assert.equal(erased.status, 200, erased.body);
  assert.equal(erased.json.erased, 1);
  assert.equal(await storedCopies(comment), 0);
});
