/**
 * Decoding a workflow file input (reference §8.1): cloud takes a JSON-encoded string {"file_id":"…"} or an
 * http(s) URL; studio takes a URL (the `url` its upload returned). Anything else is explained in the error.
 */
import type { ScriptEnv } from './script';
import { isObject, tryParse } from './json';
import { uploadFromUrl } from './uploads';

export interface FileDesc {
  fileName: string;
  bytes: number | null;
  sha256: string | null;
  /** The URL for files that are not uploads of this server. */
  external?: string;
}

export type FileResult = { ok: true; file: FileDesc } | { ok: false; error: string };

const bad = (error: string): FileResult => ({ ok: false, error });

function expected(env: ScriptEnv, name: string): string {
  return env.dialect === 'cloud'
    ? `input "${name}" expects a JSON-encoded string like "{\\"file_id\\":\\"<id from /v1/files/upload>\\"}" or an http(s) URL`
    : `input "${name}" expects the url string returned by /v1/files/upload (Coze Studio file inputs are URLs; file_id is not supported)`;
}

function fromUrl(env: ScriptEnv, name: string, value: string): FileResult {
  const up = uploadFromUrl(env.uploads, value);
  if (up === undefined) return bad(`${expected(env, name)}; ${value} does not name a file uploaded to this server`);
  let display: string | null;
  try {
    display = new URL(value).searchParams.get('x-wf-file_name');
  } catch {
    return bad(`${expected(env, name)}; got an invalid URL`);
  }
  if (up) return { ok: true, file: { fileName: display ?? up.fileName, bytes: up.bytes, sha256: up.sha256 } };
  const path = new URL(value).pathname;
  const last = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || 'file';
  return { ok: true, file: { fileName: display ?? last, bytes: null, sha256: null, external: value } };
}

/** Resolves one file value of input `name`. */
export function resolveFile(env: ScriptEnv, name: string, value: unknown): FileResult {
  if (typeof value !== 'string') {
    const what = isObject(value) ? 'a JSON object' : Array.isArray(value) ? 'an array' : `a ${value === null ? 'null' : typeof value}`;
    const hint = env.dialect === 'cloud' && isObject(value) ? ' (encode it with JSON.stringify so the value is a string)' : '';
    return bad(`${expected(env, name)}; got ${what}${hint}`);
  }
  const v = value.trim();
  if (/^https?:\/\//i.test(v)) return fromUrl(env, name, v);
  if (v.startsWith('{')) {
    if (env.dialect === 'studio') return bad(`${expected(env, name)}; got a JSON file_id string`);
    const parsed = tryParse(v);
    if (!isObject(parsed) || typeof parsed.file_id !== 'string' || parsed.file_id === '') {
      return bad(`${expected(env, name)}; got JSON text without a string "file_id"`);
    }
    const up = env.uploads.get(parsed.file_id);
    if (!up) return bad(`${expected(env, name)}; file_id ${parsed.file_id} was not uploaded to this server`);
    return { ok: true, file: { fileName: up.fileName, bytes: up.bytes, sha256: up.sha256 } };
  }
  if (/^\d+$/.test(v)) return bad(`${expected(env, name)}; got a bare file id "${v}"`);
  return bad(`${expected(env, name)}; got "${v.length > 60 ? v.slice(0, 60) + '…' : v}"`);
}

/** One sentence describing a file. */
export function describe(f: FileDesc): string {
  if (f.external) return `File "${f.fileName}" is at ${f.external} (not downloaded, size unknown).`;
  return `File "${f.fileName}" has ${f.bytes} bytes; sha256 ${f.sha256}.`;
}
