// Slow and many clients against the running sada-server: slowhttptest (Debian's) holds 1,000
// connections open with slow headers (slowloris), slow bodies (R-U-Dead-Yet) or slow reads while a
// normal visitor keeps posting answers, which must keep being answered and stored; 1,000
// connections each post two batches at once, and every answer is stored once; and connections
// beyond the server's cap are closed at once without harm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { startServer, sitesConfig, npsResponse, postResponses, exportLines, ORIGIN } from './harness.mjs';

const TIMEOUT_S = 4;  // the server's --header-timeout and --body-timeout here (defaults 10 and 20)
const ATTACK_S = 12;

// Runs slowhttptest in `mode` (-H, -B or -X) with 1,000 connections; resolves its per-second CSV
// rows ({seconds, closed, pending, connected, available}).
function slowhttptest(mode, url, extra = []) {
  const folder = mkdtempSync(path.join(tmpdir(), 'sada-slow-'));
  const prefix = path.join(folder, 'report');
  const args = [mode, '-c', '1000', '-r', '500', '-i', '1', '-l', String(ATTACK_S), '-p', '3', '-g', '-o', prefix, '-u', url, ...extra];
  return new Promise((resolve, reject) => {
    const child = spawn('slowhttptest', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('error', reject);
    child.on('exit', () => {
      try {
        const rows = readFileSync(`${prefix}.csv`, 'utf8').trim().split('\n').slice(1).map((line) => {
          const [seconds, closed, pending, connected, available] = line.split(',').map(Number);
          return { seconds, closed, pending, connected, available };
        });
        resolve(rows);
      } catch (error) {
        reject(new Error(`slowhttptest wrote no report (${error.message}):\n${output.slice(-2000)}`));
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  });
}

// Posts one answer every 200 ms until `until` resolves; returns each post's status and time.
async function visitorDuring(server, until) {
  const posts = [];
  let done = false;
  until.then(() => { done = true; }, () => { done = true; });
  while (!done) {
    const started = performance.now();
    const response = npsResponse(8);
    let status;
    try {
      const res = await postResponses(server, [response]);
      status = res.status === 200 ? res.json.results[0].status : res.status;
    } catch (error) {
      status = error.message;
    }
    posts.push({ id: response.id, status, ms: performance.now() - started });
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return posts;
}

async function underAttack(mode, target, { args = [], extra = [] } = {}) {
  const server = await startServer({
    sites: sitesConfig({ rate: 100000, burst: 100000 }),
    args: ['--header-timeout', String(TIMEOUT_S), '--body-timeout', String(TIMEOUT_S), ...args],
  });
  try {
    const attack = slowhttptest(mode, `http://127.0.0.1:${server.port}${target}`, extra);
    const posts = await visitorDuring(server, attack);
    const rows = await attack;
    const peakMemoryMb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))[1]) / 1024;
    const slowest = Math.max(...posts.map((p) => p.ms));
    const failed = posts.filter((p) => p.status !== 'accepted');
    assert.deepEqual(failed, [], `${failed.length} of ${posts.length} answers were not accepted during the attack`);
    assert.ok(posts.length >= 20, `only ${posts.length} answers were posted`);
    // Each one must also have been answered within 5 s (slowhttptest's own probe counts the
    // service as unavailable after -p seconds): slower would be a denial of service.
    assert.ok(slowest < 5000, `the slowest answer took ${slowest.toFixed(0)} ms`);
    const stored = new Set((await exportLines(server)).map((line) => line.response.id));
    assert.ok(posts.every((p) => stored.has(p.id)), 'every accepted answer is stored');
    assert.equal((await server.request({ path: '/healthz' })).status, 200);
    return { rows, posts, slowest, peakMemoryMb, maxConnected: Math.max(...rows.map((r) => r.connected)) };
  } finally {
    await server.stop();
    server.cleanup();
  }
}

function summary(t, name, { rows, posts, slowest, peakMemoryMb, maxConnected }) {
  const median = posts.map((p) => p.ms).sort((a, b) => a - b)[Math.floor(posts.length / 2)];
  t.diagnostic(`${name}: up to ${maxConnected} attacking connections; ${posts.length} answers posted meanwhile, ` +
               `all accepted; median ${median.toFixed(1)} ms, slowest ${slowest.toFixed(1)} ms; ` +
               `last connection closed by second ${rows.at(-1).seconds} of ${ATTACK_S}; server peak memory ${peakMemoryMb.toFixed(0)} MB`);
}

test('slowloris: 1,000 connections sending headers a line a second; answers keep being taken, and the slow ones are cut off', async (t) => {
  const result = await underAttack('-H', '/healthz');
  assert.ok(result.maxConnected >= 900, `slowhttptest reached only ${result.maxConnected} connections`);
  // The header timeout closes them all: slowhttptest ends early, with no connection left open.
  assert.ok(result.rows.at(-1).seconds < ATTACK_S - 2, `slowhttptest still had connections at ${JSON.stringify(result.rows.at(-1))}`);
  summary(t, 'slowloris', result);
});

test('slow bodies: 1,000 posts sending their body a few bytes a second get 408 and are closed; answers keep being taken', async (t) => {
  const result = await underAttack('-B', '/v1/sites/shop/responses', { extra: ['-s', '8192', '-f', 'application/json'] });
  assert.ok(result.maxConnected >= 900, `slowhttptest reached only ${result.maxConnected} connections`);
  assert.ok(result.rows.at(-1).seconds < ATTACK_S - 2, `slowhttptest still had connections at ${JSON.stringify(result.rows.at(-1))}`);
  summary(t, 'slow bodies', result);
});

test('slow reads: 1,000 connections reading a large file a few bytes at a time; answers keep being taken', async (t) => {
  const site = mkdtempSync(path.join(tmpdir(), 'sada-slow-site-'));
  writeFileSync(path.join(site, 'big.js'), 'x'.repeat(256 * 1024));
  try {
    const result = await underAttack('-X', '/big.js', { args: ['--static', site], extra: ['-k', '4', '-n', '1', '-w', '16', '-y', '64', '-z', '32'] });
    assert.ok(result.maxConnected >= 900, `slowhttptest reached only ${result.maxConnected} connections`);
    summary(t, 'slow reads', result);
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
});

test('1,000 concurrent connections each post two batches: every answer is accepted and stored once', async (t) => {
  const server = await startServer({ sites: sitesConfig({ rate: 100000, burst: 100000 }) });
  try {
    const ids = [];
    const started = performance.now();
    const latencies = [];
    const connection = () => new Promise((resolve, reject) => {
      const socket = net.connect(server.port, '127.0.0.1');
      let received = '';
      let answered = 0;
      let sentAt = 0;
      const send = () => {
        const response = npsResponse(Math.floor(Math.random() * 11));
        ids.push(response.id);
        const body = JSON.stringify({ responses: [response] });
        sentAt = performance.now();
        socket.write(`POST /v1/sites/shop/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nOrigin: ${ORIGIN}\r\n` +
                     `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      };
      socket.on('connect', send);
      socket.on('error', reject);
      socket.on('data', (chunk) => {
        received += chunk;
        const count = (received.match(/"status":"accepted"/g) ?? []).length;
        if (count > answered) {
          answered = count;
          latencies.push(performance.now() - sentAt);
          if (answered === 1) send();
          else { socket.destroy(); resolve(received); }
        }
      });
    });
    // Open all 1,000 first, then let them post: connect() resolves before any request is sent.
    const replies = await Promise.all(Array.from({ length: 1000 }, connection));
    const elapsed = performance.now() - started;
    assert.equal(replies.length, 1000);
    assert.ok(replies.every((reply) => (reply.match(/HTTP\/1\.1 200 /g) ?? []).length === 2));
    const stored = (await exportLines(server)).map((line) => line.response.id);
    assert.equal(stored.length, 2000);
    assert.deepEqual(new Set(stored), new Set(ids));
    latencies.sort((a, b) => a - b);
    t.diagnostic(`1,000 connections x 2 posts: all answered in ${elapsed.toFixed(0)} ms; ` +
                 `median ${latencies[1000].toFixed(1)} ms, 99th percentile ${latencies[1980].toFixed(1)} ms, slowest ${latencies.at(-1).toFixed(1)} ms`);
  } finally {
    await server.stop();
    server.cleanup();
  }
});

test('beyond its connection cap the server closes new connections at once, and serves again when they go', async () => {
  // 200 file descriptors: the cap is 200 - 64 = 136 connections (printed at start).
  const server = await startServer({ wrap: ['prlimit', '--nofile=200'] });
  const sockets = [];
  try {
    const cap = Number(/at most (\d+) connections/.exec(server.log)[1]);
    assert.equal(cap, 136);
    const open = () => new Promise((resolve) => {
      const socket = net.connect(server.port, '127.0.0.1');
      sockets.push(socket);
      socket.on('connect', () => resolve(socket));
      socket.on('error', () => resolve(socket));
    });
    for (let i = 0; i < cap + 20; i++) await open();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const closed = sockets.filter((socket) => socket.destroyed || socket.readyState !== 'open').length;
    assert.ok(closed >= 20, `${closed} of ${sockets.length} connections were closed`);
    // A visitor arriving now is turned away too...
    await assert.rejects(postResponses(server, [npsResponse(9)]));
    // ...until the idle ones go; then answers are taken again, and the server never fell over.
    sockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => setTimeout(resolve, 300));
    const res = await postResponses(server, [npsResponse(9)]);
    assert.equal(res.status, 200);
    assert.equal(res.json.results[0].status, 'accepted');
  } finally {
    sockets.forEach((socket) => socket.destroy());
    await server.stop();
    server.cleanup();
  }
});
