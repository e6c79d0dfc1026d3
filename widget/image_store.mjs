// Keeps byte images (the outbox database) in IndexedDB: one object store, one record per key.
// Each get/put is its own IndexedDB transaction, so a saved image is either all there or not at
// all; callers serialise their use across tabs with a Web Lock (see sada.js).
const DATABASE = 'sada';
const STORE = 'images';

function request(idbRequest) {
  return new Promise((resolve, reject) => {
    idbRequest.onsuccess = () => resolve(idbRequest.result);
    idbRequest.onerror = () => reject(idbRequest.error ?? new Error('IndexedDB request failed'));
  });
}

export async function openImageStore() {
  if (!globalThis.indexedDB) throw new Error('IndexedDB is not available');
  const opening = indexedDB.open(DATABASE, 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
  const db = await request(opening);
  const run = (mode, use) => {
    const transaction = db.transaction(STORE, mode);
    const result = request(use(transaction.objectStore(STORE)));
    return new Promise((resolve, reject) => {
      transaction.oncomplete = () => resolve(result);
      transaction.onabort = transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
    });
  };
  return {
    // The stored bytes, or an empty array when nothing was saved yet.
    async get(key) {
      const value = await run('readonly', (store) => store.get(key));
      return value instanceof Uint8Array ? value : new Uint8Array(0);
    },
    put: (key, bytes) => run('readwrite', (store) => store.put(bytes, key)),
  };
}
