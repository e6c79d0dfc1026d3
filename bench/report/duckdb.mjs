// bench/report: DuckDB's side of the comparison. Loads the raw scores (a CSV that sqlite3
// exported from the same database) into an in-memory DuckDB table, then runs figures.sql
// RUNS times. Prints JSON: { version, load_ms, query_ms: [...], rows: [...] }.
// Usage: node duckdb.mjs SCORES.csv figures.sql RUNS
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';

const [csvPath, sqlPath, runsText] = process.argv.slice(2);
const runs = Number(runsText ?? 3);
// ISO week label of a day number: DuckDB's isoyear() and week() are ISO 8601.
const week = (day) => `printf('%d-W%02d', isoyear(DATE '1970-01-01' + CAST(${day} AS INTEGER)), week(DATE '1970-01-01' + CAST(${day} AS INTEGER)))`;
const sql = readFileSync(sqlPath, 'utf8').replace(/WEEK\((\w+)\)/g, (_, day) => week(day));

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const version = (await connection.runAndReadAll('SELECT version() AS v')).getRowObjectsJson()[0].v;
const quoted = csvPath.replaceAll("'", "''");
let started = performance.now();
await connection.run(`CREATE TABLE scores AS SELECT * FROM read_csv('${quoted}', header = false, nullstr = '\\N', columns = {
  'day': 'BIGINT', 'stage': 'VARCHAR', 'device': 'VARCHAR', 'kind': 'VARCHAR',
  'scale_min': 'INTEGER', 'scale_max': 'INTEGER', 'value': 'INTEGER'})`);
const loadMs = performance.now() - started;

const queryMs = [];
let rows = [];
for (let i = 0; i < runs; ++i) {
  started = performance.now();
  rows = (await connection.runAndReadAll(sql)).getRowObjectsJson();
  queryMs.push(performance.now() - started);
}
console.log(JSON.stringify({ version, load_ms: loadMs, query_ms: queryMs, rows }));
