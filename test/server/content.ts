/** Generated message content of exact byte sizes (firehose, big-event fault), ASCII or multi-byte UTF-8. */
import type { BigContent } from './script';

const ASCII_UNIT = 'abcdefghijklmnopqrstuvwxyz0123456789 ';
const CJK_UNIT = '流式事件测试数据'; // 3 bytes each in UTF-8
const PIECE_BYTES = 64 * 1024;

let asciiCache = '';
let cjkCache = '';

function asciiRun(bytes: number): string {
  if (asciiCache.length < bytes) asciiCache = ASCII_UNIT.repeat(Math.ceil(Math.max(bytes, PIECE_BYTES) / ASCII_UNIT.length));
  return asciiCache.slice(0, bytes);
}

/** Exactly `bytes` of UTF-8: 3-byte characters, padded with ASCII dots. */
function utf8Run(bytes: number): string {
  const chars = Math.floor(bytes / 3);
  if (cjkCache.length < chars) cjkCache = CJK_UNIT.repeat(Math.ceil(Math.max(chars, PIECE_BYTES) / CJK_UNIT.length));
  return cjkCache.slice(0, chars) + '.'.repeat(bytes - chars * 3);
}

/** Content for message `index`: a "#index " prefix then filler, exactly `bytes` bytes of UTF-8 (JSON-safe). */
export function contentText(bytes: number, utf8: boolean, index: number): string {
  let prefix = `#${index} `;
  if (prefix.length > bytes) prefix = prefix.slice(0, bytes);
  const rest = bytes - prefix.length;
  return prefix + (utf8 ? utf8Run(rest) : asciiRun(rest));
}

/** The same kind of content as pieces of about 64 KB, so a 16 MB event is never one string. */
export function* contentPieces(big: BigContent): Generator<string, void, void> {
  let left = big.bytes;
  while (left > 0) {
    const n = Math.min(left, PIECE_BYTES);
    yield big.utf8 ? utf8Run(n) : asciiRun(n);
    left -= n;
  }
}

/** Above this size content is generated in pieces. */
export const BIG_CONTENT_BYTES = 256 * 1024;
