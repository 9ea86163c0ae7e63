/**
 * A map from strings to values that is looked up with a range of a longer text, so the tokenizer
 * finds a word's entry without cutting the word out first: a hit allocates nothing (a Map would need
 * the sliced string, and hash it). Open addressing with linear probing, at most half full.
 */
export class SubstringMap<V> {
  private keys: string[] = [];
  private values: V[] = [];
  private hashes: number[] = [];
  /** Index + 1 into keys/values/hashes; 0 marks an empty slot. */
  private slots = new Int32Array(1024);
  private mask = 1023;

  get size(): number {
    return this.keys.length;
  }

  /** The value stored for text[start..end), or undefined. `hash` is substringHash(text, start, end). */
  get(text: string, start: number, end: number, hash: number): V | undefined {
    const length = end - start;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const index = this.slots[slot]! - 1;
      if (index < 0) return undefined;
      if (this.hashes[index] !== hash) continue;
      const key = this.keys[index]!;
      if (key.length === length && text.startsWith(key, start)) return this.values[index];
    }
  }

  /** Stores a key that is not in the map yet. */
  add(key: string, hash: number, value: V): void {
    if ((this.keys.length + 1) * 2 > this.slots.length) this.grow();
    this.keys.push(key);
    this.values.push(value);
    this.hashes.push(hash);
    this.place(hash, this.keys.length);
  }

  clear(): void {
    this.keys = [];
    this.values = [];
    this.hashes = [];
    this.slots.fill(0);
  }

  private place(hash: number, indexPlusOne: number): void {
    let slot = hash & this.mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = indexPlusOne;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.mask = this.slots.length - 1;
    for (let i = 0; i < this.hashes.length; i++) this.place(this.hashes[i]!, i + 1);
  }
}

/** FNV-1a over text[start..end), mixed so that the low bits (the slot) depend on every character. */
export function substringHash(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 15)) | 0;
}
