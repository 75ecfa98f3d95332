import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mimeTypeFor } from './fileTypes';

export interface MultipartFile {
  path: string;
  size: number;
  fileName: string;
  onProgress?: (sentBytes: number, totalBytes: number) => void;
}

/** Quotes a file name for a Content-Disposition header; non-ASCII names go as UTF-8 bytes, as browsers do. */
function quoteName(name: string): string {
  return name.replace(/[\r\n"\\]/g, (c) => encodeURIComponent(c));
}

/**
 * A multipart/form-data body with one part named `file` (what Coze's upload takes), streamed from disk in
 * 1 MB reads: memory stays constant whatever the file size, the length is known up front, and progress
 * is counted as bytes are handed to the socket. Hand-written because undici's FormData gives no progress.
 */
export function multipartFileBody(file: MultipartFile): { stream: AsyncIterable<Uint8Array>; contentType: string; contentLength: number } {
  const boundary = `----CozeWorkflows${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoteName(file.fileName)}"\r\n` +
      `Content-Type: ${mimeTypeFor(file.fileName)}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  async function* stream(): AsyncGenerator<Uint8Array> {
    yield head;
    let sent = 0;
    for await (const chunk of createReadStream(file.path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
      sent += chunk.byteLength;
      yield chunk;
      file.onProgress?.(sent, file.size);
    }
    if (sent !== file.size) throw new Error(`${file.fileName} changed size while uploading (${file.size} → ${sent} bytes)`);
    yield tail;
  }
  return { stream: stream(), contentType: `multipart/form-data; boundary=${boundary}`, contentLength: head.byteLength + file.size + tail.byteLength };
}
