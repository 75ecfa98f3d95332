/** Splits bytes at random places (seeded), down to one byte per chunk, to test parsers against any framing. */
export function* randomChunks(bytes: Uint8Array, seed: number, maxChunk = 64): Generator<Uint8Array> {
  let s = seed >>> 0 || 1;
  const next = () => ((s = (s * 1664525 + 1013904223) >>> 0), s);
  let i = 0;
  while (i < bytes.length) {
    const n = 1 + (next() % maxChunk);
    yield bytes.subarray(i, Math.min(bytes.length, i + n));
    i += n;
  }
}

export async function* asAsync(chunks: Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const c of chunks) yield c;
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
