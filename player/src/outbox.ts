import { MAX_PLAYS_PER_BATCH, type PlayRecord, playIdAt } from '@loa/protocol';

/**
 * Proof of play kept in IndexedDB until the server acknowledges it: written when a play ends,
 * so reloads, crashes and days offline lose nothing; sent in batches, deleted once acknowledged.
 */
export class Outbox {
  private constructor(private readonly db: IDBDatabase) {}

  static open(): Promise<Outbox> {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open('loa-player', 1);
      request.onupgradeneeded = () => request.result.createObjectStore('plays', { keyPath: 'playId' });
      request.onsuccess = () => resolve(new Outbox(request.result));
      request.onerror = () => reject(request.error ?? new Error('IndexedDB unavailable'));
    });
  }

  add(record: PlayRecord): Promise<void> {
    return this.transaction('readwrite', (store) => store.put(record)).then(() => undefined);
  }

  /** The oldest records waiting, at most one batch. */
  next(): Promise<PlayRecord[]> {
    return new Promise((resolve, reject) => {
      const out: PlayRecord[] = [];
      const request = this.db.transaction('plays').objectStore('plays').openCursor();
      request.onsuccess = () => {
        const cursor = request.result;
        if (!cursor || out.length >= MAX_PLAYS_PER_BATCH)
          return resolve(out.sort((a, b) => a.startedAt.localeCompare(b.startedAt)));
        out.push(cursor.value as PlayRecord);
        cursor.continue();
      };
      request.onerror = () => reject(request.error ?? new Error('IndexedDB read failed'));
    });
  }

  remove(ids: readonly string[]): Promise<void> {
    return this.transaction('readwrite', (store) => {
      let last: IDBRequest | null = null;
      for (const id of ids) last = store.delete(id);
      return last;
    }).then(() => undefined);
  }

  count(): Promise<number> {
    return this.transaction('readonly', (store) => store.count()).then((n) => n as number);
  }

  private transaction(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest | null): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const tx = this.db.transaction('plays', mode);
      const request = work(tx.objectStore('plays'));
      tx.oncomplete = () => resolve(request?.result);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
    });
  }
}

/** A time-ordered play id (see playIdAt), also where crypto.randomUUID is missing (older WebViews, plain http). */
export function newPlayId(startedAtMs: number): string {
  return playIdAt(startedAtMs, crypto.getRandomValues(new Uint8Array(10)));
}
