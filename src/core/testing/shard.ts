import { createHash } from 'node:crypto';

export interface Shard {
  /** 1-based: shard i of n, as CI matrices count. */
  index: number;
  count: number;
}

/** Reads `i/n` (1 ≤ i ≤ n), or says what is wrong with it. */
export function parseShard(text: string): Shard | string {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return `--shard takes i/n, like 2/4 (got "${text}")`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) return `--shard ${text}: i must be between 1 and n`;
  return { index, count };
}

/**
 * Whether a case belongs to a shard: by a hash of its id, so the split is the same on every machine and for
 * every order the cases are read in, and the n shards together hold every case exactly once.
 */
export function inShard(caseId: string, shard: Shard | undefined): boolean {
  if (!shard || shard.count === 1) return true;
  const h = createHash('sha1').update(caseId).digest().readUInt32BE(0);
  return (h % shard.count) + 1 === shard.index;
}
