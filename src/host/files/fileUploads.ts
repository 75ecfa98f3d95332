import * as vscode from 'vscode';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnvironmentDef } from '../../core/environments';
import type { UploadedFile } from '../../core/client/types';
import { encodeFileParam } from '../../core/files/encodeFileParam';
import { extensionOf, isSupportedFileType, MAX_UPLOAD_BYTES, SUPPORTED_EXTENSIONS } from '../../core/files/fileTypes';
import { sha256OfFile } from '../../core/files/hashFile';
import { findReusableUpload, forgetEnvironment, rememberUpload, type UploadCacheRecord } from '../../core/files/uploadCache';
import { Disposable } from '../lifecycle';
import type { ClientFactory } from '../clientFactory';
import type { TokenStore } from '../secrets/tokenStore';
import type { Log } from '../log';

const CACHE_KEY = 'coze.uploads';

export interface UploadResult {
  fileName: string;
  /** The value a workflow input takes, encoded for the environment's dialect. */
  value: string;
  /** The same bytes were already uploaded to this environment, so nothing was sent. */
  reused: boolean;
  file: UploadedFile;
}

export interface UploadOptions {
  onProgress?: (sentBytes: number, totalBytes: number) => void;
  signal?: AbortSignal;
}

const megabytes = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

/** A file the extension itself refused to upload, before sending anything: not an answer of Coze's. */
export class FileRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileRefusedError';
  }
}

/** Refuses, before any byte is read, a file Coze would refuse: too big or of a type it does not take. */
export function checkUploadable(fileName: string, size: number): void {
  if (size > MAX_UPLOAD_BYTES) {
    throw new FileRefusedError(vscode.l10n.t('Not uploaded: {0} is {1}, and Coze takes files up to 512 MB. Nothing was sent. Use a smaller file, or pass a public URL as the input instead.', fileName, megabytes(size)));
  }
  if (!isSupportedFileType(fileName)) {
    const ext = extensionOf(fileName);
    throw new FileRefusedError(
      vscode.l10n.t('Not uploaded: {0} is a {1} file, a type Coze does not take. Nothing was sent. Coze takes: {2}.', fileName, ext ? `.${ext}` : vscode.l10n.t('no extension'), SUPPORTED_EXTENSIONS.join(', ')),
    );
  }
}

/** The same check for a file VS Code can read, and that it is a file, not a folder. */
export async function checkUploadableUri(uri: vscode.Uri): Promise<void> {
  const fileName = uri.path.slice(uri.path.lastIndexOf('/') + 1) || 'file';
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.type & vscode.FileType.Directory) throw new FileRefusedError(vscode.l10n.t('Not uploaded: {0} is a folder; choose a file.', fileName));
  checkUploadable(fileName, stat.size);
}

/**
 * Uploads files as workflow inputs: streamed from disk (a non-file URI is copied to a temporary file first),
 * checked before sending, and remembered by content hash per environment so the same bytes are sent once.
 * The remembered uploads of an environment are forgotten when its token changes (another account).
 */
export class FileUploads extends Disposable {
  constructor(private readonly clients: ClientFactory, private readonly state: vscode.Memento, tokens: TokenStore, private readonly log: Log) {
    super();
    this.register(tokens.onDidChange((envId) => void this.state.update(CACHE_KEY, forgetEnvironment(this.cache(), envId))));
  }

  private cache(): UploadCacheRecord {
    return this.state.get<UploadCacheRecord>(CACHE_KEY, {});
  }

  /** A file of the workspace or anywhere VS Code can read (`workspace.fs`). */
  async uploadUri(environment: EnvironmentDef, uri: vscode.Uri, opts: UploadOptions = {}): Promise<UploadResult> {
    const fileName = uri.path.slice(uri.path.lastIndexOf('/') + 1) || 'file';
    await checkUploadableUri(uri);
    if (uri.scheme === 'file') return this.uploadPath(environment, uri.fsPath, fileName, opts);
    // not on the local disk (a remote or virtual file system): copy it to a temporary file to stream it
    const dir = await mkdtemp(join(tmpdir(), 'coze-upload-'));
    try {
      const path = join(dir, 'file');
      await writeFile(path, await vscode.workspace.fs.readFile(uri));
      return await this.uploadPath(environment, path, fileName, opts);
    } finally {
      void rm(dir, { recursive: true, force: true });
    }
  }

  /** A file on the local disk, sent under `fileName`. */
  async uploadPath(environment: EnvironmentDef, path: string, fileName: string, opts: UploadOptions = {}): Promise<UploadResult> {
    const { client } = await this.clients.forEnvironment(environment);
    const sha256 = await sha256OfFile(path, opts.signal);
    const hit = findReusableUpload(this.cache(), environment.id, environment.dialect, sha256, Date.now());
    if (hit) {
      this.log.info('upload', `${fileName}: reusing ${hit.id}, uploaded to ${environment.name} ${new Date(hit.uploadedAt).toISOString()}`);
      const file: UploadedFile = { id: hit.id, fileName: hit.fileName, bytes: hit.bytes, ...(hit.url ? { url: hit.url } : {}) };
      return { fileName, value: encodeFileParam(environment.dialect, file), reused: true, file };
    }
    const started = Date.now();
    const file = await client.uploadFile(path, { fileName, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}), ...(opts.signal ? { signal: opts.signal } : {}) });
    const value = encodeFileParam(environment.dialect, file);
    this.log.info('upload', `${fileName}: ${file.bytes} bytes to ${environment.name} as ${file.id} in ${Date.now() - started} ms`);
    const entry = { environmentId: environment.id, sha256, bytes: file.bytes, fileName, id: file.id, uploadedAt: Date.now(), ...(file.url ? { url: file.url } : {}) };
    await this.state.update(CACHE_KEY, rememberUpload(this.cache(), entry, Date.now()));
    return { fileName, value, reused: false, file };
  }
}
