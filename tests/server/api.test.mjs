// sada-server's HTTP API over real loopback HTTP: the happy path, duplicates, every refusal,
// CORS, admin authentication, export, erasure, privacy and static files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { startServer, sitesConfig, npsResponse, postResponses, exportLines, sqlite, ADMIN_TOKEN, ORIGIN } from './harness.mjs';

let server;

before(async () => {
  const dir = (await import('node:fs')).mkdtempSync(path.join((await import('node:os')).tmpdir(), 'sada-api-'));
  mkdirSync(path.join(dir, 'public'));
  writeFileSync(path.join(dir, 'public', 'index.html'), '<h1>shop</h1>');
  writeFileSync(path.join(dir, 'secret.txt'), 'not for the web');
  server = await startServer({ dir, args: ['--static', path.join(dir, 'public')] });
});

after(async () => {
  const { code } = await server.stop('SIGTERM');
  assert.equal(code, 0, server.log);
  server.cleanup();
});

test('health check answers 200', async () => {
  const res = await server.request({ path: '/healthz' });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json, { status: 'ok' });
});

test('the survey list has an ETag and answers 304 when it has not changed', async () => {
  const first = await server.request({ path: '/v1/sites/shop/surveys', headers: { Origin: ORIGIN } });
  assert.equal(first.status, 200);
  assert.deepEqual(first.json.surveys.map((s) => s.id), ['shop-nps', 'support-csat']);
  assert.equal(first.headers['access-control-allow-origin'], ORIGIN);
  const etag = first.headers.etag;
  assert.match(etag, /^"[0-9a-f]{32}"$/);
  const again = await server.request({ path: '/v1/sites/shop/surveys', headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  assert.equal(again.body, '');
  const other = await server.request({ path: '/v1/sites/shop/surveys', headers: { 'If-None-Match': '"stale"' } });
  assert.equal(other.status, 200);
});

test('accepted answers are stored and exported with Persian text intact', async () => {
  const response = npsResponse(3);
  const res = await postResponses(server, [response]);
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(res.json, { results: [{ id: response.id, status: 'accepted' }] });
  const lines = await exportLines(server);
  const line = lines.find((l) => l.response.id === response.id);
  assert.ok(line, 'exported');
  assert.equal(line.response.answers.why_low, 'ارسال خیلی دیر شد و کسی جواب نداد');
  assert.equal(line.site, 'shop');
  assert.ok(line.seq > 0);
  // What an analyst needs to read the answers without the sites file.
  assert.deepEqual(line.questions, { nps: { type: 'nps', min: 0, max: 10 }, why_low: { type: 'text' }, why_high: { type: 'text' } });
});

test('a visitor message is stored and exported as a response to the built-in survey _message', async () => {
  const surveys = await server.request({ path: '/v1/sites/shop/surveys', headers: { Origin: ORIGIN } });
  assert.equal(surveys.json.messages, true);
  const message = { ...npsResponse(0), survey_id: '_message', survey_version: 1, answers: { message: 'کد تخفیف کار نمی‌کند <b>چرا؟</b>' } };
  const tooLong = { ...npsResponse(0), survey_id: '_message', survey_version: 1, answers: { message: 'x'.repeat(2001) } };
  const res = await postResponses(server, [message, tooLong]);
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(res.json.results.map((r) => r.status), ['accepted', 'rejected']);
  assert.equal(res.json.results[1].path, '/answers/message');
  const line = (await exportLines(server)).find((l) => l.response.id === message.id);
  assert.equal(line.response.survey_id, '_message');
  assert.deepEqual(line.questions, { message: { type: 'text' } });
  assert.equal(line.response.answers.message, 'کد تخفیف کار نمی‌کند <b>چرا؟</b>');
});

test('a repeated id is acknowledged as a duplicate and stored once', async () => {
  const response = npsResponse(9);
  assert.equal((await postResponses(server, [response])).json.results[0].status, 'accepted');
  const again = await postResponses(server, [response, response]);
  assert.deepEqual(again.json.results.map((r) => r.status), ['duplicate', 'duplicate']);
  const twice = npsResponse(10);
  const inOneBatch = await postResponses(server, [twice, twice]);
  assert.deepEqual(inOneBatch.json.results.map((r) => r.status), ['accepted', 'duplicate']);
  const stored = (await exportLines(server)).filter((l) => [response.id, twice.id].includes(l.response.id));
  assert.equal(stored.length, 2);
});

test('bad items are rejected with a reason while the rest of the batch is stored', async () => {
  const good = npsResponse(8);
  const outOfRange = npsResponse(11);
  const unknownSurvey = { ...npsResponse(5), survey_id: 'no-such-survey' };
  const oldVersion = { ...npsResponse(5), survey_version: 7 };
  const tooLong = npsResponse(2);
  tooLong.answers.why_low = 'ا'.repeat(501);
  const res = await postResponses(server, [good, outOfRange, unknownSurvey, oldVersion, tooLong, { hello: 1 }]);
  assert.equal(res.status, 200);
  assert.deepEqual(res.json.results.map((r) => [r.status, r.reason ?? null]), [
    ['accepted', null], ['rejected', 'out_of_range'], ['rejected', 'unknown_survey'],
    ['rejected', 'version_mismatch'], ['rejected', 'too_long'], ['rejected', 'unknown_field'],
  ]);
  assert.equal(res.json.results[1].path, '/answers/nps');
  assert.equal(res.json.results[5].id, null);
  const ids = (await exportLines(server)).map((l) => l.response.id);
  assert.ok(ids.includes(good.id));
  assert.ok(!ids.includes(outOfRange.id));
});

test('malformed requests get a 4xx with a machine-readable reason', async () => {
  const post = (body, headers = {}) => server.request({ method: 'POST', path: '/v1/sites/shop/responses',
    headers: { 'Content-Type': 'application/json', ...headers }, body });
  const cases = [
    ['invalid JSON', await post('{"responses": ['), 400, 'invalid_json'],
    ['invalid UTF-8', await post(Buffer.from([...Buffer.from('{"responses":[{"id":"'), 0xc0, 0xaf, ...Buffer.from('"}]}')])), 400, 'invalid_json'],
    ['deep nesting', await post(`{"responses": ${'['.repeat(5000)}${']'.repeat(5000)}}`), 400, 'too_deep'],
    ['empty batch', await post('{"responses": []}'), 400, 'empty'],
    ['wrong content type', await post('{"responses": []}', { 'Content-Type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type'],
    ['body over 64 KB', await post(JSON.stringify({ responses: [{ pad: 'x'.repeat(70000) }] })), 413, 'body_too_large'],
    ['more than 100 items', await post(JSON.stringify({ responses: Array.from({ length: 101 }, () => ({})) })), 413, 'too_many_items'],
    ['unknown site', await server.request({ method: 'POST', path: '/v1/sites/nope/responses', headers: { 'Content-Type': 'application/json' }, body: '{}' }), 404, 'unknown_site'],
    ['unknown path', await server.request({ path: '/v1/sites/shop/nothing' }), 404, 'not_found'],
    ['wrong method', await server.request({ method: 'PUT', path: '/v1/sites/shop/responses', body: '{}' }), 405, 'method_not_allowed'],
  ];
  for (const [name, res, status, reason] of cases) {
    assert.equal(res.status, status, `${name}: ${res.body}`);
    assert.equal(res.json?.error?.reason, reason, name);
  }
  assert.equal((await server.request({ path: '/healthz' })).status, 200, 'still serving');
});

test('sendBeacon-style text/plain bodies are accepted', async () => {
  const response = npsResponse(10);
  const res = await server.request({ method: 'POST', path: '/v1/sites/shop/responses',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: ORIGIN }, body: JSON.stringify({ responses: [response] }) });
  assert.equal(res.json.results[0].status, 'accepted');
});

test('CORS allows only the site\'s origins, and no cookies are set', async () => {
  const preflight = (origin) => server.request({ method: 'OPTIONS', path: '/v1/sites/shop/responses',
    headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' } });
  const allowed = await preflight(ORIGIN);
  assert.equal(allowed.status, 204);
  assert.equal(allowed.headers['access-control-allow-origin'], ORIGIN);
  assert.match(allowed.headers['access-control-allow-methods'], /POST/);
  assert.match(allowed.headers['access-control-allow-headers'], /Content-Type/i);
  const denied = await preflight('https://evil.example');
  assert.equal(denied.status, 403);
  assert.equal(denied.headers['access-control-allow-origin'], undefined);

  const foreign = await postResponses(server, [npsResponse(10)], { Origin: 'https://evil.example' });
  assert.equal(foreign.status, 403);
  assert.equal(foreign.json.error.reason, 'origin_not_allowed');
  const own = await postResponses(server, [npsResponse(10)], { Cookie: 'session=abc' });
  assert.equal(own.status, 200);
  assert.equal(own.headers['access-control-allow-origin'], ORIGIN);
  assert.equal(own.headers['set-cookie'], undefined);
  assert.equal(own.headers['access-control-allow-credentials'], undefined);
});

test('the admin export needs the site\'s token', async () => {
  const path = '/v1/sites/shop/responses';
  const none = await server.request({ path });
  assert.equal(none.status, 401);
  assert.equal(none.headers['www-authenticate'], 'Bearer');
  const wrong = await server.request({ path, headers: { Authorization: 'Bearer guess' } });
  assert.equal(wrong.status, 403);
  const right = await server.request({ path, headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  assert.equal(right.status, 200);
  assert.equal(right.headers['content-type'], 'application/x-ndjson');
  const lines = await exportLines(server);
  const last = lines.at(-1).seq;
  assert.deepEqual(await exportLines(server, last), []);
  assert.equal((await exportLines(server, lines[0].seq)).length, lines.length - 1);
  const badSince = await server.request({ path: `${path}?since=abc`, headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  assert.equal(badSince.status, 400);
});

test('erasing a visitor deletes exactly their answers and returns the count', async () => {
  const mine = [npsResponse(4), npsResponse(6)].map((r) => ({ ...r, context: { ...r.context, visitor: 'visitor/ناهید' } }));
  const theirs = { ...npsResponse(9), context: { visitor: 'someone-else' } };
  await postResponses(server, [...mine, theirs]);
  const target = `/v1/sites/shop/visitors/${encodeURIComponent('visitor/ناهید')}`;
  assert.equal((await server.request({ method: 'DELETE', path: target })).status, 401);
  assert.equal((await server.request({ method: 'DELETE', path: target, headers: { Authorization: 'Bearer nope' } })).status, 403);
  const erased = await server.request({ method: 'DELETE', path: target, headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  assert.equal(erased.status, 200, erased.body);
  assert.equal(erased.json.erased, 2);
  const ids = (await exportLines(server)).map((l) => l.response.id);
  assert.ok(!ids.includes(mine[0].id) && !ids.includes(mine[1].id));
  assert.ok(ids.includes(theirs.id));
  assert.doesNotMatch(server.log, /ناهید|visitor%2F/, 'the log does not name the erased visitor');
});

test('the client address is not stored and the user agent is reduced', async () => {
  const response = npsResponse(10);
  await postResponses(server, [response], {
    'User-Agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  });
  const line = (await exportLines(server)).find((l) => l.response.id === response.id);
  assert.deepEqual(line.client, { device_class: 'mobile', browser: 'safari' });
  const everything = sqlite(server.db, 'SELECT group_concat(body || coalesce(client, \'\'), \'\') FROM responses');
  assert.doesNotMatch(everything, /127\.0\.0\.1|iPhone OS|Mozilla/);
});

test('--static serves files and refuses to leave its folder', async () => {
  const home = await server.request({ path: '/' });
  assert.equal(home.status, 200);
  assert.equal(home.body, '<h1>shop</h1>');
  assert.match(home.headers['content-type'], /text\/html/);
  // Pages on other origins load the widget's files from here (module script, wasm fetch).
  assert.equal(home.headers['access-control-allow-origin'], '*');
  assert.equal(home.headers['x-content-type-options'], 'nosniff');
  assert.equal(home.headers['set-cookie'], undefined);
  for (const target of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%00', '/.hidden']) {
    const res = await server.request({ path: target });
    assert.equal(res.status, 404, target);
    assert.doesNotMatch(res.body, /not for the web/);
  }
});

test('static text files are sent gzipped to clients that accept it, and as they are to the rest', async () => {
  const script = Array.from({ length: 500 }, (_, i) => `console.log("سلام ${i}");`).join('\n');
  writeFileSync(path.join(server.folder, 'public', 'widget.js'), script);
  const get = (headers) => new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: server.port, path: '/widget.js', headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ headers: res.headers, bytes: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
  const zipped = await get({ 'Accept-Encoding': 'gzip, deflate, br' });
  assert.equal(zipped.headers['content-encoding'], 'gzip');
  assert.equal(zipped.headers.vary, 'Accept-Encoding');
  assert.equal(Number(zipped.headers['content-length']), zipped.bytes.length);
  assert.ok(zipped.bytes.length < Buffer.byteLength(script) / 4, `${zipped.bytes.length} bytes`);
  assert.equal(gunzipSync(zipped.bytes).toString('utf8'), script);
  for (const headers of [{}, { 'Accept-Encoding': 'gzip;q=0, br' }]) {
    const plain = await get(headers);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.bytes.toString('utf8'), script);
  }
});

// Security review (docs/security.md): what an attacker or a leak would test.
test('answers and refusals are JSON marked nosniff, and a foreign page gets no survey list', async () => {
  for (const res of [
    await postResponses(server, [npsResponse(8)]),
    await postResponses(server, [npsResponse(8)], { 'Content-Type': 'text/html' }),
    await server.request({ path: '/v1/sites/shop/surveys', headers: { Origin: ORIGIN } }),
    await server.request({ path: '/v1/nowhere' }),
  ]) {
    assert.match(res.headers['content-type'], /^application\/json/, res.body);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
  }
  const foreign = await server.request({ path: '/v1/sites/shop/surveys', headers: { Origin: 'https://evil.example' } });
  assert.equal(foreign.status, 403);
  assert.equal(foreign.json.error.reason, 'origin_not_allowed');
  assert.equal(foreign.headers['access-control-allow-origin'], undefined);
  assert.doesNotMatch(foreign.body, /shop-nps/);
});

test('a site\'s admin token opens that site only, no token reaches the log, and the log keeps address prefixes only', async () => {
  const sites = sitesConfig();
  const blog = JSON.parse(JSON.stringify(sites.sites[0]));
  blog.id = 'blog';
  blog.origins = ['https://blog.example'];
  blog.admin_token_sha256 = createHash('sha256').update('blog-secret-token').digest('hex');
  sites.sites.push(blog);
  const two = await startServer({ sites, args: ['--keep-ip-prefix'] });
  try {
    const exportOf = (site, token) => two.request({ path: `/v1/sites/${site}/responses`, headers: { Authorization: `Bearer ${token}` } });
    assert.equal((await exportOf('shop', ADMIN_TOKEN)).status, 200);
    assert.equal((await exportOf('blog', 'blog-secret-token')).status, 200);
    assert.equal((await exportOf('blog', ADMIN_TOKEN)).status, 403, 'shop\'s token on blog');
    assert.equal((await exportOf('shop', 'blog-secret-token')).status, 403, 'blog\'s token on shop');
    const erase = await two.request({ method: 'DELETE', path: '/v1/sites/blog/visitors/v-1', headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    assert.equal(erase.status, 403);
    // --keep-ip-prefix keeps the /24, never the address.
    const response = npsResponse(7);
    assert.equal((await postResponses(two, [response])).status, 200);
    const line = (await exportLines(two)).find((l) => l.response.id === response.id);
    assert.equal(line.client.ip_prefix, '127.0.0.0/24');
    assert.doesNotMatch(sqlite(two.db, 'SELECT group_concat(body || coalesce(client, \'\'), \'\') FROM responses'), /127\.0\.0\.1/);
    await new Promise((resolve) => setTimeout(resolve, 100));  // the last log lines
    assert.doesNotMatch(two.log, /change-me|blog-secret-token|Bearer|Authorization/i, 'no token in the log');
    assert.match(two.log, /127\.0\.0\.0\/24 GET \/v1\/sites\/shop\/responses 200/);
    assert.doesNotMatch(two.log, /127\.0\.0\.1 /, 'the log shows the prefix, not the address');
  } finally {
    await two.stop();
    two.cleanup();
  }
});
