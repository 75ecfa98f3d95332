/**
 * POST /v1/files/upload (reference §8): streaming multipart parsing with busboy; the file is hashed while it
 * streams and never kept, only its metadata.
 */
import { createHash } from 'node:crypto';
import busboy from 'busboy';
import type { MultipartSummary } from './types';
import type { RequestCtx } from './context';

export interface UploadRecord {
  id: string;
  fileName: string;
  mimeType: string;
  bytes: number;
  sha256: string;
  /** Unix seconds. */
  createdAt: number;
}

export class UploadStore {
  private readonly files = new Map<string, UploadRecord>();
  add(r: UploadRecord): void {
    this.files.set(r.id, r);
  }
  get(id: string): UploadRecord | undefined {
    return this.files.get(id);
  }
  clear(): void {
    this.files.clear();
  }
}

/** studio's storage URL of an upload (what workflow file inputs take on studio). */
export function storageUrl(serverUrl: string, r: UploadRecord): string {
  return `${serverUrl}/local_storage/bot_files/${r.id}/${encodeURIComponent(r.fileName)}`;
}

/** Finds the upload a storage URL of this server points at (matched on the path). */
export function uploadFromUrl(store: UploadStore, url: string): UploadRecord | undefined | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const m = /^\/local_storage\/bot_files\/(\d+)\//.exec(path);
  if (!m) return null;
  return store.get(m[1]!);
}

/** Parses the multipart body, hashing each file part; resolves with the summary (fields and files). */
function parseMultipart(rc: RequestCtx): Promise<MultipartSummary> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: rc.req.headers, defParamCharset: 'utf8' });
    } catch (e) {
      reject(e);
      return;
    }
    const summary: MultipartSummary = { fields: {}, files: [] };
    let pending = 0;
    let finished = false;
    const maybeDone = () => {
      if (finished && pending === 0) resolve(summary);
    };
    bb.on('field', (name, value) => {
      summary.fields[name] = value;
    });
    bb.on('file', (field, stream, info) => {
      pending += 1;
      const hash = createHash('sha256');
      let size = 0;
      stream.on('data', (d: Buffer) => {
        size += d.length;
        hash.update(d);
      });
      stream.on('end', () => {
        summary.files.push({ field, filename: info.filename ?? '', mimeType: info.mimeType, size, sha256: hash.digest('hex') });
        pending -= 1;
        maybeDone();
      });
    });
    bb.on('close', () => {
      finished = true;
      maybeDone();
    });
    bb.on('error', reject);
    rc.req.on('aborted', () => reject(new Error('upload aborted')));
    rc.req.pipe(bb);
  });
}

export async function handleUpload(rc: RequestCtx): Promise<void> {
  const { reply, server } = rc;
  const cloud = server.dialect === 'cloud';
  const type = rc.req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(type)) {
    rc.req.resume();
    if (cloud) reply.error(4000, 'Request parameter error: the body must be multipart/form-data with a "file" part');
    else reply.error(104000006, 'no file was uploaded: the body must be multipart/form-data with a "file" part');
    return;
  }
  let summary: MultipartSummary;
  try {
    summary = await parseMultipart(rc);
  } catch (e) {
    if (rc.req.destroyed) return;
    reply.error(cloud ? 4000 : 400, `invalid multipart body: ${(e as Error).message}`, cloud ? 200 : 400);
    return;
  }
  rc.record.multipart = summary;
  const files = summary.files;
  const named = files.filter((f) => f.field === 'file');
  if (named.length === 0) {
    if (cloud) reply.error(4000, 'Request parameter error: a multipart part named "file" is required');
    else reply.error(104000006, 'no file was uploaded: a part named "file" is required');
    return;
  }
  if (files.length > 1) {
    if (cloud) reply.error(4000, 'Request parameter error: upload exactly one file per request');
    else reply.error(104000007, 'more than one file was uploaded');
    return;
  }
  const f = named[0]!;
  const rec: UploadRecord = {
    id: server.ids.file.take(),
    fileName: f.filename,
    mimeType: f.mimeType,
    bytes: f.size,
    sha256: f.sha256,
    createdAt: Math.floor(Date.now() / 1000),
  };
  server.uploads.add(rec);
  if (cloud) {
    reply.ok({ data: { id: rec.id, bytes: rec.bytes, file_name: rec.fileName, created_at: rec.createdAt } });
  } else {
    const url = storageUrl(server.url, rec);
    reply.json(200, {
      data: { uri: `bot_files/${rec.id}/${rec.fileName}`, bytes: rec.bytes, CreatedAt: rec.createdAt, file_name: rec.fileName, url, id: rec.id },
      code: 0,
      msg: '',
      BaseResp: null,
    });
  }
}

/** cloud GET /v1/files/retrieve?file_id= */
export function handleRetrieve(rc: RequestCtx): void {
  const rec = rc.server.uploads.get(rc.query.file_id ?? '');
  if (!rec) {
    rc.reply.error(4000, `Request parameter error: file ${rc.query.file_id ?? ''} not found`);
    return;
  }
  rc.reply.ok({ data: { id: rec.id, bytes: rec.bytes, file_name: rec.fileName, created_at: rec.createdAt } });
}
