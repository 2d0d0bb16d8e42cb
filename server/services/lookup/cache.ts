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

  get size(): number {
    return this.map.size;
  }

  /** The sum of the entries' declared sizes. */
  get bytes(): number {
    return this.total;
  }
}
