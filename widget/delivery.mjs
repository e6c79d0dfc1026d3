// Delivers the outbox to the server (docs/protocol.md): batches, per-item acknowledgements,
// exponential backoff with jitter computed by core, Retry-After honoured, retries on load /
// online / visibility, and sendBeacon for what is pending when the page is hidden. Every outbox
// access is a transaction (see sada.js); none is held open while a request is on the network.
export function createDelivery({ call, transact, url, emit, now = () => Date.now(), random = Math.random }) {
  const maxBytes = 60000;  // per request: under the keepalive limit and the server's body limit
  let timer = null;
  let running = null;
  let forceAgain = false;

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
    let limit = 100;  // drops to 1 when the server refuses a whole batch, to find the bad answer
    for (;;) {
      const dueAt = force ? now() + tenYears : now();
      const batch = await transact(() => call('sada_outbox_next_batch', dueAt, limit, maxBytes), { write: false });
      if (!batch.ok || batch.ids.length === 0) break;
      let response;
      try {
        const bytes = new Blob([batch.body]).size;  // UTF-8 bytes, not UTF-16 characters
        response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' },
                                      body: batch.body, credentials: 'omit', keepalive: bytes < maxBytes });
      } catch (error) {
        await failed(batch.ids, batch.attempts, 'network error');
        break;
      }
      if (!response.ok) {
        const status = response.status;
        // A batch refused as a whole (400 or 413) is sent again one answer at a time, so one bad
        // answer cannot take the others with it; a single answer refused so is dropped, loudly.
        if ((status === 400 || status === 413) && batch.ids.length > 1) {
          limit = 1;
          continue;
        }
        if (status === 400 || status === 413) {
          console.warn(`Sada: the server refused answer ${batch.ids[0]} with HTTP ${status}; it is dropped.`);
          await transact(() => call('sada_outbox_apply_reply', batch.ids,
            { results: [{ id: batch.ids[0], status: 'rejected', reason: `http_${status}` }] }));
          continue;
        }
        // Anything else (network trouble, 429, 5xx, or a misconfiguration such as 403/404) may
        // pass: keep the answers and try again later.
        const header = response.headers.get('Retry-After');
        const after = header ? call('sada_retry_after_ms', header).delay_ms : undefined;
        await failed(batch.ids, batch.attempts, `HTTP ${status}`, after ?? undefined);
        break;
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

  // A forced send asked for while a pass runs gets a pass of its own right after.
  function deliver({ force = false } = {}) {
    if (running) {
      if (force) forceAgain = true;
      return running;
    }
    running = deliverNow(force).catch((error) => {
      emit('error', { reason: error.message });  // never an unhandled rejection in the host page
      return undefined;
    }).finally(() => {
      running = null;
      if (forceAgain) {
        forceAgain = false;
        deliver({ force: true });
      }
    });
    return running;
  }

  // The page is going away: hand what is due to the browser, which sends it even after unload.
  // The reply cannot be read, so the answers stay in the outbox; the next page load sends them
  // again and the server acknowledges them as duplicates. This reads this tab's copy at once
  // (no transaction: a page being hidden cannot wait for IndexedDB).
  function beacon() {
    const everything = now() + 10 * 365 * 24 * 3600 * 1000;  // waiting on a retry or not
    const batch = call('sada_outbox_next_batch', everything, 100, maxBytes);
    if (batch.ok && batch.ids.length > 0 && navigator.sendBeacon) {
      navigator.sendBeacon(url, new Blob([batch.body], { type: 'text/plain;charset=UTF-8' }));
    }
  }

  return { deliver, beacon, schedule };
}
