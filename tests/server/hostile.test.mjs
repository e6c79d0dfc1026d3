// Hostile requests against the running sada-server: each body is refused with a 4xx (or, inside a
// well-formed batch, its item is rejected), nothing of it is stored, what was stored before is
// still there, the server keeps answering and its memory stays bounded; and no spelling of a
// path reaches outside --static's folder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { startServer, sitesConfig, npsResponse, postResponses, rawExchange, exportLines, ORIGIN } from './harness.mjs';

const BODY_TIMEOUT_S = 2;  // the server's --body-timeout here (default 20)
let server;
let stored;  // export lines stored before the attack
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))[1]);

before(async () => {
  server = await startServer({ sites: sitesConfig({ maxBody: 1 << 20 }), args: ['--body-timeout', String(BODY_TIMEOUT_S)] });
  const res = await post(JSON.stringify({ responses: [npsResponse(9), npsResponse(2)] }));
  assert.equal(res.status, 200, res.body);
  stored = await exportLines(server);
  assert.equal(stored.length, 2);
});
after(async () => {
  const { code } = await server.stop('SIGTERM');
  assert.equal(code, 0, server.log);
  server.cleanup();
});

function post(body) {
  return server.request({ method: 'POST', path: '/v1/sites/shop/responses',
                          headers: { 'Content-Type': 'application/json', Origin: ORIGIN }, body });
}

// A valid one-response batch whose text is `marker`, edited by `edit` as raw JSON text.
function batchWith(edit) {
  const text = JSON.stringify({ responses: [{ ...npsResponse(3), answers: { nps: 3, why_low: 'MARK' } }] });
  return edit(text);
}

// Raw bytes on the wire, for bodies JavaScript strings cannot carry (invalid UTF-8).
async function postBytes(bytes) {
  const head = `POST /v1/sites/shop/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nOrigin: ${ORIGIN}\r\n` +
               `Content-Length: ${bytes.length}\r\nConnection: close\r\n\r\n`;
  const { text } = await rawExchange(server.port, Buffer.concat([Buffer.from(head), bytes]));
  const status = Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1]);
  return { status, body: text.slice(text.indexOf('\r\n\r\n') + 4) };
}

async function assertUnharmed() {
  assert.equal((await server.request({ path: '/healthz' })).status, 200);
  assert.deepEqual(await exportLines(server), stored);  // nothing lost, nothing added
}

const refusedOutright = {
  'arrays nested 100,000 deep': ['{"responses":[' + '['.repeat(100000) + ']'.repeat(100000) + ']}', 'too_deep'],
  'objects nested 50,000 deep': ['{"responses":[' + '{"a":'.repeat(50000) + '1' + '}'.repeat(50000) + ']}', 'too_deep'],
  'a number beyond double (1e400)': [batchWith((t) => t.replace('"nps":3', '"nps":1e400')), 'invalid_json'],
  'NaN': [batchWith((t) => t.replace('"nps":3', '"nps":NaN')), 'invalid_json'],
  'Infinity': [batchWith((t) => t.replace('"nps":3', '"nps":-Infinity')), 'invalid_json'],
  'a member name twice (which one counts?)': [batchWith((t) => t.replace('"nps":3', '"nps":3,"nps":10')), 'invalid_json'],
  'a duplicate name deep inside': [batchWith((t) => t.replace('"device":"mobile"', '"device":"mobile","device":"tv"')), 'invalid_json'],
};
for (const [name, [body, reason]] of Object.entries(refusedOutright)) {
  test(`refused: ${name}`, async () => {
    const before = rss();
    const res = await post(body);
    assert.equal(res.status, 400, res.body);
    assert.equal(res.json.error.reason, reason);
    assert.ok(rss() - before < 64 * 1024, `RSS grew by ${rss() - before} KB`);
    await assertUnharmed();
  });
}

const badBytes = {
  'invalid UTF-8 in text': Buffer.from([0xff, 0xfe]),
  'overlong UTF-8 ("/" as C0 AF)': Buffer.from([0xc0, 0xaf]),
  'a UTF-16 surrogate in UTF-8': Buffer.from([0xed, 0xa0, 0x80]),
  'a raw NUL byte in a string': Buffer.from([0x00]),
};
for (const [name, bytes] of Object.entries(badBytes)) {
  test(`refused: ${name}`, async () => {
    const [start, end] = batchWith((t) => t).split('MARK');
    const res = await postBytes(Buffer.concat([Buffer.from(start), bytes, Buffer.from(end)]));
    assert.equal(res.status, 400, res.body);
    assert.match(res.body, /"invalid_json"/);
    await assertUnharmed();
  });
}

const rejectedItems = {
  'a whole number too large for 64 bits': [(t) => t.replace('"nps":3', '"nps":123456789012345678901234567890'), '/answers/nps'],
  'an escaped NUL in text': [(t) => t.replace('MARK', 'late\\u0000again'), '/answers/why_low'],
  'a terminal escape sequence in text': [(t) => t.replace('MARK', '\\u001b[2J'), '/answers/why_low'],
  'a right-to-left override in a survey id': [(t) => t.replace('"survey_id":"shop-nps"', '"survey_id":"shop-nps\u202e"'), '/survey_id'],
  'a right-to-left override left open in text': [(t) => t.replace('MARK', 'refund \u202eexe.eciovni'), '/answers/why_low'],
  'a C1 control sequence introducer in text': [(t) => t.replace('MARK', 'late \u009b2J'), '/answers/why_low'],
  'a zero-width space in the page': [(t) => t.replace('"page":"/"', '"page":"/\u200b"'), null],
};
for (const [name, [edit, path]] of Object.entries(rejectedItems)) {
  test(`item rejected: ${name}`, async () => {
    const res = await post(batchWith(edit));
    if (path === null) {  // some fields take any text: then the item is stored as sent
      assert.equal(res.status, 200, res.body);
      assert.equal(res.json.results[0].status, 'accepted', res.body);
      const lines = await exportLines(server);
      stored.push(lines.at(-1));
      assert.equal(lines.at(-1).response.context.page, '/\u200b');
      return;
    }
    assert.equal(res.status, 200, res.body);
    const [result] = res.json.results;
    assert.equal(result.status, 'rejected', res.body);
    assert.equal(result.path, path, res.body);
    await assertUnharmed();
  });
}

// Sends the headers, then one piece of body every `everyMs` (from `piece(i)`, until it returns
// null) until the server answers or closes. Resolves with the answer, when it came and how much
// body had been sent by then.
function trickle(headers, piece, everyMs) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, '127.0.0.1');
    const started = performance.now();
    let text = '';
    let sent = 0;
    let i = 0;
    let timer;
    const finish = () => {
      clearInterval(timer);
      socket.destroy();
      const status = Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1]);
      resolve({ status, text, ms: performance.now() - started, sent });
    };
    socket.on('error', finish);  // a reset after the answer still counts the answer we read
    socket.on('data', (chunk) => { text += chunk; });
    socket.on('close', finish);
    socket.on('connect', () => {
      socket.write(`POST /v1/sites/shop/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nOrigin: ${ORIGIN}\r\n${headers}\r\n`);
      timer = setInterval(() => {
        if (text.includes('\r\n\r\n') || socket.destroyed) return;
        const next = piece(i++);
        if (next === null) return clearInterval(timer);
        sent += next.length;
        socket.write(next);
      }, everyMs);
    });
    setTimeout(() => reject(new Error(`no answer in 30 s; sent ${sent} bytes`)), 30000).unref();
  });
}

test('refused: a chunked body that never ends gets 408 once the body timeout is up', async () => {
  const before = rss();
  const started = performance.now();
  // A valid start, then a space every 100 ms, in its own chunk, for ever.
  const res = await trickle('Transfer-Encoding: chunked\r\n', (i) => (i === 0 ? '1\r\n{\r\n' : '1\r\n \r\n'), 100);
  assert.equal(res.status, 408, res.text);
  assert.match(res.text, /"request_timeout"/);
  assert.ok(res.ms > BODY_TIMEOUT_S * 1000 - 200 && res.ms < BODY_TIMEOUT_S * 1000 + 3000, `answered after ${res.ms.toFixed(0)} ms`);
  assert.ok(performance.now() - started < BODY_TIMEOUT_S * 1000 + 5000, 'the connection was closed after the answer');
  assert.ok(rss() - before < 64 * 1024, `RSS grew by ${rss() - before} KB`);
  await assertUnharmed();
});

test('refused: a 10 MB body sent slowly gets 413 before it is sent, by length or as chunks', async () => {
  const before = rss();
  const tenMegabytes = 10 * 1024 * 1024;
  const block = ' '.repeat(64 * 1024);
  // Content-Length says 10 MB: refused from the headers, before the body.
  const declared = await trickle(`Content-Length: ${tenMegabytes}\r\n`, () => block, 100);
  assert.equal(declared.status, 413, declared.text);
  assert.ok(declared.sent < 1024 * 1024, `${declared.sent} bytes were sent before the answer`);
  // Chunked, 64 KB every 50 ms: refused as soon as the body passes this site's limit (1 MB).
  const chunked = await trickle('Transfer-Encoding: chunked\r\n', (i) => (i * block.length < tenMegabytes ? `10000\r\n${block}\r\n` : null), 50);
  assert.equal(chunked.status, 413, chunked.text);
  assert.match(chunked.text, /"body_too_large"/);
  assert.ok(chunked.sent < 2 * 1024 * 1024, `${chunked.sent} bytes were sent before the answer`);
  assert.ok(rss() - before < 64 * 1024, `RSS grew by ${rss() - before} KB`);
  await assertUnharmed();
});

test('--static serves its folder and nothing outside it, however the path is spelled', async () => {
  const { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const outside = mkdtempSync(path.join(tmpdir(), 'sada-static-'));
  const site = path.join(outside, 'site');
  mkdirSync(site);
  writeFileSync(path.join(site, 'index.html'), '<p>shop</p>');
  writeFileSync(path.join(site, '.env'), 'ADMIN_TOKEN=hidden');
  writeFileSync(path.join(outside, 'secret.txt'), 'SECRET-OUTSIDE');
  symlinkSync(path.join(outside, 'secret.txt'), path.join(site, 'link.txt'));
  const web = await startServer({ args: ['--static', site] });
  try {
    assert.equal((await web.request({ path: '/' })).body, '<p>shop</p>');
    const attempts = ['/../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E%2Fsecret.txt', '/..%2fsecret.txt', '/x/../../secret.txt',
                      '/..\\secret.txt', '/%5c..%5csecret.txt', '//secret.txt', '/link.txt', '/.env', '/%2eenv',
                      '/index.html%00.txt', '/%c0%ae%c0%ae/secret.txt', `/${'../'.repeat(20)}etc/passwd`, '/sada.db', '/sites.json'];
    for (const target of attempts) {
      const res = await web.request({ path: target });
      assert.ok(res.status >= 400 && res.status < 500, `${target}: ${res.status}`);
      assert.doesNotMatch(res.body, /SECRET-OUTSIDE|ADMIN_TOKEN|root:|"sites"/, target);
    }
    assert.equal((await web.request({ path: '/healthz' })).status, 200);
  } finally {
    await web.stop('SIGTERM');
    web.cleanup();
    rmSync(outside, { recursive: true, force: true });
  }
});

test('--static never serves the database or the sites file, even from inside its folder', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const folder = mkdtempSync(path.join(tmpdir(), 'sada-static-self-'));
  writeFileSync(path.join(folder, 'index.html'), '<p>shop</p>');
  // Its sites.json and sada.db are written into the folder it serves (a careless deployment).
  const web = await startServer({ dir: folder, args: ['--static', folder] });
  try {
    assert.equal((await postResponses(web, [npsResponse(4)])).status, 200);  // the database and its WAL exist
    assert.equal((await web.request({ path: '/index.html' })).body, '<p>shop</p>');
    for (const target of ['/sada.db', '/sada.db-wal', '/sada.db-shm', '/sites.json', '/%73ites.json', '/./sada.db']) {
      const res = await web.request({ path: target });
      assert.equal(res.status, 404, target);
      assert.doesNotMatch(res.body, /SQLite format|token_sha256|"sites"/, target);
    }
  } finally {
    await web.stop('SIGTERM');
    web.cleanup();
  }
});
