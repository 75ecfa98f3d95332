import * as vscode from 'vscode';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnvironmentDef } from '../../core/environments';
import type { HostToWebview, UploadState } from '../../shared/protocol';
import { errorText } from '../errorPresenter';
import type { Log } from '../log';
import type { FileUploads, UploadResult } from './fileUploads';
import { checkUploadable, FileRefusedError, uploadRefusal } from '../../core/files/uploadPolicy';

interface Incoming {
  field: string;
  name: string;
  size: number;
  dir: string;
  path: string;
  handle: FileHandle;
  received: number;
}

/**
 * The uploads one run panel asked for: files the user chose in a picker, dropped from VS Code's Explorer
 * (URIs) or from the OS (bytes, written to a temporary file piece by piece, one acknowledged piece at a
 * time so memory stays flat). Each reports its progress, result or failure at the field it is for.
 */
export class PanelUploads implements vscode.Disposable {
  private readonly incoming = new Map<string, Incoming>();
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly uploads: FileUploads,
    private readonly environment: () => EnvironmentDef,
    private readonly post: (message: HostToWebview) => void,
    private readonly log: Log,
  ) {}

  async choose(uploadId: string, field: string, many: boolean): Promise<void> {
    const uris = await vscode.window.showOpenDialog({
      canSelectMany: many,
      canSelectFolders: false,
      openLabel: vscode.l10n.t('Upload'),
      title: vscode.l10n.t('Choose a file for "{0}"', field),
    });
    uris?.forEach((uri, i) => void this.fromUri(i === 0 ? uploadId : `${uploadId}-${i}`, field, uri));
  }

  /** Files dropped from the Explorer: only URIs VS Code has a file system for, read through workspace.fs. */
  dropUris(uploadId: string, field: string, uris: string[]): void {
    uris.forEach((text, i) => {
      const id = i === 0 ? uploadId : `${uploadId}-${i}`;
      let uri: vscode.Uri | undefined;
      try {
        uri = vscode.Uri.parse(text, true);
      } catch {
        uri = undefined;
      }
      if (!uri || vscode.workspace.fs.isWritableFileSystem(uri.scheme) === undefined) {
        this.log.warn('upload', `refused a dropped URI VS Code cannot read: ${text.slice(0, 200)}`);
        this.report({
          uploadId: id,
          field,
          fileName: text.slice(text.lastIndexOf('/') + 1),
          state: 'failed',
          message: vscode.l10n.t('This cannot be read as a file. Drop a file from the Explorer or your desktop.'),
        });
        return;
      }
      // the Explorer and editor tabs drop links to workspace files; anything else arrives as bytes. A link
      // to any other file is refused, so the webview cannot name a file the user never dropped
      if (!vscode.workspace.getWorkspaceFolder(uri) && !vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) {
        this.log.warn('upload', `refused a dropped link outside the workspace: ${uri.toString().slice(0, 200)}`);
        this.report({
          uploadId: id,
          field,
          fileName: uri.path.slice(uri.path.lastIndexOf('/') + 1),
          state: 'failed',
          message: vscode.l10n.t('Only files of this workspace can be dropped as links. Drop the file from your desktop, or use Choose File….'),
        });
        return;
      }
      void this.fromUri(id, field, uri);
    });
  }

  private fromUri(uploadId: string, field: string, uri: vscode.Uri): Promise<void> {
    const fileName = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    return this.run(uploadId, field, fileName, (opts) => this.uploads.uploadUri(this.environment(), uri, opts));
  }

  async begin(uploadId: string, field: string, name: string, size: number): Promise<void> {
    try {
      const refused = uploadRefusal(name, size);
      if (refused) throw new FileRefusedError(refused);
      const dir = await mkdtemp(join(tmpdir(), 'coze-drop-'));
      const path = join(dir, 'file');
      this.incoming.set(uploadId, { field, name, size, dir, path, handle: await open(path, 'w'), received: 0 });
      this.report({ uploadId, field, fileName: name, state: 'uploading', sentBytes: 0, totalBytes: size });
      this.post({ type: 'chunkAck', uploadId });
    } catch (e) {
      this.report({ uploadId, field, fileName: name, state: 'failed', message: errorText(e) });
    }
  }

  async chunk(uploadId: string, data: Uint8Array): Promise<void> {
    const f = this.incoming.get(uploadId);
    if (!f) return;
    if (f.received + data.byteLength > f.size) return this.abandon(uploadId, vscode.l10n.t('{0} sent more bytes than its size.', f.name));
    await f.handle.write(data);
    f.received += data.byteLength;
    this.post({ type: 'chunkAck', uploadId });
  }

  async end(uploadId: string): Promise<void> {
    const f = this.incoming.get(uploadId);
    if (!f) return;
    this.incoming.delete(uploadId);
    await f.handle.close();
    try {
      if (f.received !== f.size)
        throw new Error(vscode.l10n.t('{0} arrived incomplete ({1} of {2} bytes). Drop it again.', f.name, String(f.received), String(f.size)));
      await this.run(uploadId, f.field, f.name, (opts) => this.uploads.upload(this.environment(), checkUploadable(f.path, f.name, f.size), opts));
    } catch (e) {
      this.report({ uploadId, field: f.field, fileName: f.name, state: 'failed', message: errorText(e) });
    } finally {
      void rm(f.dir, { recursive: true, force: true });
    }
  }

  cancel(uploadId: string): void {
    this.running.get(uploadId)?.abort();
    void this.abandon(uploadId, vscode.l10n.t('Cancelled.'));
  }

  private async abandon(uploadId: string, message: string): Promise<void> {
    const f = this.incoming.get(uploadId);
    if (!f) return;
    this.incoming.delete(uploadId);
    await f.handle.close().catch(() => undefined);
    void rm(f.dir, { recursive: true, force: true });
    this.report({ uploadId, field: f.field, fileName: f.name, state: 'failed', message });
  }

  private async run(
    uploadId: string,
    field: string,
    fileName: string,
    work: (opts: { onProgress: (sent: number, total: number) => void; signal: AbortSignal }) => Promise<UploadResult>,
  ): Promise<void> {
    const abort = new AbortController();
    this.running.set(uploadId, abort);
    let last = 0;
    const onProgress = (sentBytes: number, totalBytes: number) => {
      if (Date.now() - last < 100 && sentBytes < totalBytes) return;
      last = Date.now();
      this.report({ uploadId, field, fileName, state: 'uploading', sentBytes, totalBytes });
    };
    try {
      this.report({ uploadId, field, fileName, state: 'uploading' });
      const r = await work({ onProgress, signal: abort.signal });
      this.report({ uploadId, field, fileName, state: 'done', value: r.value, reused: r.reused, totalBytes: r.file.bytes });
    } catch (e) {
      this.log.warn('upload', `${fileName} for ${field}: ${errorText(e)}`);
      this.report({ uploadId, field, fileName, state: 'failed', message: errorText(e) });
    } finally {
      this.running.delete(uploadId);
    }
  }

  private report(upload: UploadState): void {
    this.post({ type: 'upload', upload });
  }

  dispose(): void {
    for (const a of this.running.values()) a.abort();
    for (const id of [...this.incoming.keys()]) void this.abandon(id, '');
  }
}
