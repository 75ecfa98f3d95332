/** Response helpers: the per-dialect JSON envelope (cloud detail.logid + x-tt-logid; studio X-Log-ID) and body reading. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dialect } from './types';
import { newLogid, newUuid } from './ids';
import { stringify } from './json';

/** One response in progress, with the log id its envelope and headers carry. */
export class Reply {
  /** cloud: a 28-char logid; studio: a UUID. */
  readonly logid: string;
  constructor(
    readonly res: ServerResponse,
    readonly dialect: Dialect,
  ) {
    this.logid = dialect === 'cloud' ? newLogid() : newUuid();
  }

  /** The header that carries the log id. */
  logHeader(): Record<string, string> {
    return this.dialect === 'cloud' ? { 'x-tt-logid': this.logid } : { 'X-Log-ID': this.logid };
  }

  get jsonType(): string {
    return this.dialect === 'cloud' ? 'application/json' : 'application/json; charset=utf-8';
  }

  /** Writes a complete JSON response from an object (studio raw numbers honoured) or ready JSON text. */
  json(status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
    const text = typeof body === 'string' ? body : stringify(body);
    if (this.res.headersSent || this.res.destroyed) return;
    this.res.writeHead(status, {
      'Content-Type': this.jsonType,
      'Content-Length': String(Buffer.byteLength(text)),
      ...this.logHeader(),
      ...extraHeaders,
    });
    this.res.end(text);
  }

  /** Cloud success envelope: code 0, msg "", the fields, then detail.logid. Studio: the fields as given. */
  ok(fields: Record<string, unknown>): void {
    if (this.dialect === 'cloud') this.json(200, { code: 0, msg: '', ...fields, detail: { logid: this.logid } });
    else this.json(200, fields);
  }

  /** A business error: HTTP `status` (default 200) with {code,msg} (+ detail.logid on cloud, + extra fields). */
  error(code: number, msg: string, status = 200, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): void {
    if (this.dialect === 'cloud') this.json(status, { code, msg, ...extra, detail: { logid: this.logid } }, headers);
    else this.json(status, { code, msg, ...extra }, headers);
  }

  /** studio §4.7: an error after the SSE writer was created — HTTP 200, JSON content type, empty chunked body. */
  studioEmpty(status = 200): void {
    if (this.res.headersSent || this.res.destroyed) return;
    this.res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...this.logHeader() });
    this.res.flushHeaders();
    this.res.end();
  }

  text(status: number, type: string, body: string, extraHeaders: Record<string, string> = {}): void {
    if (this.res.headersSent || this.res.destroyed) return;
    this.res.writeHead(status, {
      'Content-Type': type,
      'Content-Length': String(Buffer.byteLength(body)),
      ...this.logHeader(),
      ...extraHeaders,
    });
    this.res.end(body);
  }
}

export interface ReadBody {
  text: string;
  /** The parsed JSON value, or undefined when the body is empty or not JSON. */
  json: unknown;
  tooLarge: boolean;
}

/** Bodies larger than this are drained and reported as too large. */
export const MAX_JSON_BODY = 64 * 1024 * 1024;

/** Reads a whole non-multipart body (up to {@link MAX_JSON_BODY}). */
export function readBody(req: IncomingMessage): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_JSON_BODY) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', () => {
      const text = tooLarge ? '' : Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      if (text.trim() !== '') {
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
      }
      resolve({ text, json, tooLarge });
    });
    req.on('error', reject);
    req.on('aborted', () => reject(new Error('request aborted')));
  });
}

/** HTML-escapes text for the debug page. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
