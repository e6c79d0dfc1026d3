// sada-server's HTTP layer on raw sockets: limits decided from the headers, request smuggling,
// HEAD, keep-alive and pipelining, Expect: 100-continue, chunk-extension floods, oversized
// headers, a refusal that reaches the client, and HTTP/1.0 streaming.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, npsResponse, rawExchange, exportLines, ADMIN_TOKEN, ORIGIN } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => {
  const { code } = await server.stop('SIGTERM');
  assert.equal(code, 0, server.log);
  server.cleanup();
});

const post = (body, extraHeaders = '') =>
  `POST /v1/sites/shop/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nOrigin: ${ORIGIN}\r\n` +
  `Content-Length: ${Buffer.byteLength(body)}\r\n${extraHeaders}\r\n${body}`;

test('a Content-Length over the limit is refused before the body is sent', async () => {
  const { text, closed } = await rawExchange(server.port,
    'POST /v1/sites/shop/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n');
  assert.match(text, /^HTTP\/1\.1 413 /);
  assert.match(text, /"body_too_large"/);
  assert.ok(closed, 'the connection is closed after the refusal');
});

test('a 413 reaches clients that are still sending their large bodies', async () => {
  // Closing with unread input makes the kernel send a reset that can destroy the reply; the
  // server drains first. Several clients at once make a lost reply likely if it did not.
  // A real HTTP client (node:http, like a browser's fetch) fails the whole request on EPIPE.
  const big = JSON.stringify({ responses: [{ pad: 'x'.repeat(3_000_000) }] });
  const replies = await Promise.all(Array.from({ length: 20 }, () =>
    server.request({ method: 'POST', path: '/v1/sites/shop/responses',
                     headers: { 'Content-Type': 'application/json' }, body: big })
      .then((res) => String(res.status), (error) => error.code ?? String(error))));
  const lost = replies.filter((status) => status !== '413');
  assert.equal(lost.length, 0, `${lost.length} of 20 clients got no 413 (${lost.join(', ')})`);
});

test('Transfer-Encoding without a final chunked is refused, and nothing smuggled behind it runs', async () => {
  const smuggled = `DELETE /v1/sites/shop/visitors/v-1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\n\r\n`;
  const before = (await exportLines(server)).length;
  const { text } = await rawExchange(server.port,
    `POST /v1/sites/shop/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\n${smuggled}`);
  assert.match(text, /^HTTP\/1\.1 400 /);
  assert.doesNotMatch(text, /"erased"/);
  assert.equal((await exportLines(server)).length, before);
});

test('HEAD gets the headers of a GET and no body; the connection stays usable', async () => {
  const { text } = await rawExchange(server.port,
    'HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  const [head, rest] = text.split(/\r\n\r\n/, 2);
  assert.match(head, /^HTTP\/1\.1 200 /);
  assert.match(head, /Content-Length: 15/i);
  assert.match(rest, /^HTTP\/1\.1 200 /, 'the next response follows directly: the HEAD answer had no body');
});

test('pipelined requests on one keep-alive connection are answered in order', async () => {
  const a = npsResponse(9);
  const b = npsResponse(2);
  const { text } = await rawExchange(server.port,
    post(JSON.stringify({ responses: [a] })) + post(JSON.stringify({ responses: [b] }), 'Connection: close\r\n'));
  const answers = text.split(/HTTP\/1\.1 /).filter(Boolean);
  assert.equal(answers.length, 2);
  assert.ok(answers[0].includes(a.id) && answers[1].includes(b.id));
});

test('Expect: 100-continue gets 100 Continue, then the answer', async () => {
  const body = JSON.stringify({ responses: [npsResponse(10)] });
  const head = `POST /v1/sites/shop/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
               `Content-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`;
  const { text } = await rawExchange(server.port, [head, body], { pauseMs: 300 });
  assert.match(text, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
  assert.match(text, /"accepted"/);
});

test('a flood of chunk extensions is refused and does not grow the server\'s memory', async () => {
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))[1]);
  const before = rss();
  const flood = Array.from({ length: 40 }, () => 'a'.repeat(256 * 1024));
  const { text } = await rawExchange(server.port,
    ['POST /v1/sites/shop/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1;x=',
     ...flood], { pauseMs: 5, waitMs: 3000 }).catch(() => ({ text: '' }));
  assert.match(text, /^HTTP\/1\.1 400 /);
  assert.ok(rss() - before < 64 * 1024, `RSS grew by ${rss() - before} KB`);
});

test('headers over 16 KB get 431', async () => {
  const { text } = await rawExchange(server.port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`);
  assert.match(text, /^HTTP\/1\.1 431 /);
});

test('an HTTP/1.0 client gets the export without chunked encoding, ended by the close', async () => {
  const { text, closed } = await rawExchange(server.port,
    `GET /v1/sites/shop/responses HTTP/1.0\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\n\r\n`);
  assert.match(text, /^HTTP\/1\.0 200 /);
  assert.doesNotMatch(text, /Transfer-Encoding/i);
  assert.ok(closed);
  const body = Buffer.from(text.split('\r\n\r\n').slice(1).join('\r\n\r\n'), 'latin1').toString('utf8');
  const lines = body.split('\n').filter(Boolean).map((line) => JSON.parse(line));
  assert.ok(lines.length > 0 && lines.every((line) => line.site === 'shop'));
});

test('Content-Length with chunked, or two Content-Lengths that differ, are refused and nothing smuggled runs', async () => {
  const smuggled = `DELETE /v1/sites/shop/visitors/v-1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\n\r\n`;
  const head = `POST /v1/sites/shop/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nOrigin: ${ORIGIN}\r\n`;
  const body = JSON.stringify({ responses: [npsResponse(1)] });
  const before = (await exportLines(server)).length;
  for (const [name, request] of Object.entries({
    'Content-Length and chunked (CL.TE)': `${head}Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${smuggled}`,
    'chunked and Content-Length (TE.CL)': `${head}Transfer-Encoding: chunked\r\nContent-Length: ${body.length}\r\n\r\n${body}${smuggled}`,
    'two Content-Lengths that differ': `${head}Content-Length: ${body.length}\r\nContent-Length: 0\r\n\r\n${body}${smuggled}`,
    'a Content-Length list': `${head}Content-Length: ${body.length}, 0\r\n\r\n${body}${smuggled}`,
  })) {
    const { text } = await rawExchange(server.port, request);
    assert.match(text, /^HTTP\/1\.1 400 /, name);
    assert.equal((text.match(/HTTP\/1\.1 /g) ?? []).length, 1, `${name}: one answer, nothing behind it`);
    assert.doesNotMatch(text, /"erased"/, name);
  }
  assert.equal((await exportLines(server)).length, before);
});

test('an obsolete folded header line is read as part of the header before it, never as a header of its own', async () => {
  const body = JSON.stringify({ responses: [] });
  // " Transfer-Encoding: chunked" continues X-Note: if it counted, the body would be read as chunks.
  const { text } = await rawExchange(server.port,
    `POST /v1/sites/shop/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nOrigin: ${ORIGIN}\r\n` +
    `X-Note: a\r\n Transfer-Encoding: chunked\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  assert.match(text, /^HTTP\/1\.1 400 /);
  assert.match(text, /"reason":"empty"/, 'the body was read by its Content-Length');
  assert.equal((text.match(/HTTP\/1\.1 /g) ?? []).length, 1);
});
