import { realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute, relative } from 'node:path';
import { fillHint, hint, type Hint } from '../hints';
import { extensionOf, isSupportedFileType, MAX_UPLOAD_BYTES, SUPPORTED_EXTENSIONS } from './fileTypes';

/**
 * The one upload policy, for every surface that sends a file as a workflow input (the run panel, Resume, the
 * Explorer's upload, the Test Explorer, the CLI and the MCP server): what Coze would refuse is refused before
 * a byte is read (size, type by the name of the file the bytes really come from), and a path a repository or
 * an agent names stays inside the folder it is confined to, after links are followed.
 */

/** Marks refusals so that `instanceof` holds across bundles (the panels and the Test Explorer are bundles of their own). */
const REFUSED = Symbol.for('coze-workflows.FileRefusedError');

/** A file the extension itself refused to upload, before sending anything: not an answer of Coze's. */
export class FileRefusedError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[REFUSED] === true;
  }

  readonly [REFUSED] = true;

  constructor(readonly reason: Hint) {
    super(fillHint(reason));
    this.name = 'FileRefusedError';
  }
}

/** A file that passed the policy: where its bytes are (links followed), the name it goes by, its size. */
export interface UploadableFile {
  path: string;
  fileName: string;
  size: number;
}

const megabytes = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

/** Why Coze would refuse a file of this name and size, or undefined when it takes it; messages name it `shownAs`. */
export function uploadRefusal(fileName: string, size: number, shownAs = fileName): Hint | undefined {
  if (size > MAX_UPLOAD_BYTES)
    return hint(
      'Not uploaded: {0} is {1}, and Coze takes files up to 512 MB. Nothing was sent. Use a smaller file, or pass a public URL as the input instead.',
      shownAs,
      megabytes(size),
    );
  if (isSupportedFileType(fileName)) return undefined;
  const ext = extensionOf(fileName);
  if (!ext)
    return hint(
      'Not uploaded: {0} has no extension, so Coze cannot tell its type. Nothing was sent. Coze takes: {1}.',
      shownAs,
      SUPPORTED_EXTENSIONS.join(', '),
    );
  return hint(
    'Not uploaded: {0} is a {1} file, a type Coze does not take. Nothing was sent. Coze takes: {2}.',
    shownAs,
    `.${ext}`,
    SUPPORTED_EXTENSIONS.join(', '),
  );
}

/** The refusal of a folder where a file was asked for. */
export const notAFile = (shownAs: string): Hint => hint('Not uploaded: {0} is a folder; choose a file.', shownAs);

/** Throws a FileRefusedError for a file Coze would refuse; gives the file as uploadable otherwise. */
export function checkUploadable(path: string, fileName: string, size: number): UploadableFile {
  const refused = uploadRefusal(fileName, size);
  if (refused) throw new FileRefusedError(refused);
  return { path, fileName, size };
}

/** Whether `path` is `root` or inside it (both already real paths). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Whether an existing `path` is inside `root` once the links of both are followed (a missing path: true, for the reader to report). */
export async function staysInside(root: string, path: string): Promise<boolean> {
  const real = await realpath(path).catch(() => undefined);
  return real === undefined || isInside(await realpath(root).catch(() => root), real);
}

/**
 * A local file by path, checked: it exists and is a file; with `root`, it is inside `root` once every link is
 * followed (a committed link to ~/.ssh/id_ed25519 stays out); its type is read from the name of the file the
 * link leads to, not the link's own name. `shownAs` is how messages name it (the path as written).
 */
export async function checkLocalFile(path: string, opts: { root?: string; shownAs?: string } = {}): Promise<UploadableFile> {
  const shown = opts.shownAs ?? path;
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    throw new FileRefusedError(hint('Not uploaded: {0} does not exist.', shown));
  }
  if (opts.root !== undefined && !(await staysInside(opts.root, real))) {
    throw new FileRefusedError(
      hint(
        'Not uploaded: {0} is outside {1}. A file input named by a test file or an agent must be inside that folder, and links are followed before this check. Nothing was sent.',
        shown,
        opts.root,
      ),
    );
  }
  const info = await stat(real);
  if (!info.isFile()) throw new FileRefusedError(notAFile(shown));
  const target = basename(real);
  const refused = uploadRefusal(target, info.size, target === basename(path) ? shown : `${shown} (a link to ${target})`);
  if (refused) throw new FileRefusedError(refused);
  return { path: real, fileName: target, size: info.size };
}
