/**
 * Fault injection: one active fault, consumed per matching request (`times`, 0 = until cleared).
 *
 * Faults that replace the whole response (drop-before-headers, http-429, rate-limit-200, http-500-html, empty-200,
 * http-401, json-error) are applied here, before authentication. The rate-limit ones answer like Coze (§11, §12):
 * code 4009 by default (4020 / 4008 through `code`), http-429 with HTTP 429 and Retry-After, rate-limit-200 with
 * HTTP 200 and no Retry-After; both as a JSON body, also on stream endpoints (as cloud answers errors before a
 * stream). The others change how an SSE stream is written and
 * are applied by the SseWriter (sse.ts); on JSON endpoints drop-mid-stream truncates the body, silence delays
 * it and malformed-event makes it invalid JSON, the rest have no effect there.
 *
 * Choice for studio json-error: without `afterEvents` it answers with a JSON error envelope (HTTP 200, like the
 * cloud); with an explicit `afterEvents` on a stream endpoint it sends the SSE headers and that many events,
 * then studio's transport-failure frame `event: error\ndata: internal server error\n\n` (no id line) and ends.
 */
import type { Fault } from './types';
import type { Reply } from './http';
import { RUN_PATHS } from './constants';
import { sendAuthFailure } from './auth';
import { rateLimitMsg } from './limits';

export class FaultStore {
  private fault: Fault | null = null;
  private left = 0;

  set(fault: Fault | null): void {
    this.fault = fault ? { ...fault } : null;
    this.left = fault?.times ?? 1;
  }

  get current(): Fault | null {
    return this.fault;
  }

  /** Returns (and consumes one use of) the fault if it applies to this path. */
  take(path: string): Fault | null {
    const f = this.fault;
    if (!f) return null;
    const paths = f.paths && f.paths.length > 0 ? f.paths : RUN_PATHS;
    if (!paths.includes(path)) return null;
    if (f.times !== 0) {
      this.left -= 1;
      if (this.left <= 0) this.fault = null;
    }
    return f;
  }
}

export const STREAM_PATHS = ['/v1/workflow/stream_run', '/v1/workflow/stream_resume', '/v1/workflows/chat'];

export function jsonErrorDefaults(reply: Reply, fault: Fault): { code: number; msg: string } {
  if (reply.dialect === 'cloud') return { code: fault.code ?? 4000, msg: fault.msg ?? 'Request parameter error' };
  return { code: fault.code ?? 720702011, msg: fault.msg ?? 'workflow not published' };
}

const NGINX_500 =
  '<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n' +
  '<center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/**
 * Applies a fault that replaces the response. Returns true when the request has been answered (or dropped).
 */
export function applyResponseFault(fault: Fault, path: string, reply: Reply): boolean {
  const res = reply.res;
  switch (fault.kind) {
    case 'drop-before-headers':
      res.socket?.destroy();
      return true;
    case 'http-429': {
      const code = fault.code ?? 4009;
      const retry = fault.retryAfter === undefined ? 1 : fault.retryAfter;
      reply.error(code, fault.msg ?? rateLimitMsg(code), 429, {}, retry === null ? {} : { 'Retry-After': String(retry) });
      return true;
    }
    case 'rate-limit-200': {
      const code = fault.code ?? 4009;
      reply.error(code, fault.msg ?? rateLimitMsg(code), 200);
      return true;
    }
    case 'http-500-html':
      reply.text(500, 'text/html', NGINX_500);
      return true;
    case 'empty-200': {
      const type = reply.dialect === 'cloud' ? 'text/event-stream' : 'text/event-stream; charset=utf-8';
      reply.text(200, type, '');
      return true;
    }
    case 'http-401':
      sendAuthFailure(reply, 401);
      return true;
    case 'json-error': {
      // after some events: mid-stream (studio's transport error, cloud's Error event with the code)
      if (fault.afterEvents !== undefined && STREAM_PATHS.includes(path)) return false;
      const { code, msg } = jsonErrorDefaults(reply, fault);
      reply.error(code, msg, 200);
      return true;
    }
    default:
      return false;
  }
}
