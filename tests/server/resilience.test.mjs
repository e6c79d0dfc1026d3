// sada-server under pressure: rate limits, idle connections, graceful shutdown with a request in
// flight, kill -9 at random moments while clients post, 20 times (every acknowledged answer
// survives each one), and bad startup input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, sitesConfig, npsResponse, postResponses, exportLines, sqlite, serverBinary, ORIGIN } from './harness.mjs';

test('too many requests from one address get 429 with Retry-After', async () => {
  const server = await startServer({ sites: sitesConfig({ rate: 0.5, burst: 3 }) });
  try {
    const statuses = [];
    let limited;
    for (let i = 0; i < 5; i++) {
      const res = await postResponses(server, [npsResponse(9)]);
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    assert.equal(limited.json.error.reason, 'rate_limited');
    assert.ok(Number(limited.headers['retry-after']) >= 1);
  } finally {
    await server.stop();
    server.cleanup();
  }
});

test('200 idle connections do not starve a normal request', async () => {
  const server = await startServer();
  const idle = [];
  try {
    await Promise.all(Array.from({ length: 200 }, () => new Promise((resolve, reject) => {
      const socket = net.connect(server.port, '127.0.0.1', () => resolve());
      socket.on('error', reject);
      idle.push(socket);
    })));
    // Half of them have started a request and stalled in its headers.
    idle.slice(0, 100).forEach((socket) => socket.write('POST /v1/sites/shop/responses HTTP/1.1\r\nHost: x\r\n'));
    const started = performance.now();
    const res = await postResponses(server, [npsResponse(10)]);
    const elapsed = performance.now() - started;
    assert.equal(res.status, 200);
    assert.equal(res.json.results[0].status, 'accepted');
    assert.ok(elapsed < 1000, `answered in ${elapsed.toFixed(0)} ms with 200 idle connections`);
  } finally {
    idle.forEach((socket) => socket.destroy());
    await server.stop();
    server.cleanup();
  }
});

test('SIGTERM finishes the request in flight, stores it, closes idle connections and exits 0', async () => {
  const server = await startServer();
  const response = npsResponse(7);
  const body = JSON.stringify({ responses: [response] });
  const socket = net.connect(server.port, '127.0.0.1');
  await new Promise((resolve) => socket.on('connect', resolve));
  const idle = net.connect(server.port, '127.0.0.1');
  await new Promise((resolve) => idle.on('connect', resolve));
  const idleClosed = new Promise((resolve) => idle.on('close', () => resolve(performance.now())));
  let reply = '';
  socket.on('data', (chunk) => { reply += chunk; });
  const half = Math.floor(body.length / 2);
  socket.write(`POST /v1/sites/shop/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
               `Origin: ${ORIGIN}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n` + body.slice(0, half));
  await new Promise((resolve) => setTimeout(resolve, 200));
  const stopped = performance.now();
  server.child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 300));
  socket.write(body.slice(half));
  const { code } = await server.exited;
  const exitedAfter = performance.now() - stopped;
  assert.equal(code, 0, server.log);
  assert.ok((await idleClosed) - stopped < 300, 'the idle connection is closed at once, not after the grace period');
  assert.ok(exitedAfter < 3000, `exited ${exitedAfter.toFixed(0)} ms after SIGTERM: it did not wait out the grace period`);
  assert.match(reply, /^HTTP\/1\.1 200/);
  assert.match(reply, /"status":"accepted"/);
  assert.match(reply, /Connection: close/i);
  socket.destroy();
  idle.destroy();
  assert.equal(sqlite(server.db, `SELECT count(*) FROM responses WHERE id = '${response.id}'`), '1');
  assert.equal(sqlite(server.db, 'PRAGMA integrity_check'), 'ok');
  server.cleanup();
});

test('kill -9 at random moments under load, 20 times: after each restart every acknowledged answer is there', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sada-crash-'));
  const acknowledged = new Set();
  const checkEverythingAcknowledgedIsStored = async (server, round) => {
    const stored = new Set((await exportLines(server)).map((l) => l.response.id));
    const missing = [...acknowledged].filter((id) => !stored.has(id));
    assert.deepEqual(missing, [], `after kill ${round}: ${missing.length} of ${acknowledged.size} acknowledged answers were lost`);
    assert.equal(sqlite(server.db, 'PRAGMA integrity_check'), 'ok', `after kill ${round}`);
  };
  for (let round = 1; round <= 20; round++) {
    const server = await startServer({ dir });
    if (round > 1) await checkEverythingAcknowledgedIsStored(server, round - 1);
    let running = true;
    const client = async () => {
      while (running) {
        const batch = Array.from({ length: 1 + Math.floor(Math.random() * 20) }, () => npsResponse(Math.floor(Math.random() * 11)));
        try {
          const res = await postResponses(server, batch);
          if (res.status !== 200) continue;
          res.json.results.forEach((r) => { if (r.status === 'accepted' || r.status === 'duplicate') acknowledged.add(r.id); });
        } catch {
          return;  // the server died mid-request: that batch was not acknowledged
        }
      }
    };
    const clients = Array.from({ length: 4 }, client);
    await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 900));
    server.child.kill('SIGKILL');
    running = false;
    await server.exited;
    await Promise.all(clients);
  }
  const server = await startServer({ dir });
  try {
    assert.ok(acknowledged.size > 200, `only ${acknowledged.size} answers were acknowledged`);
    await checkEverythingAcknowledgedIsStored(server, 20);
    const stored = Number(sqlite(server.db, 'SELECT count(*) FROM responses'));
    t.diagnostic(`20 kills: ${acknowledged.size} answers acknowledged, all there; ${stored - acknowledged.size} more stored ` +
                 'whose acknowledgement the kill cut off; integrity_check ok after every restart');
  } finally {
    await server.stop();
    server.cleanup();
  }
});

test('an invalid sites file stops the server with an error that names the problem', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sada-sites-'));
  const sites = sitesConfig();
  sites.sites[0].surveys[0].questions[0].type = 'stars';
  const file = path.join(dir, 'sites.json');
  writeFileSync(file, JSON.stringify(sites));
  const run = spawnSync(serverBinary, ['--sites', file, '--db', path.join(dir, 'x.db'), '--listen', '127.0.0.1:0'],
                        { encoding: 'utf8', timeout: 10000 });
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /\/sites\/0\/surveys\/0\/questions\/0\/type/);
  assert.match(run.stderr, /stars/);
});

test('--help describes the flags, and unknown flags are refused', () => {
  const help = spawnSync(serverBinary, ['--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  for (const flag of ['--listen', '--db', '--sites', '--static', '--keep-ip-prefix']) assert.match(help.stdout, new RegExp(flag));
  const bad = spawnSync(serverBinary, ['--colour'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown argument "--colour"/);
});
