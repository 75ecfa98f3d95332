import * as vscode from 'vscode';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnvironmentDef } from '../../core/environments';
import type { UploadedFile } from '../../core/model/workflow';
import { encodeFileParam } from '../../core/files/encodeFileParam';
import { checkUploadable, FileRefusedError, notAFile, type UploadableFile } from '../../core/files/uploadPolicy';
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

/** The policy's check for a file VS Code can read, by its URI: a file, not a folder, of a size and type Coze takes. */
export async function checkUploadableUri(uri: vscode.Uri): Promise<number> {
  const fileName = uri.path.slice(uri.path.lastIndexOf('/') + 1) || 'file';
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.type & vscode.FileType.Directory) throw new FileRefusedError(notAFile(fileName));
  checkUploadable(uri.fsPath, fileName, stat.size);
  return stat.size;
}

/**
 * Uploads files as workflow inputs: streamed from disk (a non-file URI is copied to a temporary file first),
 * checked before sending, and remembered by content hash per environment so the same bytes are sent once.
 * The remembered uploads of an environment are forgotten when its token changes (another account).
 */
export class FileUploads extends Disposable {
  constructor(
    private readonly clients: ClientFactory,
    private readonly state: vscode.Memento,
    tokens: TokenStore,
    private readonly log: Log,
  ) {
    super();
    this.register(tokens.onDidChange((envId) => void this.state.update(CACHE_KEY, forgetEnvironment(this.cache(), envId))));
  }

  private cache(): UploadCacheRecord {
    return this.state.get<UploadCacheRecord>(CACHE_KEY, {});
  }

  /** A file of the workspace or anywhere VS Code can read (`workspace.fs`): the user's own choice of file. */
  async uploadUri(environment: EnvironmentDef, uri: vscode.Uri, opts: UploadOptions = {}): Promise<UploadResult> {
    const fileName = uri.path.slice(uri.path.lastIndexOf('/') + 1) || 'file';
    const size = await checkUploadableUri(uri);
    if (uri.scheme === 'file') return this.upload(environment, checkUploadable(uri.fsPath, fileName, size), opts);
    // not on the local disk (a remote or virtual file system): copy it to a temporary file to stream it
    const dir = await mkdtemp(join(tmpdir(), 'coze-upload-'));
    try {
      const path = join(dir, 'file');
      await writeFile(path, await vscode.workspace.fs.readFile(uri));
      return await this.upload(environment, checkUploadable(path, fileName, size), opts);
    } finally {
      void rm(dir, { recursive: true, force: true });
    }
  }

  /** A file on the local disk that passed the upload policy, sent under its `fileName`. */
  async upload(environment: EnvironmentDef, { path, fileName }: UploadableFile, opts: UploadOptions = {}): Promise<UploadResult> {
    const { client } = await this.clients.forEnvironment(environment);
    const sha256 = await sha256OfFile(path, opts.signal);
    const hit = findReusableUpload(this.cache(), environment.id, environment.dialect, sha256, Date.now());
    if (hit) {
      this.log.info('upload', `${fileName}: reusing ${hit.id}, uploaded to ${environment.name} ${new Date(hit.uploadedAt).toISOString()}`);
      const file: UploadedFile = { id: hit.id, fileName: hit.fileName, bytes: hit.bytes, ...(hit.url ? { url: hit.url } : {}) };
      return { fileName, value: encodeFileParam(environment.dialect, file), reused: true, file };
    }
    const started = Date.now();
    const file = await client.uploadFile(path, {
      fileName,
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const value = encodeFileParam(environment.dialect, file);
    this.log.info('upload', `${fileName}: ${file.bytes} bytes to ${environment.name} as ${file.id} in ${Date.now() - started} ms`);
    const entry = {
      environmentId: environment.id,
      sha256,
      bytes: file.bytes,
      fileName,
      id: file.id,
      uploadedAt: Date.now(),
      ...(file.url ? { url: file.url } : {}),
    };
    await this.state.update(CACHE_KEY, rememberUpload(this.cache(), entry, Date.now()));
    return { fileName, value, reused: false, file };
  }
}
