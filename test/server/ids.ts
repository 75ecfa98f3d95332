/** Id generators: decimal BigInt counters, cloud log ids, UUIDs, node execution ids. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** A decimal id counter kept as BigInt so 19-digit ids stay exact. */
export class IdCounter {
  private next: bigint;
  constructor(start: string) {
    this.next = BigInt(start);
  }
  take(): string {
    const id = this.next.toString();
    this.next += 1n;
    return id;
  }
}

/** Execute ids, file ids, conversation/chat/message ids, studio interrupt event numbers. */
export interface IdSet {
  execute: IdCounter;
  file: IdCounter;
  chat: IdCounter;
  event: IdCounter;
}

export function newIdSet(): IdSet {
  return {
    execute: new IdCounter('7600000000000000001'),
    file: new IdCounter('7400000000000000101'),
    chat: new IdCounter('7800000000000000001'),
    event: new IdCounter('7700000000000000001'),
  };
}

/** Cloud log id: UTC timestamp YYYYMMDDhhmmss followed by 14 upper-case hex characters. */
export function newLogid(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp =
    `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}` + `${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
  return stamp + randomBytes(7).toString('hex').toUpperCase();
}

/** Studio X-Log-ID / log_id. */
export function newUuid(): string {
  return randomUUID();
}

/** Deterministic node_execute_uuid (cloud) for one node of one execution, shaped like a UUID. */
export function nodeExecuteUuid(executeId: string, nodeId: string): string {
  const h = createHash('sha1').update(`${executeId}:${nodeId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
