import { CozeError } from '../errors';
import { CAPABILITIES } from '../dialect';
import type { Dialect } from '../model/workflow';
import { parseJsonLossless } from '../model/json';
import type { RawSseEvent } from '../sse/rawEvent';
import { readSseBatches } from '../sse/readSse';
import { envelopeError, readJson, type HttpResponse } from './transport';

/** A stream of typed events plus what is known of the response before the first event. */
export interface EventStream<T> extends AsyncIterable<T> {
  readonly httpStatus: number;
  readonly logid: string | undefined;
  /**
   * The same events a network chunk at a time (a fast stream of small events costs one step per chunk, not
   * one per event). Iterate either this or the stream itself, not both.
   */
  batches(): AsyncIterable<T[]>;
}

export interface EventStreamSpec<T> {
  operation: string;
  /** Coze Studio answers a run it cannot start with an empty body (reference §4.7); cloud never does. */
  dialect?: Dialect;
  toEvent: (raw: RawSseEvent) => T;
  /** Whether the server may end the stream after this event; EOF without one means the run was cut off. */
  isTerminal: (event: T) => boolean;
  /** Sees every raw event (trace logging, recording). */
  onRaw?: (raw: RawSseEvent) => void;
}

const PEEK_BYTES = 64 * 1024;

/**
 * Opens a Coze event stream, tolerant of what servers really send (reference §4.7, §4.9): a JSON error
 * envelope instead of SSE (by content type, or as the whole unterminated body), an empty body, a stream
 * that just stops. Errors before the first event throw here; errors after it throw from the iterator,
 * after every event that did arrive was yielded.
 */
export async function openEventStream<T>(res: HttpResponse, spec: EventStreamSpec<T>): Promise<EventStream<T>> {
  const { operation } = spec;
  const isSse = /text\/event-stream/i.test(res.contentType);
  if (!isSse || res.status >= 400) {
    let body: Record<string, unknown>;
    try {
      body = await readJson(res, operation);
    } catch (e) {
      if (
        e instanceof CozeError &&
        e.kind === 'protocol' &&
        /^Empty response/.test(e.message) &&
        spec.dialect !== undefined &&
        CAPABILITIES[spec.dialect].emptyAnswerIsNotRunnable
      ) {
        // Coze Studio's answer when the run cannot start after its stream began (not published, unknown
        // workflow or event id, no permission): the error goes nowhere and the body stays empty
        throw new CozeError({
          kind: 'notRunnable',
          message: `Coze Studio answered ${operation} with an empty body (HTTP ${res.status}): it could not start the run and did not say why.`,
          httpStatus: res.status,
          operation,
          ...(res.logid ? { logid: res.logid } : {}),
        });
      }
      throw e;
    }
    throw new CozeError({
      kind: 'protocol',
      message: `Expected an event stream from ${operation} but got ${res.contentType || 'no content type'}: ${JSON.stringify(body).slice(0, 200)}`,
      httpStatus: res.status,
      operation,
      ...(res.logid ? { logid: res.logid } : {}),
    });
  }

  const chunks = typedBatches(res, spec);
  const iterator = eachOf(chunks);
  return { httpStatus: res.status, logid: res.logid, [Symbol.asyncIterator]: () => iterator, batches: () => chunks };
}

/**
 * A stream's typed events, a network chunk at a time. A function of the module, not a closure made per
 * stream: each generator function has a prototype of its own, so a closure per stream gave every stream's
 * generator a new shape, and code that reads stream after stream was deoptimized at each new one.
 */
async function* typedBatches<T>(res: HttpResponse, spec: EventStreamSpec<T>): AsyncGenerator<T[]> {
  const { operation, onRaw, toEvent, isTerminal } = spec;
  // the start of the body, kept to explain a stream that held no events
  let peeked = '';
  let peekedBytes = 0;
  const decoder = new TextDecoder();
  const peek = (chunk: Uint8Array) => {
    if (peekedBytes >= PEEK_BYTES) return;
    peeked += decoder.decode(chunk, { stream: true });
    peekedBytes += chunk.byteLength;
  };
  const source = res.body;
  let count = 0;
  let terminal = false;
  try {
    for await (const batch of readSseBatches(source as AsyncIterable<Uint8Array>, { onChunk: peek })) {
      // one pass over the chunk's events after the parser's pass (converting inside the parser's callback
      // measured ~5 % slower: JSON.parse interleaved with its scan), each raw event replaced by its meaning
      // in the same array, which is the parser's and no longer read by it
      const events = batch as unknown as T[];
      for (let i = 0; i < batch.length; i++) {
        const raw = batch[i]!;
        onRaw?.(raw);
        const event = toEvent(raw);
        if (!terminal && isTerminal(event)) terminal = true;
        events[i] = event;
      }
      count += events.length;
      yield events;
    }
  } catch (e) {
    throw res.mapError(e);
  } finally {
    if (!source.destroyed) source.destroy();
  }
  if (count === 0) {
    const text = peeked.trim();
    const base = { httpStatus: res.status, operation, ...(res.logid ? { logid: res.logid } : {}) };
    if (text === '') throw new CozeError({ ...base, kind: 'protocol', message: `The server answered ${operation} with an empty stream (HTTP ${res.status}).` });
    let body: unknown;
    try {
      body = parseJsonLossless(text);
    } catch {
      throw new CozeError({ ...base, kind: 'protocol', message: `The ${operation} stream held no events: ${text.slice(0, 200)}` });
    }
    throw (
      envelopeError(body, { status: res.status >= 400 ? res.status : 200, logid: res.logid, retryAfterMs: res.retryAfterMs }, operation) ??
      new CozeError({ ...base, kind: 'protocol', message: `The ${operation} stream held no events: ${text.slice(0, 200)}` })
    );
  }
  if (!terminal) {
    throw new CozeError({
      kind: 'network',
      message: `The ${operation} stream ended before the workflow finished (no Done, Error or Interrupt event). The output so far is kept; the run may still be going on the server.`,
      httpStatus: res.status,
      operation,
      ...(res.logid ? { logid: res.logid } : {}),
    });
  }
}

/**
 * The events of a stream one by one, from batches (one per network chunk): an event already in hand is
 * handed over at once, so a stream of many small events costs one promise per event, not a generator's
 * round of them. Breaking out of the loop closes the stream.
 */
function eachOf<T>(batches: AsyncGenerator<T[]>): AsyncIterableIterator<T> {
  let buffer: T[] = [];
  let at = 0;
  const refill = async (): Promise<IteratorResult<T>> => {
    while (at >= buffer.length) {
      const r = await batches.next();
      if (r.done) return { done: true, value: undefined };
      buffer = r.value;
      at = 0;
    }
    return { done: false, value: buffer[at++] as T };
  };
  const it: AsyncIterableIterator<T> = {
    next: () => (at < buffer.length ? Promise.resolve({ done: false, value: buffer[at++] as T }) : refill()),
    async return(): Promise<IteratorResult<T>> {
      buffer = [];
      await batches.return([]);
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => it,
  };
  return it;
}
