import { createParser, type ParseError } from 'eventsource-parser';
import type { RawSseEvent } from './rawEvent';

export interface SseReadOptions {
  /** Called with the parser's complaints (unknown fields, over-long buffers); parsing goes on. */
  onParseError?: (error: ParseError) => void;
  /** Largest partial line or event the parser may buffer, in characters. */
  maxBufferSize?: number;
  /** Sees each chunk of bytes as it arrives (the stream opener keeps the first ones to explain a non-SSE body). */
  onChunk?: (chunk: Uint8Array) => void;
}

/**
 * Turns a byte stream into SSE events with eventsource-parser (WHATWG framing: LF, CRLF or CR line ends,
 * one optional space after the colon, multi-line data joined with "\n", comments and `retry:` ignored).
 * Bytes are decoded with a streaming TextDecoder so multi-byte characters split across chunks survive.
 * At the end of the stream an event that lacks its final blank line is still dispatched, as the SDKs'
 * own fixtures end that way.
 */
export async function* readSse(body: AsyncIterable<Uint8Array>, options: SseReadOptions = {}): AsyncGenerator<RawSseEvent> {
  for await (const batch of readSseBatches(body, options)) yield* batch;
}

/**
 * Text is handed to the parser at most this many bytes at a time. The text of a 64 KB chunk can be 128 KB
 * (two bytes per character once it holds any CJK), past V8's large-object threshold: such strings, kept
 * alive by the events sliced from them, get promoted wholesale and make the collector's work explode (seen
 * as runs at 0.6× their usual speed). Pieces of 32 KB stay ordinary young strings.
 */
const SLICE = 32 * 1024;
const LF = 0x0a;
const STREAM = { stream: true };

/**
 * The same, a chunk's events at a time: one asynchronous step per network chunk rather than per event,
 * which is what keeps a stream of many small events cheap.
 *
 * Where the bytes are cut changes nothing of what the parser sees (one streaming decoder, text fed in
 * order), only what it costs. The parser keeps the unfinished last line of what it was fed and joins it to
 * the next text: a copy of all that text. So a chunk's first line is fed alone (finishing the line left
 * over from the chunk before is then a short join), and the rest in pieces of at most SLICE bytes that end
 * just after a line feed, each starting with nothing left over. A line longer than a piece is simply cut,
 * and joined by the parser.
 */
export async function* readSseBatches(body: AsyncIterable<Uint8Array>, options: SseReadOptions = {}): AsyncGenerator<RawSseEvent[]> {
  let pending: RawSseEvent[] = [];
  const parser = createParser({
    onEvent: (e) => pending.push(e), // the parser's own { id, event, data }: no copy per event
    onError: options.onParseError,
    maxBufferSize: options.maxBufferSize,
  });
  const decoder = new TextDecoder('utf-8');
  const feed = (bytes: Uint8Array) => parser.feed(decoder.decode(bytes, STREAM));
  for await (const chunk of body) {
    options.onChunk?.(chunk);
    const size = chunk.byteLength;
    let at = chunk.indexOf(LF) + 1;
    if (at > 0 && at < size && at <= SLICE) feed(chunk.subarray(0, at));
    else at = 0;
    while (at < size) {
      let piece = chunk.subarray(at, Math.min(at + SLICE, size));
      if (at + piece.byteLength < size) {
        // searched within the piece only: a long line in a big chunk must not be scanned again per piece
        const lineEnd = piece.lastIndexOf(LF) + 1;
        if (lineEnd > 0) piece = piece.subarray(0, lineEnd);
      }
      feed(piece);
      at += piece.byteLength;
    }
    if (pending.length > 0) {
      const ready = pending;
      pending = [];
      yield ready;
    }
  }
  // End of stream: complete a last line that has no line end (or only a CR still waiting for its LF)
  // and dispatch an event that has no blank line after it.
  parser.feed(decoder.decode() + '\n\n');
  if (pending.length > 0) yield pending;
}
