// Delivers the outbox to the server (docs/protocol.md): batches, per-item acknowledgements,
// exponential backoff with jitter computed by core, Retry-After honoured, retries on load /
// online / visibility, and sendBeacon for what is pending when the page is hidden. Every outbox
// access is a transaction (see sada.js); none is held open while a request is on the network.
export function createDelivery({ call, transact, url, emit, now = () => Date.now(), random = Math.random }) {
  let timer = null;
  let running = null;

  function schedule(delayMs) {
    clearTimeout(timer);
    timer = setTimeout(() => { deliver(); }, Math.max(0, delayMs));
  }

  async function failed(ids, attempts, reason, retryAfterMs) {
    const attempt = Math.max(...attempts, 0) + 1;
    const delay = retryAfterMs ?? call('sada_retry_delay_ms', attempt, random()).delay_ms;
    await transact(() => call('sada_outbox_mark_failed', ids, now() + delay, reason));
    schedule(delay);
    emit('error', { reason, retry_in_ms: delay, pending: ids.length });
  }

  // One pass: send everything that is due, batch after batch, until the outbox is empty or a
  // request fails. `force` (page load, back online, page visible again) sends everything, whatever
  // its backoff says. Resolves with the number of answers still pending.
  async function deliverNow(force) {
    const tenYears = 10 * 365 * 24 * 3600 * 1000;
    for (;;) {
      const dueAt = force ? now() + tenYears : now();
      const batch = await transact(() => call('sada_outbox_next_batch', dueAt, 100, 0), { write: false });
      if (!batch.ok || batch.ids.length === 0) break;
      let response;
      try {
        response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' },
                                      body: batch.body, credentials: 'omit', keepalive: batch.body.length < 60000 });
      } catch (error) {
        await failed(batch.ids, batch.attempts, 'network error');
        break;
      }
      if (!response.ok) {
        const retryable = call('sada_is_retryable_status', response.status).retryable;
        if (retryable) {
          const header = response.headers.get('Retry-After');
          const after = header ? call('sada_retry_after_ms', header).delay_ms : undefined;
          await failed(batch.ids, batch.attempts, `HTTP ${response.status}`, after ?? undefined);
          break;
        }
        // Refused as a whole (4xx): retrying the same bytes cannot help. Drop them, loudly.
        console.warn(`Sada: the server refused ${batch.ids.length} answer(s) with HTTP ${response.status}; they are dropped.`);
        await transact(() => call('sada_outbox_apply_reply', batch.ids,
          { results: batch.ids.map((id) => ({ id, status: 'rejected', reason: `http_${response.status}` })) }));
        continue;
      }
      const reply = await response.text();
      const applied = await transact(() => call('sada_outbox_apply_reply', batch.ids, reply));
      if (!applied.ok) {
        await failed(batch.ids, batch.attempts, 'unreadable reply');
        break;
      }
      for (const item of applied.rejected) {
        console.warn(`Sada: answer ${item.id} was rejected by the server (${item.reason ?? item.message}); it is dropped.`);
      }
      emit('sync', { delivered: applied.delivered, rejected: applied.rejected.length, pending: applied.pending });
      if (applied.unanswered.length > 0) {
        await failed(applied.unanswered, batch.attempts, 'not acknowledged');
        break;
      }
    }
    return transact(() => call('sada_outbox_count').pending, { write: false });
  }

  function deliver({ force = false } = {}) {
    if (!running) running = deliverNow(force).finally(() => { running = null; });
    return running;
  }

  // The page is going away: hand what is due to the browser, which sends it even after unload.
  // The reply cannot be read, so the answers stay in the outbox; the next page load sends them
  // again and the server acknowledges them as duplicates. This reads this tab's copy at once
  // (no transaction: a page being hidden cannot wait for IndexedDB).
  function beacon() {
    const batch = call('sada_outbox_next_batch', now(), 100, 60000);
    if (batch.ok && batch.ids.length > 0 && navigator.sendBeacon) {
      navigator.sendBeacon(url, new Blob([batch.body], { type: 'text/plain;charset=UTF-8' }));
    }
  }

  return { deliver, beacon, schedule };
}
