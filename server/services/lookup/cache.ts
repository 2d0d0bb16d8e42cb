/** A bounded map that forgets the least recently used entry first (Map keeps insertion order). */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>();
  constructor(readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }
}

/** An LRU bounded by the total size its entries declare (bytes, roughly) as well as by count. */
export class SizedLruCache<K, V> {
  private readonly map = new Map<K, { value: V; size: number }>();
  private total = 0;
  constructor(readonly maxSize: number, readonly capacity = Number.MAX_SAFE_INTEGER) {}

  get(key: K): V | undefined {
    const hit = this.map.get(key);
    if (hit === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, hit);
    return hit.value;
  }

  set(key: K, value: V, size: number): void {
    this.delete(key);
    if (size > this.maxSize) return;
    this.map.set(key, { value, size });
    this.total += size;
    while (this.total > this.maxSize || this.map.size > this.capacity) this.delete(this.map.keys().next().value as K);
  }

  delete(key: K): void {
    const hit = this.map.get(key);
    if (hit === undefined) return;
    this.map.delete(key);
    this.total -= hit.size;
  }

  /** The entry under `key` now holds `bytes` more (a memo added to it); may evict others. */
  grow(key: K, bytes: number): void {
    const hit = this.map.get(key);
    if (hit === undefined) return;
    hit.size += bytes;
    this.total += bytes;
    while (this.total > this.maxSize && this.map.size > 1) {
      const oldest = this.map.keys().next().value as K;
      if (oldest === key) break;
      this.delete(oldest);
    }
  }

  get size(): number {
    return this.map.size;
  }

  /** The sum of the entries' declared sizes. */
  get bytes(): number {
    return this.total;
  }
}

/**
 * A rough count of the bytes a plain value holds on the heap (strings, numbers, arrays, plain
 * objects, Dates; maps and functions are not walked): for caches bounded by size. Calibrated
 * against `bun:jsc` heapStats on the lookup cache (docs/scale.md): within a factor of ~1.5.
 */
export function roughBytes(value: unknown, depth = 0): number {
  if (value === null || value === undefined) return 8;
  switch (typeof value) {
    case 'string': return 24 + value.length; // JSC keeps Latin-1 text at a byte a character
    case 'number': case 'boolean': case 'bigint': return 16;
    case 'object': break;
    default: return 16;
  }
  if (depth > 8) return 64;
  if (value instanceof Date) return 48;
  if (ArrayBuffer.isView(value)) return 64 + value.byteLength;
  if (Array.isArray(value)) {
    let n = 32 + value.length * 8;
    for (const v of value) n += roughBytes(v, depth + 1);
    return n;
  }
  if (value instanceof Map || value instanceof Set) return 64;
  let n = 48;
  for (const k in value) n += 16 + roughBytes((value as Record<string, unknown>)[k], depth + 1);
  return n;
}
