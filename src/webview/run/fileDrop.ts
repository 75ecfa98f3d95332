import { FILE_CHUNK_BYTES, type UploadState } from '../../shared/protocol';
import { vscodeApi } from '../shared/vscodeApi';

const URI_LIST_TYPES = ['application/vnd.code.uri-list', 'text/uri-list'];
let counter = 0;
const newUploadId = () => `u${Date.now().toString(36)}${++counter}`;

/** What a drop carries: URIs from VS Code's Explorer (read by the host), or files from the OS (sent as bytes). */
export function droppedItems(dt: DataTransfer): { uris: string[] } | { files: File[] } | undefined {
  for (const type of URI_LIST_TYPES) {
    const text = dt.getData(type);
    const uris = text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    if (uris.length) return { uris };
  }
  // VS Code's own drag format inside the workbench: a JSON array of URIs
  const resources = dt.getData('resourceurls');
  if (resources) {
    try {
      const uris = (JSON.parse(resources) as unknown[]).filter((u): u is string => typeof u === 'string');
      if (uris.length) return { uris };
    } catch {
      // not ours to read
    }
  }
  const files = [...dt.files];
  return files.length ? { files } : undefined;
}

const acks = new Map<string, (ok: boolean) => void>();

/** The host wrote the last piece (or gave up on the upload): the next one may go. */
export function onUploadMessage(message: { type: 'chunkAck'; uploadId: string } | { type: 'upload'; upload: UploadState }): void {
  if (message.type === 'chunkAck') {
    acks.get(message.uploadId)?.(true);
  } else if (message.upload.state === 'failed') {
    acks.get(message.upload.uploadId)?.(false);
  }
}

const nextAck = (uploadId: string) =>
  new Promise<boolean>((resolve) => {
    acks.set(uploadId, (ok) => {
      acks.delete(uploadId);
      resolve(ok);
    });
  });

/** Sends an OS file to the host in acknowledged 1 MB pieces: the webview never holds more than one. */
async function sendBytes(uploadId: string, field: string, file: File): Promise<void> {
  let ack = nextAck(uploadId);
  vscodeApi.postMessage({ type: 'fileBegin', uploadId, field, name: file.name, size: file.size });
  for (let offset = 0; offset < file.size; offset += FILE_CHUNK_BYTES) {
    if (!(await ack)) return;
    ack = nextAck(uploadId);
    const data = new Uint8Array(await file.slice(offset, offset + FILE_CHUNK_BYTES).arrayBuffer());
    vscodeApi.postMessage({ type: 'fileChunk', uploadId, data });
  }
  if (await ack) vscodeApi.postMessage({ type: 'fileEnd', uploadId });
}

/** Uploads what was dropped for an input (only the first file for a single-file input). */
export function uploadDropped(items: { uris: string[] } | { files: File[] }, field: string, many: boolean): void {
  if ('uris' in items) {
    vscodeApi.postMessage({ type: 'dropUris', uploadId: newUploadId(), field, uris: many ? items.uris : items.uris.slice(0, 1) });
    return;
  }
  for (const file of many ? items.files : items.files.slice(0, 1)) void sendBytes(newUploadId(), field, file);
}

export function chooseFile(field: string, many: boolean): void {
  vscodeApi.postMessage({ type: 'chooseFile', uploadId: newUploadId(), field, many });
}

/** Makes an element a drop target for files; `onDrop` gets what was dropped. */
export function makeDropZone(zone: HTMLElement, onDrop: (items: { uris: string[] } | { files: File[] }) => void): void {
  // handled here, so VS Code does not lay its editor-drop overlay over the panel and open the file instead
  const accept = (e: DragEvent) => {
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    zone.classList.add('dragging');
  };
  zone.addEventListener('dragenter', accept);
  zone.addEventListener('dragover', accept);
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('dragging');
    const items = e.dataTransfer ? droppedItems(e.dataTransfer) : undefined;
    if (items) onDrop(items);
  });
}
