/**
 * The SSE writer (reference §4.2, §4.3): `id: n\nevent: Name\ndata: <json>\n\n`, one res.write per event
 * (or batched writes with 'drain' backpressure for the firehose), plus the stream-shaping faults.
 */
import type { ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { Fault } from './types';
import type { Reply } from './http';
import { jsonErrorDefaults } from './faults';

/** Thrown when the stream ends early: the client went away, or a fault dropped/ended it. */
export class StreamStop extends Error {
  constructor(readonly reason: 'closed' | 'dropped' | 'transport-error') {
    super(`stream stopped: ${reason}`);
  }
}

/** Event data: ready JSON text, or pieces written one after another (for multi-megabyte events). */
export type DataParts = string | { parts: () => Iterable<string> };

export interface SseOptions {
  reply: Reply;
  fault: Fault | null;
  /** 'zero': ids from 0 (workflow streams); 'one': from 1 (studio chatflow); 'none': no id line (cloud chatflow). */
  ids: 'zero' | 'one' | 'none';
  timeScale: number;
  signal: AbortSignal;
  /** Batch many events per res.write (firehose). */
  batch?: boolean;
  /** Renders the big-event fault's event data with `bytes` of content, and its event name. */
  bigEvent: (bytes: number) => { name: string; data: DataParts };
}

const BATCH_BYTES = 64 * 1024;
const MID_STREAM = new Set(['drop-mid-stream', 'malformed-event', 'silence', 'big-event', 'json-error']);

export class SseWriter {
  private nextId: number;
  private readonly sep: string;
  private readonly eol: string;
  private readonly res: ServerResponse;
  private count = 0;
  private triggered = false;
  private buffer = '';
  private lastWrite: Promise<void> = Promise.resolve();

  constructor(private readonly o: SseOptions) {
    this.res = o.reply.res;
    this.nextId = o.ids === 'one' ? 1 : 0;
    this.sep = o.fault?.kind === 'no-space' ? ':' : ': ';
    this.eol = o.fault?.kind === 'crlf' ? '\r\n' : '\n';
  }

  /** True when the active fault asks to leave out the final Done/done event. */
  get omitDone(): boolean {
    return this.o.fault?.kind === 'no-done';
  }

  /** Writes the status line and the dialect's SSE headers. */
  start(): void {
    const headers: Record<string, string> =
      this.o.reply.dialect === 'cloud'
        ? { 'Content-Type': 'text/event-stream' }
        : {
            'Content-Type': 'text/event-stream; charset=utf-8',
            'Cache-Control': 'no-cache',
            Connection: 'keep-alive',
            'Access-Control-Allow-Origin': '*',
          };
    this.res.writeHead(200, { ...headers, ...this.o.reply.logHeader() });
    this.res.flushHeaders();
  }

  /** One normal event (counts for `afterEvents`). */
  async event(name: string, data: DataParts): Promise<void> {
    await this.beforeEvent();
    await this.frame(name, data, this.o.ids !== 'none');
    this.count += 1;
  }

  /** A scripted delay, multiplied by timeScale (0 = none). */
  async sleep(ms: number): Promise<void> {
    const scaled = ms * this.o.timeScale;
    if (scaled <= 0) return;
    await this.flushBuffer();
    await this.wait(scaled);
  }

  /** Ends the response (after applying a fault due exactly at the end). */
  async end(): Promise<void> {
    await this.maybeTrigger();
    await this.flushBuffer();
    if (!this.res.destroyed) this.res.end();
  }

  /** studio's transport-failure frame: lower-case `error`, no id line, plain-text data; then the stream ends. */
  async transportError(text: string): Promise<void> {
    await this.flushBuffer();
    await this.put(`event${this.sep}error${this.eol}data${this.sep}${text}${this.eol}${this.eol}`);
    await this.flushBuffer();
    if (!this.res.destroyed) this.res.end();
  }

  private async beforeEvent(): Promise<void> {
    if (this.o.fault?.kind === 'slow-ping') await this.slowPing();
    await this.maybeTrigger();
  }

  private async maybeTrigger(): Promise<void> {
    const f = this.o.fault;
    if (!f || this.triggered || !MID_STREAM.has(f.kind)) return;
    if (f.kind === 'json-error' && f.afterEvents === undefined) return;
    if (this.count !== (f.afterEvents ?? 2)) return;
    this.triggered = true;
    switch (f.kind) {
      case 'drop-mid-stream':
        await this.flushBuffer();
        await this.lastWrite;
        this.res.socket?.destroy();
        throw new StreamStop('dropped');
      case 'malformed-event':
        await this.frame('Message', '{"content": "broken', this.o.ids !== 'none');
        return;
      case 'silence':
        await this.flushBuffer();
        await this.wait(f.silenceMs ?? 60000);
        return;
      case 'big-event': {
        const big = this.o.bigEvent(f.bytes ?? 5 * 1024 * 1024);
        await this.frame(big.name, big.data, this.o.ids !== 'none');
        return;
      }
      case 'json-error':
        if (this.o.reply.dialect === 'studio') {
          await this.transportError('internal server error');
          throw new StreamStop('transport-error');
        }
        {
          // cloud: the code comes as the stream's Error event (a 4008 met while the run streams), which ends it
          const { code, msg } = jsonErrorDefaults(this.o.reply, f);
          await this.frame('Error', JSON.stringify({ error_code: code, error_message: msg }), this.o.ids !== 'none');
          await this.flushBuffer();
          if (!this.res.destroyed) this.res.end();
          throw new StreamStop('closed');
        }
      default:
        return;
    }
  }

  /** slow-ping: before each event wait three ping intervals, sending a cloud PING after each (studio: silent). */
  private async slowPing(): Promise<void> {
    const f = this.o.fault!;
    const interval = Math.max(1, f.pingIntervalMs ?? 200 * (this.o.timeScale || 1));
    for (let i = 0; i < 3; i++) {
      await this.flushBuffer();
      await this.wait(interval);
      if (this.o.reply.dialect === 'cloud') await this.frame('PING', '{}', this.o.ids !== 'none');
    }
  }

  private async frame(name: string, data: DataParts, withId: boolean): Promise<void> {
    const { sep, eol } = this;
    let head = '';
    if (withId) head += `id${sep}${this.nextId++}${eol}`;
    head += `event${sep}${name}${eol}data${sep}`;
    if (typeof data === 'string') {
      await this.put(head + data + eol + eol);
      return;
    }
    await this.put(head, true);
    for (const part of data.parts()) await this.put(part, true);
    await this.put(eol + eol);
  }

  /** Writes text now (one res.write) or, in batch mode, appends to the batch. `piece` = part of a larger event. */
  private async put(text: string, piece = false): Promise<void> {
    if (!this.o.batch && !piece && this.buffer === '') return this.write(text);
    this.buffer += text;
    if (this.buffer.length >= BATCH_BYTES || (!this.o.batch && !piece)) await this.flushBuffer();
  }

  private async flushBuffer(): Promise<void> {
    if (this.buffer === '') return;
    const text = this.buffer;
    this.buffer = '';
    await this.write(text);
  }

  private async write(text: string): Promise<void> {
    const res = this.res;
    if (res.destroyed || this.o.signal.aborted) throw new StreamStop('closed');
    let written!: () => void;
    this.lastWrite = new Promise<void>((resolve) => (written = resolve));
    if (res.write(text, () => written())) return;
    await new Promise<void>((resolve, reject) => {
      const done = (err?: StreamStop) => {
        res.off('drain', onDrain);
        res.off('close', onClose);
        if (err) reject(err);
        else resolve();
      };
      const onDrain = () => done();
      const onClose = () => done(new StreamStop('closed'));
      res.on('drain', onDrain);
      res.on('close', onClose);
    });
  }

  private async wait(ms: number): Promise<void> {
    try {
      await delay(ms, undefined, { signal: this.o.signal });
    } catch {
      throw new StreamStop('closed');
    }
  }
}
