import { CAPABILITIES } from '../dialect';
import type { Dialect } from '../model/workflow';
import type { UploadedFile } from '../model/workflow';

/**
 * The value a workflow file input takes (reference §8.1): on cloud a JSON-encoded string `{"file_id":"…"}`;
 * on Coze Studio and Plus the uploaded file's URL, since their workflow engine has no file-id lookup.
 */
export function encodeFileParam(dialect: Dialect, file: UploadedFile): string {
  if (CAPABILITIES[dialect].fileInput === 'fileId') return JSON.stringify({ file_id: file.id });
  if (!file.url) throw new Error(`The server returned no URL for ${file.fileName}; Coze Studio file inputs need one`);
  return file.url;
}
