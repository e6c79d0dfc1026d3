// Keeps byte images (the outbox database) in IndexedDB: one object store, one record per key.
// Each get/put is its own IndexedDB transaction, so a saved image is either all there or not at
// all, and a put resolves only once it is committed to disk ("strict" durability). Callers
// serialise their use across tabs with a Web Lock (see sada.js).
const DATABASE = 'sada';
const STORE = 'images';

function request(idbRequest) {
  return new Promise((resolve, reject) => {
    idbRequest.onsuccess = () => resolve(idbRequest.result);
    idbRequest.onerror = () => reject(idbRequest.error ?? new Error('IndexedDB request failed'));
  });
}

function connect() {
  const opening = indexedDB.open(DATABASE, 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
  return request(opening);
}

export async function openImageStore() {
  if (!globalThis.indexedDB) throw new Error('IndexedDB is not available');
  let db = null;
  // The browser may close the connection (storage cleared, another version opening): reconnect.
  const connection = async () => {
    if (!db) {
      db = await connect();
      const forget = () => { db?.close(); db = null; };
      db.onclose = forget;
      db.onversionchange = forget;
    }
    return db;
  };
  await connection();
  const run = async (mode, use) => {
    const transaction = (await connection()).transaction(STORE, mode, { durability: 'strict' });
    const pending = use(transaction.objectStore(STORE));
    let failure = null;
    pending.onerror = () => { failure = pending.error; };
    return new Promise((resolve, reject) => {
      transaction.oncomplete = () => resolve(pending.result);
      transaction.onabort = () => reject(failure ?? transaction.error ?? new Error('IndexedDB transaction aborted'));
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
