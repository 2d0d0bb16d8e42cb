/**
 * Sends the outbox to the server: events in batches of up to 100 (in order, photos uploaded first),
 * run changes and return-visit resolutions one by one. An item leaves the outbox only once the
 * server has answered that it has it; event ids make every retry harmless.
 *
 * - network error, 408, 429 or 5xx: keep everything, try again later with exponential backoff
 *   (1 s doubling to 60 s, with jitter), or at once when the phone comes back online
 * - 401: the session has gone; keep everything and wait for sign-in
 * - 409 on a run or resolution: the server already has that state; done
 * - other 4xx: the server will never take it; a batch is retried event by event (or without the
 *   events the server names) so only the refused ones move to "rejected", where they are counted
 */
import * as store from './queue.ts';
import type { OutboxItem } from './queue.ts';

export const BATCH_SIZE = 100;
/** The latest tap stays on the phone this long, so "Undo" can still take it back. */
export const UNDO_HOLD_MS = 8000;
const MAX_BACKOFF_MS = 60_000;

export interface SenderHooks {
  /** The outbox changed (count to show). */
  changed(): void;
  /** The server said 401. */
  signedOut(): void;
  /** The seq the page is holding back for undo, if any. */
  held(): number | undefined;
  /** The server has these items now. */
  delivered?(items: OutboxItem[]): void;
}

type Outcome = 'done' | 'retry' | 'signed_out' | 'split';

interface ErrorBody {
  error?: { code?: string; message?: string; eventIds?: string[] };
}

export class Sender {
  /** Seqs being sent right now: undo must not withdraw these. */
  readonly inFlight = new Set<number>();
  private running = false;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private paused = false;

  constructor(private hooks: SenderHooks) {}

  /** Sends soon (a short pause lets quick taps travel together). */
  kick(delayMs = 300): void {
    if (this.paused) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), delayMs);
  }

  /** After sign-in: start again from a clean backoff. */
  resume(): void {
    this.paused = false;
    this.failures = 0;
    this.kick(0);
  }

  async flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        const result = await this.sendAll();
        if (result === 'signed_out') {
          this.paused = true;
          this.hooks.signedOut();
          return;
        }
        if (result === 'retry') {
          this.failures++;
          const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (this.failures - 1));
          this.kick(base / 2 + Math.random() * (base / 2));
          return;
        }
        this.failures = 0;
      } while (this.again);
    } finally {
      this.running = false;
      this.hooks.changed();
    }
  }

  private async sendAll(): Promise<'done' | 'retry' | 'signed_out'> {
    for (;;) {
      const held = this.hooks.held();
      const items = (await store.outbox()).filter((i) => i.seq !== held);
      if (items.length === 0) {
        if (held !== undefined) this.kick(UNDO_HOLD_MS);
        return 'done';
      }
      const head = items[0];
      let batch: OutboxItem[] = [head];
      if (head.kind === 'event') {
        batch = [];
        for (const item of items) {
          if (item.kind !== 'event' || batch.length === BATCH_SIZE) break;
          batch.push(item);
        }
      }
      for (const item of batch) this.inFlight.add(item.seq!);
      let outcome: Outcome;
      try {
        outcome = await this.send(batch);
      } finally {
        this.inFlight.clear();
      }
      if (outcome === 'retry' || outcome === 'signed_out') return outcome;
      this.hooks.changed();
    }
  }

  private async send(batch: OutboxItem[]): Promise<Outcome> {
    const head = batch[0];
    if (head.kind === 'event') {
      for (const item of batch) {
        const id = item.kind === 'event' ? item.event.photo : undefined;
        if (!id) continue;
        const outcome = await this.uploadPhoto(id);
        if (outcome !== 'done') return outcome;
      }
      return this.post('/api/v1/crew/events', { events: batch.map((i) => (i.kind === 'event' ? i.event : null)) }, batch);
    }
    if (head.kind === 'run') return this.post('/api/v1/crew/runs', head.run, batch);
    return this.post(
      `/api/v1/crew/return-visits/${encodeURIComponent(head.reference)}/resolve`,
      head.note ? { note: head.note } : {},
      batch,
    );
  }

  private async uploadPhoto(id: string): Promise<Outcome> {
    const blob = await store.photo(id);
    if (!blob) return 'done'; // uploaded before (or never kept): the event still goes
    let res: Response;
    try {
      res = await fetch(`/api/v1/crew/photos?id=${id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: blob,
        credentials: 'same-origin',
      });
    } catch {
      return 'retry';
    }
    if (res.status === 401) return 'signed_out';
    if (res.ok || (res.status >= 400 && res.status < 500 && ![408, 429].includes(res.status))) {
      // A photo the server refuses (wrong type, too big) is dropped; the outcome itself still counts.
      await store.photoUploaded(id);
      return 'done';
    }
    return 'retry';
  }

  private async post(url: string, body: unknown, batch: OutboxItem[]): Promise<Outcome> {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        credentials: 'same-origin',
      });
    } catch {
      return 'retry';
    }
    if (res.ok) {
      await store.delivered(batch);
      this.hooks.delivered?.(batch);
      return 'done';
    }
    if (res.status === 401) return 'signed_out';
    if (res.status === 408 || res.status === 429 || res.status >= 500) return 'retry';
    if (res.status === 409 && batch[0].kind !== 'event') {
      await store.delivered(batch);
      return 'done';
    }
    const error = ((await res.json().catch(() => ({}))) as ErrorBody).error ?? {};
    const code = error.code ?? `http_${res.status}`;
    const message = error.message ?? res.statusText;
    if (batch.length > 1) {
      // Set aside the events the server named, or else send one by one to find the refused ones.
      const named = new Set(error.eventIds ?? []);
      const refused = batch.filter((i) => i.kind === 'event' && named.has(i.event.id));
      if (refused.length) {
        for (const item of refused) await store.reject(item, res.status, code, message);
        return 'split';
      }
      for (const item of batch) {
        const one = await this.send([item]);
        if (one === 'retry' || one === 'signed_out') return one;
      }
      return 'split';
    }
    await store.reject(batch[0], res.status, code, message);
    return 'done';
  }
}
