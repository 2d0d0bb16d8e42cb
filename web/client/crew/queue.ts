/**
 * The phone's outbox, in IndexedDB (raw API, no library). Every outcome, run change and return-visit
 * resolution is written here first and only removed once the server has answered that it has it, so
 * a reload, a lost signal or a crash loses nothing. Items keep their order (auto-increment `seq`).
 *
 * Stores:
 * - outbox:   items waiting to be sent
 * - photos:   photo blobs waiting to be uploaded (an event names its photo by a device-chosen UUID)
 * - sent:     events the server has, kept so the stop list stays right offline until a fresh round
 *             sheet includes them
 * - rejected: items the server refused (4xx): kept and counted, never silently dropped
 */

export interface CrewEvent {
  id: string;
  uprn: string;
  service: string;
  date: string;
  outcome: string;
  note?: string;
  photo?: string;
  recordedAt: string;
}

export type OutboxItem =
  | { seq?: number; kind: 'event'; round: string; event: CrewEvent }
  | { seq?: number; kind: 'run'; run: { round: string; date: string; status: 'in_progress' | 'completed' } }
  | { seq?: number; kind: 'resolve'; round: string; date: string; reference: string; note?: string };

export interface Rejected {
  seq?: number;
  item: OutboxItem;
  status: number;
  code: string;
  message: string;
}

const DB_NAME = 'kerbside-crew';
const DB_VERSION = 1;

const done = (tx: IDBTransaction) =>
  new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });

const result = <T>(request: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

let opening: Promise<IDBDatabase> | undefined;
function open(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
      db.createObjectStore('photos', { keyPath: 'id' });
      db.createObjectStore('sent', { keyPath: 'id' }).createIndex('date', 'date');
      db.createObjectStore('rejected', { keyPath: 'seq', autoIncrement: true });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opening;
}

/** Adds an item (and its photo, in the same transaction); resolves to its seq. */
export async function enqueue(item: OutboxItem, photo?: { id: string; blob: Blob }): Promise<number> {
  const db = await open();
  const tx = db.transaction(['outbox', 'photos'], 'readwrite');
  if (photo) tx.objectStore('photos').put(photo);
  const seq = (await result(tx.objectStore('outbox').add(item))) as number;
  await done(tx);
  return seq;
}

export async function outbox(): Promise<OutboxItem[]> {
  const db = await open();
  return result(db.transaction('outbox').objectStore('outbox').getAll()) as Promise<OutboxItem[]>;
}

/** Removes one unsent item (undo); false when it is no longer there (already sent). */
export async function withdraw(seq: number): Promise<boolean> {
  const db = await open();
  const tx = db.transaction(['outbox', 'photos'], 'readwrite');
  const store = tx.objectStore('outbox');
  const item = (await result(store.get(seq))) as OutboxItem | undefined;
  if (item) {
    store.delete(seq);
    if (item.kind === 'event' && item.event.photo) tx.objectStore('photos').delete(item.event.photo);
  }
  await done(tx);
  return Boolean(item);
}

/** The server has these: drop them from the outbox and remember delivered events. */
export async function delivered(items: OutboxItem[]): Promise<void> {
  const db = await open();
  const tx = db.transaction(['outbox', 'sent'], 'readwrite');
  for (const item of items) {
    tx.objectStore('outbox').delete(item.seq!);
    if (item.kind === 'event') tx.objectStore('sent').put(item.event);
  }
  await done(tx);
}

export async function reject(item: OutboxItem, status: number, code: string, message: string): Promise<void> {
  const db = await open();
  const tx = db.transaction(['outbox', 'rejected'], 'readwrite');
  tx.objectStore('outbox').delete(item.seq!);
  tx.objectStore('rejected').add({ item, status, code, message } satisfies Rejected);
  await done(tx);
}

export async function rejected(): Promise<Rejected[]> {
  const db = await open();
  return result(db.transaction('rejected').objectStore('rejected').getAll()) as Promise<Rejected[]>;
}

export async function photo(id: string): Promise<Blob | undefined> {
  const db = await open();
  const row = (await result(db.transaction('photos').objectStore('photos').get(id))) as { blob: Blob } | undefined;
  return row?.blob;
}

export async function photoUploaded(id: string): Promise<void> {
  const db = await open();
  const tx = db.transaction('photos', 'readwrite');
  tx.objectStore('photos').delete(id);
  await done(tx);
}

/** Delivered events for a collection date (to show outcomes the cached round sheet predates). */
export async function sentOn(date: string): Promise<CrewEvent[]> {
  const db = await open();
  return result(db.transaction('sent').objectStore('sent').index('date').getAll(date)) as Promise<CrewEvent[]>;
}

/** Forgets delivered events a fresh round sheet already shows, and any older than `before`. */
export async function forgetSent(ids: string[], before: string): Promise<void> {
  const db = await open();
  const tx = db.transaction('sent', 'readwrite');
  const store = tx.objectStore('sent');
  for (const id of ids) store.delete(id);
  store.index('date').openKeyCursor(IDBKeyRange.upperBound(before, true)).onsuccess = function () {
    const cursor = this.result;
    if (cursor) {
      store.delete(cursor.primaryKey);
      cursor.continue();
    }
  };
  await done(tx);
}
