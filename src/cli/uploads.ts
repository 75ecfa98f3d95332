import { stat } from 'node:fs/promises';
import type { CozeClient } from '../core/client/cozeClient';
import { encodeFileParam } from '../core/files/encodeFileParam';
import { isSupportedFileType, MAX_UPLOAD_BYTES } from '../core/files/fileTypes';

/**
 * File inputs of a CLI run: each file is checked (type, 512 MB), uploaded once per run (the same bytes are
 * reused, by SHA-256), and encoded the way the dialect takes it.
 */
export class RunUploads {
  private readonly byHash = new Map<string, Promise<string>>();

  encode = async (path: string, client: CozeClient): Promise<string> => {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) throw new Error(`file input ${path} does not exist`);
    if (info.size > MAX_UPLOAD_BYTES) throw new Error(`file input ${path} is larger than the 512 MB Coze takes`);
    if (!isSupportedFileType(path)) throw new Error(`file input ${path} is of a type Coze does not take`);
    // node:crypto loads with the first file input, not at every start of the CLI
    const { sha256OfFile } = await import('../core/files/hashFile');
    const key = `${client.baseUrl} ${await sha256OfFile(path)}`;
    let value = this.byHash.get(key);
    if (!value) {
      value = client.uploadFile(path).then((f) => encodeFileParam(client.dialect, f));
      this.byHash.set(key, value);
      value.catch(() => this.byHash.delete(key));
    }
    return value;
  };
}
