/** Shared state of one server instance and of one request being handled. */
import type { IncomingMessage } from 'node:http';
import type { Dialect, Fault, RecordedRequest } from './types';
import type { Reply } from './http';
import type { FaultStore } from './faults';
import type { RunStore } from './runs';
import type { UploadStore } from './uploads';
import type { ChatStore } from './chat-store';
import type { IdSet } from './ids';
import type { TokenKind } from './auth';
import type { Clock } from './clock';
import type { HoldStore } from './holds';
import type { RateLimiter } from './limits';

export interface ServerCtx {
  dialect: Dialect;
  region: 'cn' | 'com';
  timeScale: number;
  asyncDurationMs: number;
  /** What polls of async runs and the QPS window go by (wall or manual, see ServerOptions.manualClock). */
  clock: Clock;
  /** http://host:port, known once listening. */
  url: string;
  requests: RecordedRequest[];
  faults: FaultStore;
  runs: RunStore;
  uploads: UploadStore;
  chats: ChatStore;
  holds: HoldStore;
  limiter: RateLimiter;
  ids: IdSet;
  /** Runs echo the caller's token back (ServerOptions.echoToken). */
  echoToken: boolean;
  /** Called with a short line per answered request (the CLI prints it on stderr). */
  log?: (line: string) => void;
}

export interface RequestCtx {
  server: ServerCtx;
  req: IncomingMessage;
  reply: Reply;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body (undefined when empty, not JSON, or multipart). */
  body: unknown;
  /** True when a non-empty body was not valid JSON. */
  badJson: boolean;
  record: RecordedRequest;
  fault: Fault | null;
  token: TokenKind;
  /** Aborted when the response closes (client gone or server closing). */
  signal: AbortSignal;
}
