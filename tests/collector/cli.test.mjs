// The sada program (dist/bin/sada) end to end on generated data: its figures equal the same
// figures computed by the sqlite3 CLI with SQL straight from the stored response bodies, the
// rollups agree with the raw rows, gen is deterministic, and every command has --help.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The ASan+UBSan build that scripts/test makes (the server tests use its sada-server likewise).
const sada = process.env.SADA_BIN ?? path.join(root, 'build/native-debug/collector/sada');
const work = mkdtempSync(path.join(tmpdir(), 'sada-cli-'));
const db = path.join(work, 'gen.db');

const run = (...args) => spawnSync(sada, args, { encoding: 'utf8' });
const sql = (query) => execFileSync('sqlite3', ['-json', db, query], { encoding: 'utf8' });
const rows = (query) => JSON.parse(sql(query) || '[]');
const report = (...args) => {
  const result = run('report', '--db', db, '--format', 'json', ...args);
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
};

before(() => {
  const result = run('gen', '--n', '4000', '--seed', '7', '--db', db);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /4000 new/);
});
after(() => rmSync(work, { recursive: true, force: true }));

test('NPS per stage equals SQL over the raw response bodies', () => {
  const expected = rows(`SELECT json_extract(body, '$.context.stage') AS stage, count(*) AS n,
      sum(json_extract(body, '$.answers.nps') >= 9) AS promoters, sum(json_extract(body, '$.answers.nps') <= 6) AS detractors
    FROM responses WHERE json_type(body, '$.answers.nps') = 'integer' GROUP BY 1 ORDER BY 1`);
  assert.ok(expected.length > 0);
  const byStage = report('--by', 'stage').breakdowns[0].groups;
  for (const row of expected) {
    const group = byStage.find((g) => g.key === row.stage);
    assert.ok(group, row.stage);
    assert.equal(group.nps.n, row.n);
    assert.equal(group.nps.promoters, row.promoters);
    assert.equal(group.nps.detractors, row.detractors);
    assert.ok(Math.abs(group.nps.nps - (100 * (row.promoters - row.detractors)) / row.n) < 1e-9);
  }
});

test('CSAT % and CES % agree by device equal SQL, and --exact equals the rollups', () => {
  const expected = rows(`SELECT json_extract(body, '$.context.device') AS device,
      sum(json_type(body, '$.answers.ces') = 'integer') AS ces_n, sum(json_extract(body, '$.answers.ces') >= 5) AS agree,
      sum(json_type(body, '$.answers.csat') = 'integer') AS csat_n, sum(json_extract(body, '$.answers.csat') >= 4) AS satisfied
    FROM responses GROUP BY 1`);
  const fromRollups = report('--by', 'device');
  const exact = report('--by', 'device', '--exact');
  assert.equal(fromRollups.source, 'rollups');
  assert.equal(exact.source, 'exact');
  assert.deepEqual(exact.breakdowns, fromRollups.breakdowns);
  assert.deepEqual(exact.overall, fromRollups.overall);
  for (const row of expected) {
    const group = fromRollups.breakdowns[0].groups.find((g) => g.key === row.device);
    assert.equal(group.ces[0].n, row.ces_n);
    assert.equal(group.ces[0].in_box, row.agree);
    assert.equal(group.csat[0].n, row.csat_n);
    assert.equal(group.csat[0].in_box, row.satisfied);
  }
});

test('the generated data has a friction point at purchase, found by the journey map', () => {
  const { journey } = report();
  assert.ok(journey.friction.some((f) => f.stage === 'purchase'), JSON.stringify(journey.friction));
});

test('gen is deterministic: the same seed gives the same responses, another seed others', () => {
  const dump = (file) => execFileSync('sqlite3', [file, 'SELECT id, body FROM responses ORDER BY id'], { encoding: 'utf8' });
  const made = (name, seed) => {
    const file = path.join(work, name);
    assert.equal(run('gen', '--n', '300', '--seed', String(seed), '--db', file).status, 0);
    return dump(file);
  };
  const first = made('a.db', 11);
  assert.equal(first.trim().split('\n').length, 300);
  assert.equal(made('b.db', 11), first);
  assert.notEqual(made('c.db', 12), first);
});

test('every command has --help, and a bad command is a usage error', () => {
  for (const command of [[], ['import'], ['report'], ['export'], ['label'], ['gen']]) {
    const result = run(...command, '--help');
    assert.equal(result.status, 0, command.join(' '));
    assert.match(result.stdout, /Usage: sada/);
  }
  assert.equal(run('frobnicate').status, 2);
  assert.equal(run().status, 2);
});

test('the whole report from the rollups equals --exact, through labels and a new classification', () => {
  const db2 = path.join(work, 'labels.db');
  assert.equal(run('gen', '--n', '1500', '--seed', '3', '--db', db2).status, 0);
  const both = () => {
    const [fromRollups, exact] = [[], ['--exact']].map((extra) => {
      const result = run('report', '--db', db2, '--format', 'json', '--by', 'stage', ...extra);
      assert.equal(result.status, 0, result.stderr);
      const { source, ...rest } = JSON.parse(result.stdout);
      return rest;
    });
    assert.deepEqual(fromRollups, exact);
    return fromRollups;
  };
  const complaints = (r) => r.words.categories.find((c) => c.category === 'complaint').n;
  const before = both();
  const sql2 = (query) => JSON.parse(execFileSync('sqlite3', ['-json', db2, query], { encoding: 'utf8' }) || '[]');
  const relabel = sql2(`SELECT response_id, count(*) AS n FROM texts WHERE category <> 'complaint' GROUP BY 1 LIMIT 4`);
  assert.equal(relabel.length, 4);
  for (const { response_id: id } of relabel) assert.equal(run('label', id, 'complaint', '--db', db2).status, 0);
  const labelled = both();
  assert.equal(complaints(labelled), complaints(before) + relabel.reduce((sum, r) => sum + r.n, 0));
  assert.equal(run('label', relabel[0].response_id, 'question', '--db', db2).status, 0);  // a second thought
  const relabelled = both();
  assert.equal(complaints(relabelled), complaints(labelled) - relabel[0].n);
  // Lexicons without complaint terms: many texts change category, and are counted again.
  const lexicons = path.join(work, 'lexicons');
  mkdirSync(lexicons);
  for (const language of ['en', 'fa']) {
    const lexicon = JSON.parse(readFileSync(path.join(root, 'lexicons', `${language}.json`), 'utf8'));
    lexicon.categories.complaint = { zzzz: 1 };
    writeFileSync(path.join(lexicons, `${language}.json`), JSON.stringify(lexicon));
  }
  const classified = run('classify', '--db', db2, '--lexicons', lexicons);
  assert.equal(classified.status, 0, classified.stderr);
  assert.match(classified.stdout, /[1-9]\d* texts? changed/);
  const labelledComplaints = relabel.slice(1).reduce((sum, r) => sum + r.n, 0);
  assert.equal(complaints(both()), labelledComplaints);  // only the analysts' labels are left
});

test('--scores-only gives the same scores without the words, in every format', () => {
  const full = report('--by', 'stage', '--by', 'week');
  const scoresOnly = report('--by', 'stage', '--by', 'week', '--scores-only');
  assert.equal(scoresOnly.words, undefined);
  assert.equal(scoresOnly.comments, undefined);
  assert.deepEqual(scoresOnly.overall, full.overall);
  assert.deepEqual(scoresOnly.breakdowns, full.breakdowns);
  assert.ok(full.journey.stages.some((stage) => stage.complaints !== null));
  assert.deepEqual(scoresOnly.journey.stages, full.journey.stages.map((stage) => ({ ...stage, complaints: null })));
  for (const format of ['text', 'csv', 'html']) {
    const result = run('report', '--db', db, '--scores-only', '--format', format);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /nps/i);
    assert.doesNotMatch(result.stdout, /customers' words/);
  }
});

test('sample comments come by stage in journey order, newest first, then the messages', () => {
  const journey = ['awareness', 'research', 'pre-purchase', 'purchase', 'post-purchase'];
  const { samples } = report().comments;
  const rank = (s) => (s.message ? journey.length + 1 : journey.includes(s.stage) ? journey.indexOf(s.stage) : journey.length);
  const ranks = samples.map(rank);
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
  assert.ok(new Set(ranks).size >= 3, JSON.stringify(ranks));
  for (let i = 1; i < samples.length; ++i) {
    if (ranks[i] === ranks[i - 1]) assert.ok(samples[i].time <= samples[i - 1].time, `${samples[i - 1].time} then ${samples[i].time}`);
  }
});
