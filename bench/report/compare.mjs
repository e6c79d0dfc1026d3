// bench/report: checks that sada's report and the SQL of figures.sql, as run by sqlite3 and by
// DuckDB, give the same figures: for every group and metric, N, the score, the mean and the
// distribution. Prints "N figures agree" or every difference, and exits 1 when any differs.
// Usage: node compare.mjs SADA_REPORT.json SQLITE_ROWS.json DUCKDB_RESULT.json
import { readFileSync } from 'node:fs';

const [sadaPath, sqlitePath, duckdbPath] = process.argv.slice(2);
const read = (file) => JSON.parse(readFileSync(file, 'utf8'));

// Figures keyed by "section|key|kind|min-max": { n, score, mean, distribution: "value:count ..." }.
const fromSada = (report) => {
  const figures = new Map();
  const addGroup = (section, key, group) => {
    if (group.nps) {
      const distribution = group.nps.distribution.map((n, value) => [value, n]);
      figures.set(`${section}|${key}|nps|0-10`, { n: group.nps.n, score: group.nps.nps, mean: null, distribution });
    }
    for (const kind of ['csat', 'ces', 'rating']) {
      for (const box of group[kind]) {
        const distribution = box.distribution.map((n, i) => [box.scale.min + i, n]);
        figures.set(`${section}|${key}|${kind}|${box.scale.min}-${box.scale.max}`,
          { n: box.n, score: box.percent, mean: box.mean, distribution });
      }
    }
  };
  addGroup('overall', '', report.overall);
  for (const breakdown of report.breakdowns) {
    for (const group of breakdown.groups) addGroup(breakdown.by, group.key, group);
  }
  return figures;
};
const fromRows = (rows) => new Map(rows.map((row) => [
  `${row.section}|${row.key}|${row.kind}|${row.scale_min}-${row.scale_max}`,
  { n: Number(row.n), score: Number(row.score), mean: row.kind === 'nps' ? null : Number(row.mean),
    distribution: row.distribution.split(' ').map((pair) => pair.split(':').map(Number)) },
]));
const distributionText = (pairs) => pairs.filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]).map((p) => p.join(':')).join(' ');
const close = (a, b) => (a === null && b === null) || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));

const sada = fromSada(read(sadaPath));
const others = { sqlite3: fromRows(read(sqlitePath)), DuckDB: fromRows(read(duckdbPath).rows) };
const differences = [];
for (const [engine, figures] of Object.entries(others)) {
  for (const key of new Set([...sada.keys(), ...figures.keys()])) {
    const ours = sada.get(key);
    const theirs = figures.get(key);
    if (!ours || !theirs) {
      differences.push(`${key}: only in ${ours ? 'sada' : engine}`);
      continue;
    }
    if (ours.n !== theirs.n || !close(ours.score, theirs.score) || !close(ours.mean, theirs.mean) ||
        distributionText(ours.distribution) !== distributionText(theirs.distribution)) {
      differences.push(`${key}: sada ${JSON.stringify(ours)}, ${engine} ${JSON.stringify(theirs)}`);
    }
  }
}
if (differences.length > 0) {
  console.error(differences.slice(0, 20).join('\n'));
  console.log(`${differences.length} figures differ`);
  process.exit(1);
}
console.log(`${sada.size} figures agree`);
