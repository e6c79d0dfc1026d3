// The server's scores report (GET /v1/sites/{site}/report) over real loopback HTTP: kept from the
// rollups as answers arrive, equal to hand-computed figures and to the collector's report on the
// server's own export, through erasure and through counting in answers stored before rollups.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, npsResponse, postResponses, exportLines, sqlite, root, ADMIN_TOKEN } from './harness.mjs';

const sada = process.env.SADA_BIN ?? path.join(root, 'build/native-debug/collector/sada');
const STAGES = ['awareness', 'research', 'pre-purchase', 'purchase', 'post-purchase'];
const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
let dir;
let server;

// 60 NPS answers spread over stages, devices and two weeks, and 20 CSAT answers; visitor "leaver"
// gave every 7th NPS answer.
const nps = Array.from({ length: 60 }, (_, i) => {
  const r = npsResponse(i % 11);
  const day = i % 2 === 0 ? '2026-03-02' : '2026-03-10';
  return { ...r, submitted_at: `${day}T10:00:00.000Z`,
           context: { page: '/p', stage: STAGES[i % 5], device: i % 3 === 0 ? 'desktop' : 'mobile', locale: 'en',
                      visitor: i % 7 === 0 ? 'leaver' : `v-${i}` } };
});
const csat = Array.from({ length: 20 }, (_, i) => {
  const r = npsResponse(9);
  return { ...r, survey_id: 'support-csat', answers: { csat: 1 + (i % 5) }, submitted_at: '2026-03-03T10:00:00.000Z',
           context: { stage: 'post-purchase', device: 'mobile', locale: 'fa', visitor: `c-${i}` } };
});

const report = async (query = '') => {
  const res = await server.request({ path: `/v1/sites/shop/report${query}`, headers: auth });
  assert.equal(res.status, 200, res.body);
  return res.json;
};

// What the collector reports after importing the server's export into a fresh database.
function collectorReport(lines, ...by) {
  const work = mkdtempSync(path.join(tmpdir(), 'sada-report-'));
  const file = path.join(work, 'export.ndjson');
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const db = path.join(work, 'a.db');
  const imported = spawnSync(sada, ['import', file, '--db', db], { encoding: 'utf8' });
  assert.equal(imported.status, 0, imported.stderr);
  const result = spawnSync(sada, ['report', '--db', db, '--format', 'json', ...by.flatMap((b) => ['--by', b])], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

// NPS of a list of 0-10 scores, as the report states it (percent, -100..100).
const npsOf = (scores) => (100 * (scores.filter((s) => s >= 9).length - scores.filter((s) => s <= 6).length)) / scores.length;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sada-server-report-'));
  server = await startServer({ dir });
  const res = await postResponses(server, [...nps, ...csat]);
  assert.equal(res.status, 200, res.body);
  assert.ok(res.json.results.every((r) => r.status === 'accepted'), res.body);
});

after(async () => {
  const { code } = await server.stop('SIGTERM');
  assert.equal(code, 0, server.log);
  server.cleanup();
});

test('the report has the figures of the stored answers, overall and by stage', async () => {
  const got = await report('?by=stage,week');
  assert.equal(got.source, 'rollups');
  assert.equal(got.filters.site, 'shop');
  assert.equal(got.overall.nps.n, 60);
  assert.ok(Math.abs(got.overall.nps.nps - npsOf(nps.map((r) => r.answers.nps))) < 1e-9);
  const [byStage, byWeek] = got.breakdowns;
  assert.deepEqual(byStage.groups.map((g) => g.key), STAGES);
  for (const group of byStage.groups) {
    const scores = nps.filter((r) => r.context.stage === group.key).map((r) => r.answers.nps);
    assert.equal(group.nps.n, scores.length);
    assert.ok(Math.abs(group.nps.nps - npsOf(scores)) < 1e-9, group.key);
  }
  assert.deepEqual(byWeek.groups.map((g) => g.key), ['2026-W10', '2026-W11']);
  const csatFigure = got.overall.csat[0];
  assert.equal(csatFigure.n, 20);
  assert.equal(csatFigure.in_box, 8);  // 4 and 5 of 1..5
  assert.equal(got.journey.stages.length, 5);
  assert.equal((await report('?from=2026-03-09')).overall.nps.n, 30);
  assert.equal((await report('?survey=support-csat')).overall.nps, null);
});

test('the report equals the collector\'s on the server\'s export', async () => {
  const got = await report('?by=stage,device,week');
  const expected = collectorReport(await exportLines(server), 'stage', 'device', 'week');
  assert.deepEqual(got.overall, expected.overall);
  assert.deepEqual(got.breakdowns, expected.breakdowns);
  assert.deepEqual(await report('?by=stage&by=device,week'), got);  // by repeated, as the collector's --by
});

test('the report needs the admin token and refuses what it cannot answer', async () => {
  assert.equal((await server.request({ path: '/v1/sites/shop/report' })).status, 401);
  assert.equal((await server.request({ path: '/v1/sites/shop/report', headers: { Authorization: 'Bearer no' } })).status, 403);
  const page = await server.request({ path: '/v1/sites/shop/report?by=page', headers: auth });
  assert.equal(page.status, 400);
  assert.equal(page.json.error.reason, 'invalid_breakdown');
  assert.match(page.json.error.message, /"page" is not a breakdown the rollups keep/);
  // A breakdown asked for twice (a URL could repeat it thousands of times) is refused.
  const repeated = await server.request({ path: `/v1/sites/shop/report?by=stage${'&by=stage'.repeat(1500)}`, headers: auth });
  assert.equal(repeated.status, 400);
  assert.equal(repeated.json.error.reason, 'invalid_breakdown');
  assert.match(repeated.json.error.message, /"stage" is asked for more than once/);
  // A malformed %-escape is refused, not read as "no filter".
  const malformed = await server.request({ path: '/v1/sites/shop/report?survey=%zz', headers: auth });
  assert.equal(malformed.status, 400);
  assert.equal(malformed.json.error.reason, 'invalid_value');
  assert.equal((await server.request({ path: '/v1/sites/shop/responses?since=%zz', headers: auth })).status, 400);
  assert.equal((await server.request({ path: '/v1/sites/shop/report?from=2026-13-01', headers: auth })).status, 400);
  assert.equal((await server.request({ method: 'POST', path: '/v1/sites/shop/report', headers: auth, body: '{}' })).status, 405);
});

test('erasing a visitor takes their answers out of the report', async () => {
  const erased = await server.request({ method: 'DELETE', path: '/v1/sites/shop/visitors/leaver', headers: auth });
  assert.equal(erased.status, 200, erased.body);
  const left = nps.filter((r) => r.context.visitor !== 'leaver');
  assert.equal(erased.json.erased, nps.length - left.length);
  const got = await report('?by=stage');
  assert.equal(got.overall.nps.n, left.length);
  assert.ok(Math.abs(got.overall.nps.nps - npsOf(left.map((r) => r.answers.nps))) < 1e-9);
  assert.deepEqual(got.breakdowns, collectorReport(await exportLines(server), 'stage').breakdowns);
});

test('answers stored before the server kept rollups are counted in when it starts', async () => {
  const before = await report('?by=stage,week');
  await server.stop('SIGTERM');
  // What a database from before rollups looks like after its upgrade: nothing counted yet.
  sqlite(server.db, 'DELETE FROM rollups; DELETE FROM scores; INSERT INTO unscored SELECT seq FROM responses;');
  server = await startServer({ dir });
  assert.deepEqual(await report('?by=stage,week'), before);
  assert.equal(sqlite(server.db, 'SELECT count(*) FROM unscored'), '0');
});
