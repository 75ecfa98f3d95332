import type { CozeClient } from '../core/client/cozeClient';
import { encodeFileParam } from '../core/files/encodeFileParam';
import { uploadCacheKey } from '../core/files/uploadCache';
import type { UploadableFile } from '../core/files/uploadPolicy';

/**
 * File inputs of a CLI run, each already through the upload policy: uploaded once per run (the same bytes
 * to the same server are reused, keyed by SHA-256 as the extension keys them), and encoded the way the
 * dialect takes it.
 */
export class RunUploads {
  private readonly byHash = new Map<string, Promise<string>>();

  encode = async (file: UploadableFile, client: CozeClient): Promise<string> => {
    // node:crypto loads with the first file input, not at every start of the CLI
    const { sha256OfFile } = await import('../core/files/hashFile');
    const key = uploadCacheKey(client.baseUrl, await sha256OfFile(file.path));
    let value = this.byHash.get(key);
    if (!value) {
      value = client.uploadFile(file.path, { fileName: file.fileName }).then((f) => encodeFileParam(client.dialect, f));
      this.byHash.set(key, value);
      value.catch(() => this.byHash.delete(key));
    }
    return value;
  };
}
