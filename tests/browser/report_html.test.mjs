// The collector's HTML report in Chromium: a hostile visitor comment stays inert text (no element
// made from it, nothing run), Persian reads right to left, the charts are there; a screenshot goes
// to build/test-artifacts/ for people to look at.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchBrowser, root } from './harness.mjs';
import { artifacts } from './demo_site.mjs';

const work = mkdtempSync(path.join(tmpdir(), 'sada-report-'));
after(() => rmSync(work, { recursive: true, force: true }));
const sadaBinary = process.env.SADA_BIN ?? path.join(root, 'build/native-debug/collector/sada');
const sada = (...args) => spawnSync(sadaBinary, args, { encoding: 'utf8' });

const hostile = '<img src=x onerror="window.__hacked=1"><script>window.__hacked=2</script></blockquote><b>bold</b>';
const persian = 'ارسال خیلی دیر شد و پشتیبانی جواب نداد';
const overridden = 'refund please \u202Eexe.eciovni';

test('the HTML report shows a hostile comment as text and runs nothing', async (t) => {
  const db = path.join(work, 'sada.db');
  assert.equal(sada('gen', '--n', '600', '--seed', '5', '--db', db).status, 0);
  const questions = { nps: { type: 'nps', min: 0, max: 10 }, why_low: { type: 'text' } };
  const line = (n, text, locale, device = 'mobile') => JSON.stringify({ seq: n, site: 'demo', received_at: '2026-06-30T23:00:00.000Z', client: null,
    response: { id: `0197c000-0000-7000-8000-00000000000${n}`, survey_id: 'home-nps', survey_version: 1,
                submitted_at: '2026-06-30T23:00:00.000Z', answers: { nps: 2, why_low: text },
                context: { page: '/', stage: 'awareness', device, locale } },
    questions });
  const file = path.join(work, 'hostile.ndjson');
  // A comment with an unterminated right-to-left override (a "Trojan Source" trick to make text
  // after it read backwards), sent from a device whose name is markup.
  writeFileSync(file, `${line(1, hostile, 'en')}\n${line(2, persian, 'fa')}\n${line(3, overridden, 'en', hostile.slice(0, 40))}\n`);
  const imported = sada('import', file, '--db', db);
  assert.equal(imported.status, 0, imported.stderr);
  const html = path.join(work, 'report.html');
  const made = sada('report', '--db', db, '--format', 'html', '-o', html, '--by', 'stage', 'device');
  assert.equal(made.status, 0, made.stderr);

  const browser = await launchBrowser(path.join(work, 'profile'));
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => { errors.push(`dialog: ${dialog.message()}`); dialog.dismiss(); });
  await page.goto(`file://${html}`);
  assert.equal(await page.evaluate(() => window.__hacked), undefined);
  assert.equal(await page.locator('img, script, b').count(), 0, 'no element made from the comment');
  // The comment shows where comments are listed and as a sample of its category: as text each time.
  const shown = await page.locator('blockquote', { hasText: 'onerror' }).allTextContents();
  assert.ok(shown.length >= 1);
  for (const text of shown) assert.equal(text, hostile);
  const directions = await page.locator('blockquote', { hasText: persian }).evaluateAll(
    (quotes) => quotes.map((el) => getComputedStyle(el).direction));
  assert.ok(directions.length >= 1);
  assert.deepEqual([...new Set(directions)], ['rtl']);
  // Visitor text keeps its characters (it is their words), but each piece is isolated: an override
  // inside cannot reorder anything outside its element.
  const isolation = await page.locator('blockquote', { hasText: 'refund please' }).evaluateAll(
    (quotes) => quotes.map((el) => [el.textContent, el.getAttribute('dir'), getComputedStyle(el).unicodeBidi]));
  assert.ok(isolation.length >= 1);
  for (const [text, dir, bidi] of isolation) {
    assert.equal(text, overridden);
    assert.equal(dir, 'auto');
    assert.equal(bidi, 'isolate');
  }
  assert.ok(await page.getByText(hostile.slice(0, 40), { exact: false }).count() >= 1, 'the hostile device name shows as text');
  assert.ok(await page.locator('svg').count() >= 3, 'trend, distributions and journey charts');
  assert.deepEqual(errors, []);
  await page.screenshot({ path: path.join(artifacts, 'report.png'), fullPage: true });
});
