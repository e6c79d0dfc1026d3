// Tests of the wasm module's exported API (widget/bindings.cpp) as the widget's JavaScript uses it:
// survey and response validation, response ids, and the outbox round trip with a server reply.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCore, moduleDir } from './load_core.mjs';

const globalsBefore = new Set(Object.getOwnPropertyNames(globalThis));
const { call, takeBytes } = await loadCore();

const survey = {
  id: 'support-csat',
  version: 1,
  title: { en: 'How did we do?', fa: 'چطور بودیم؟' },
  questions: [
    { id: 'csat', type: 'csat', required: true, text: { en: 'How satisfied were you?', fa: 'چقدر راضی بودید؟' } },
    { id: 'why', type: 'text', max_length: 20, text: { en: 'Why?', fa: 'چرا؟' },
      show_if: { question: 'csat', op: 'lte', value: 3 } },
  ],
};

function response(id, answers) {
  return { id, survey_id: 'support-csat', survey_version: 1, submitted_at: '2026-11-23T04:46:29.123Z',
           answers, context: { stage: 'post-purchase', locale: 'fa', visitor: 'v-1' } };
}

test('the module is an ES module whose factory adds no globals (no Module, no AMD define call)', () => {
  const added = Object.getOwnPropertyNames(globalThis).filter((name) => !globalsBefore.has(name));
  assert.deepEqual(added, []);
  const source = readFileSync(path.join(moduleDir, 'sada-core.mjs'), 'utf8');
  assert.match(source, /export default createSadaCore;\s*$/);
  assert.doesNotMatch(source, /define\(\[\]/, 'a RequireJS page would see an anonymous define()');
  assert.equal(call('sada_version').protocol, 1);
});

test('survey validation returns the definition with defaults, or every problem with its path', () => {
  const good = call('sada_validate_survey', JSON.stringify(survey));
  assert.equal(good.ok, true);
  assert.deepEqual(good.survey.questions[0].scale, { min: 1, max: 5 });
  assert.equal(good.survey.throttle.not_again_for_days, 30);

  const bad = call('sada_validate_survey', JSON.stringify({ ...survey, version: 'one', questions: [] }));
  assert.equal(bad.ok, false);
  const paths = bad.problems.map((p) => `${p.path} ${p.reason}`).sort();
  assert.deepEqual(paths, ['/questions empty', '/version wrong_type']);
});

test('response validation counts Persian text in characters and enforces show_if', () => {
  const id = call('sada_new_response_id').id;
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const persian20 = 'خ'.repeat(20);  // 40 bytes, 20 characters: fits max_length 20
  const fits = call('sada_validate_response', JSON.stringify(survey), JSON.stringify(response(id, { csat: 2, why: persian20 })));
  assert.equal(fits.ok, true, JSON.stringify(fits));
  const hidden = call('sada_validate_response', JSON.stringify(survey), JSON.stringify(response(id, { csat: 5, why: 'great' })));
  assert.equal(hidden.ok, false);
  assert.equal(hidden.problems[0].reason, 'hidden_question_answered');
});

test('the outbox keeps answers until the server acknowledges them, and stores an id once', () => {
  assert.equal(call('sada_outbox_open', new Uint8Array(0), 0).ok, true);
  const now = Date.parse('2026-11-23T05:00:00Z');
  const ids = [0, 1, 2].map(() => call('sada_new_response_id').id);
  for (const id of ids) assert.equal(call('sada_outbox_enqueue', JSON.stringify(response(id, { csat: 4 })), now).stored, true);
  assert.equal(call('sada_outbox_enqueue', JSON.stringify(response(ids[0], { csat: 4 })), now).stored, false);
  assert.equal(call('sada_outbox_count').pending, 3);

  const batch = call('sada_outbox_next_batch', now, 100, 0);
  assert.deepEqual(batch.ids, ids);  // time-ordered ids come out in the order they were made
  assert.deepEqual(batch.attempts, [0, 0, 0]);
  assert.equal(JSON.parse(batch.body).responses[1].id, ids[1]);

  // The server accepted one, had seen one before, rejected one, and did not answer for none.
  const reply = { results: [
    { id: ids[0], status: 'accepted' },
    { id: ids[1], status: 'duplicate' },
    { id: ids[2], status: 'rejected', reason: 'unknown_survey', message: 'no such survey' },
  ] };
  const applied = call('sada_outbox_apply_reply', JSON.stringify(batch.ids), JSON.stringify(reply));
  assert.equal(applied.ok, true);
  assert.equal(applied.delivered, 2);
  assert.deepEqual(applied.rejected.map((r) => r.reason), ['unknown_survey']);
  assert.equal(applied.pending, 0);
});

test('a reply that is not the protocol leaves the outbox untouched', () => {
  const now = Date.parse('2026-11-23T05:00:00Z');
  const id = call('sada_new_response_id').id;
  call('sada_outbox_enqueue', JSON.stringify(response(id, { csat: 1 })), now);
  const applied = call('sada_outbox_apply_reply', JSON.stringify([id]), '<html>502 Bad Gateway</html>');
  assert.equal(applied.ok, false);
  assert.equal(applied.error.code, 'invalid_reply');
  assert.equal(call('sada_outbox_count').pending, 1);
});

test('a failed delivery is retried later, with the attempt counted', () => {
  const now = Date.parse('2026-11-24T00:00:00Z');
  const { ids } = call('sada_outbox_next_batch', now, 100, 0);
  assert.equal(ids.length, 1);  // the item the 502 left behind
  const delay = call('sada_retry_delay_ms', 1, 0.5).delay_ms;
  assert.equal(delay, 2000);
  assert.equal(call('sada_outbox_mark_failed', JSON.stringify(ids), now + delay, 'HTTP 503').ok, true);
  assert.deepEqual(call('sada_outbox_next_batch', now, 100, 0).ids, []);  // not due yet
  const later = call('sada_outbox_next_batch', now + delay, 100, 0);
  assert.deepEqual(later.ids, ids);
  assert.deepEqual(later.attempts, [1]);
  call('sada_outbox_apply_reply', JSON.stringify(ids), JSON.stringify({ results: [{ id: ids[0], status: 'accepted' }] }));
});

test('a batch for sendBeacon stays under its byte budget, but always carries one item', () => {
  const now = Date.parse('2026-11-24T00:00:00Z');
  const long = 'ن'.repeat(20);
  for (let i = 0; i < 10; i++) {
    call('sada_outbox_enqueue', JSON.stringify(response(call('sada_new_response_id').id, { csat: 2, why: long })), now);
  }
  const small = call('sada_outbox_next_batch', now, 100, 1000);
  assert.ok(small.ids.length >= 1 && small.ids.length < 10, `${small.ids.length} items`);
  assert.ok(new TextEncoder().encode(small.body).length <= 1000);
  assert.equal(call('sada_outbox_next_batch', now, 100, 10).ids.length, 1);
  assert.equal(call('sada_outbox_next_batch', now, 100, 0).ids.length, 10);
});

test('the outbox drops what is older than 30 days, and says which', () => {
  const later = Date.parse('2026-11-24T00:00:00Z') + 31 * 24 * 3600 * 1000;
  const pruned = call('sada_outbox_prune', later);
  assert.equal(pruned.ok, true);
  assert.equal(pruned.expired.length, 10);
  assert.deepEqual(pruned.overflow, []);
  assert.equal(call('sada_outbox_count').pending, 0);
});

test('text with a lone surrogate (cut mid-emoji) is stored, made well-formed', () => {
  const id = call('sada_new_response_id').id;
  const cut = '😀'.slice(0, 1);  // a lone high surrogate: JSON.stringify keeps it as \ud83d
  const stored = call('sada_outbox_enqueue', response(id, { csat: 1, why: `bad ${cut}` }), Date.now());
  assert.equal(stored.ok, true, JSON.stringify(stored));
  const batch = call('sada_outbox_next_batch', Date.now(), 100, 0);
  assert.equal(JSON.parse(batch.body).responses.at(-1).answers.why, 'bad \uFFFD');
  call('sada_outbox_apply_reply', JSON.stringify(batch.ids), JSON.stringify({ results: batch.ids.map((i) => ({ id: i, status: 'accepted' })) }));
});

test('malformed input is an error value, never a crash', () => {
  assert.equal(call('sada_outbox_enqueue', '{"id": ', 0).error.code, 'invalid_json');
  assert.equal(call('sada_outbox_enqueue', '['.repeat(100000) + ']'.repeat(100000), 0).error.code, 'too_deep');
  const id = call('sada_new_response_id').id;
  // Date.now() forgotten: undefined becomes NaN, which must not be stored as some time.
  assert.equal(call('sada_outbox_enqueue', JSON.stringify(response(id, { csat: 3 })), undefined).error.code, 'invalid_time');
  assert.equal(call('sada_validate_survey', '\u0000').ok, false);
  const noId = call('sada_outbox_enqueue', JSON.stringify({ survey_id: 'x' }), 0);
  assert.equal(noId.error.code, 'invalid_response');
});

test('core decides when a survey shows, and remembers what the visitor did', () => {
  const now = Date.parse('2026-11-24T00:00:00Z');
  const timed = { ...survey, id: 'timed', trigger: { on: 'page_load', delay_seconds: 3, url: { exclude: ['/checkout/*'] } },
                  throttle: { not_again_for_days: 30, never_after_completion: true } };
  const decide = (context) => call('sada_decide_show', JSON.stringify(timed),
    JSON.stringify({ moment: 'page_load', path: '/', visitor: 'v-1', now_ms: now, shown_this_session: false, ...context }));
  assert.deepEqual([decide({}).verdict, decide({}).delay_ms], ['show', 3000]);
  assert.equal(decide({ path: '/checkout/pay' }).verdict, 'wrong_page');
  assert.equal(decide({ shown_this_session: true }).verdict, 'session_limit');
  assert.equal(call('sada_throttle_record', 'timed', 'dismissed', now).ok, true);
  const tooSoon = decide({});
  assert.equal(tooSoon.verdict, 'too_soon');
  assert.equal(tooSoon.eligible_again_at_ms, now + 30 * 24 * 3600 * 1000);
  assert.equal(call('sada_throttle_record', 'timed', 'completed', now).ok, true);
  assert.equal(decide({ now_ms: now + 365 * 24 * 3600 * 1000 }).verdict, 'completed');
  assert.equal(decide({ moment: 'manual' }).verdict, 'show');
  assert.equal(decide({ moment: 'hover' }).error.code, 'invalid_value');
  assert.equal(decide({ moment: 5 }).error.code, 'invalid_value');  // a wrong type is an error value, not an abort
  assert.equal(decide({ moment: 'scroll', scroll_percent: 1e300 }).verdict, 'wrong_moment');  // clamped, and still answered
});

test('journey stages from url rules, and the survey list cached for offline loads', () => {
  const rules = JSON.stringify([{ pattern: '/checkout/*', stage: 'purchase' }, { pattern: '/', stage: 'awareness' }]);
  assert.equal(call('sada_stage_for_path', rules, '/checkout/pay').stage, 'purchase');
  assert.equal(call('sada_stage_for_path', rules, '/blog').stage, null);
  assert.equal(call('sada_stage_for_path', '[{"pattern": "/x"}]', '/x').error.code, 'invalid_stage_rules');
  assert.equal(call('sada_surveys_get', 'shop').cached, false);
  const body = JSON.stringify({ surveys: [survey] });
  assert.equal(call('sada_surveys_put', 'shop', '"abc"', body, Date.parse('2026-11-24T00:00:00Z')).ok, true);
  const cached = call('sada_surveys_get', 'shop');
  assert.deepEqual([cached.cached, cached.etag, JSON.parse(cached.body).surveys[0].id], [true, '"abc"', 'support-csat']);
});

test('the outbox image carries the outbox over to a new one, and a damaged image is refused', () => {
  assert.equal(call('sada_outbox_open', new Uint8Array(0), 0).ok, true);
  const now = Date.parse('2026-11-23T05:00:00Z');
  const id = call('sada_new_response_id').id;
  assert.equal(call('sada_outbox_enqueue', JSON.stringify(response(id, { csat: 5 })), now).stored, true);
  const image = call('sada_outbox_image');
  assert.equal(image.ok, true);
  const bytes = takeBytes(image.pointer, image.size);
  assert.equal(new TextDecoder().decode(bytes.slice(0, 15)), 'SQLite format 3');

  assert.equal(call('sada_outbox_open', new Uint8Array(0), 0).ok, true);
  assert.equal(call('sada_outbox_count').pending, 0);
  assert.equal(call('sada_outbox_open', bytes, bytes.length).ok, true);
  assert.equal(call('sada_outbox_count').pending, 1);
  assert.deepEqual(call('sada_outbox_next_batch', now, 10, 0).ids, [id]);

  const damaged = bytes.slice(0, 100);
  const refused = call('sada_outbox_open', damaged, damaged.length);
  assert.equal(refused.ok, false);
  assert.equal(call('sada_outbox_count').error.code, 'outbox_closed');
});

test('visitor messages: the built-in survey localizes, a message goes into the outbox as a message, a bad one is refused', () => {
  const { survey } = call('sada_message_survey');
  assert.equal(survey.id, '_message');
  const fa = call('sada_localize_survey', JSON.stringify(survey), 'fa');
  assert.equal(fa.ok, true, JSON.stringify(fa));
  assert.equal(fa.dir, 'rtl');
  assert.equal(fa.survey.questions[0].max_length, 2000);
  assert.equal(call('sada_outbox_open', new Uint8Array(0), 0).ok, true);
  const now = Date.parse('2026-11-23T08:00:00Z');
  const message = (text) => JSON.stringify({ ...response(call('sada_new_response_id').id, {}), survey_id: '_message', survey_version: 1, answers: { message: text } });
  assert.equal(call('sada_outbox_enqueue', message('سفارشم کجاست؟'), now).stored, true);
  const tooLong = call('sada_outbox_enqueue', message('x'.repeat(2001)), now);
  assert.equal(tooLong.ok, false);
  assert.equal(tooLong.problems[0].reason, 'too_long');
  assert.equal(call('sada_outbox_count').pending, 1);
  assert.equal(JSON.parse(call('sada_outbox_next_batch', now, 10, 0).body).responses[0].answers.message, 'سفارشم کجاست؟');
});
