import { CozeError } from '../errors';
import { parseJsonLossless } from '../json';
import type { RawSseEvent } from '../sse/rawEvent';
import { readSse } from '../sse/readSse';
import { envelopeError, readJson, type HttpResponse } from './transport';

/** A stream of typed events plus what is known of the response before the first event. */
export interface EventStream<T> extends AsyncIterable<T> {
  readonly httpStatus: number;
  readonly logid: string | undefined;
}

export interface EventStreamSpec<T> {
  operation: string;
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
      if (e instanceof CozeError && e.kind === 'protocol' && /^Empty response/.test(e.message)) {
        throw new CozeError({
          kind: 'protocol',
          message: `The server answered ${operation} with an empty body (HTTP ${res.status}). On Coze Studio this means the run could not start: check that the workflow id is right and the workflow is published.`,
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

  let peeked = '';
  let peekedBytes = 0;
  const decoder = new TextDecoder();
  const source = res.body;
  async function* tap(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source as AsyncIterable<Uint8Array>) {
      if (peekedBytes < PEEK_BYTES) {
        peeked += decoder.decode(chunk, { stream: true });
        peekedBytes += chunk.byteLength;
      }
      yield chunk;
    }
  }

  async function* iterate(): AsyncGenerator<T> {
    let count = 0;
    let terminal = false;
    try {
      for await (const raw of readSse(tap())) {
        spec.onRaw?.(raw);
        const event = spec.toEvent(raw);
        count++;
        if (spec.isTerminal(event)) terminal = true;
        yield event;
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
      throw envelopeError(body, { status: res.status >= 400 ? res.status : 200, logid: res.logid }, operation) ??
        new CozeError({ ...base, kind: 'protocol', message: `The ${operation} stream held no events: ${text.slice(0, 200)}` });
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

  const generator = iterate();
  return { httpStatus: res.status, logid: res.logid, [Symbol.asyncIterator]: () => generator };
}
