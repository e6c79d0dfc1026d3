// Test harness for sada-server: starts the real binary on a free loopback port with a temporary
// database and sites file, and speaks raw HTTP to it (node:http, so every header and byte is ours).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash, randomUUID } from 'node:crypto';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const serverBinary = process.env.SADA_SERVER_BIN ?? path.join(root, 'build/native-debug/server_stub/sada-server');
export const ADMIN_TOKEN = 'change-me';
export const ORIGIN = 'http://127.0.0.1:8080';

// The example sites file, with limits a test can choose.
export function sitesConfig({ rate = 1000, burst = 1000, maxBody = 65536 } = {}) {
  const config = JSON.parse(readFileSync(path.join(root, 'server_stub/sites.example.json'), 'utf8'));
  for (const site of config.sites) site.limits = { requests_per_second: rate, burst, max_body_bytes: maxBody };
  return config;
}

export function sha256(text) {
  return createHash('sha256').update(text).digest('hex');
}

// A valid response to the example's shop-nps survey (UUIDv7-shaped id).
export function npsResponse(score, extra = {}) {
  const hex = Date.now().toString(16).padStart(12, '0');
  const random = randomUUID().replace(/-/g, '');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${random.slice(0, 3)}-a${random.slice(3, 6)}-${random.slice(6, 18)}`;
  const answers = { nps: score };
  if (score <= 6) answers.why_low = 'ارسال خیلی دیر شد و کسی جواب نداد';
  return { id, survey_id: 'shop-nps', survey_version: 1, submitted_at: new Date().toISOString(), answers,
           context: { page: '/', stage: 'awareness', device: 'mobile', locale: 'fa', visitor: 'v-1' }, ...extra };
}

// Starts sada-server; resolves once /healthz answers.
// `wrap` runs it under another command (e.g. ['prlimit', '--nofile=200']).
export async function startServer({ sites = sitesConfig(), dir, args = [], port: listenPort = 0, wrap = [] } = {}) {
  const folder = dir ?? mkdtempSync(path.join(tmpdir(), 'sada-server-test-'));
  const sitesPath = path.join(folder, 'sites.json');
  writeFileSync(sitesPath, JSON.stringify(sites));
  const db = path.join(folder, 'sada.db');
  const command = [...wrap, serverBinary, '--listen', `127.0.0.1:${listenPort}`, '--db', db, '--sites', sitesPath, ...args];
  const child = spawn(command[0], command.slice(1),
                      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1' } });
  let log = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const port = await new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
      if (match) resolve(Number(match[1]));
    });
    exited.then(({ code }) => reject(new Error(`sada-server exited (${code}) before listening:\n${log}`)));
  });
  const server = {
    port, db, folder, child, exited,
    get log() { return log; },
    request: (options) => request(port, options),
    async stop(signal = 'SIGTERM') {
      child.kill(signal);
      return exited;
    },
    cleanup() { rmSync(folder, { recursive: true, force: true }); },
  };
  return server;
}

// One HTTP request on a fresh connection, with Content-Length for a body (as browsers send it);
// resolves {status, headers, body (string), json}; fails after 10 s instead of hanging the suite.
export function request(port, { method = 'GET', path: target = '/', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const allHeaders = { ...headers };
    if (body !== undefined) allHeaders['Content-Length'] = Buffer.byteLength(body);
    const req = http.request({ host: '127.0.0.1', port, method, path: target, headers: allHeaders, agent: false,
                               timeout: 10000 }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, body: text, json });
      });
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`no answer to ${method} ${target} within 10 s`)));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

// Writes raw bytes on one connection (a string, or a list sent with a pause between parts) and
// resolves everything the server sent back, once it closes or `waitMs` passes.
export function rawExchange(port, parts, { waitMs = 2000, pauseMs = 50 } = {}) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const received = [];
    let closed = false;
    const finish = () => { socket.destroy(); resolve({ text: Buffer.concat(received).toString('latin1'), closed }); };
    const timer = setTimeout(finish, waitMs);
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('end', () => { closed = true; clearTimeout(timer); finish(); });
    socket.on('error', (error) => { clearTimeout(timer); if (received.length) finish(); else reject(error); });
    socket.on('connect', async () => {
      for (const part of [].concat(parts)) {
        if (socket.destroyed) return;
        socket.write(part);
        await new Promise((r) => setTimeout(r, pauseMs));
      }
    });
  });
}

export function postResponses(server, responses, headers = {}) {
  return server.request({ method: 'POST', path: '/v1/sites/shop/responses',
                          headers: { 'Content-Type': 'application/json', Origin: ORIGIN, ...headers },
                          body: JSON.stringify({ responses }) });
}

export async function exportLines(server, since = 0) {
  const res = await server.request({ path: `/v1/sites/shop/responses?since=${since}`,
                                     headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  if (res.status !== 200) throw new Error(`export failed: ${res.status} ${res.body}`);
  return res.body.split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

export function sqlite(db, sql) {
  return execFileSync('sqlite3', [db, sql], { encoding: 'utf8' }).trim();
}
