import { CAPABILITIES } from '../dialect';
import type { Dialect } from '../model/workflow';

/** An upload remembered so the same bytes are not sent to the same environment twice. No secret in it. */
export interface CachedUpload {
  environmentId: string;
  sha256: string;
  bytes: number;
  fileName: string;
  id: string;
  url?: string;
  /** ms since the epoch */
  uploadedAt: number;
}

export type UploadCacheRecord = Record<string, CachedUpload>;

export const uploadCacheKey = (environmentId: string, sha256: string): string => `${environmentId}#${sha256}`;

/** The remembered upload of these bytes to this environment, if it is still usable as an input. */
export function findReusableUpload(cache: UploadCacheRecord, environmentId: string, dialect: Dialect, sha256: string, now: number): CachedUpload | undefined {
  const hit = cache[uploadCacheKey(environmentId, sha256)];
  if (!hit) return undefined;
  if (now - hit.uploadedAt > CAPABILITIES[dialect].uploadReuseMs) return undefined;
  if (CAPABILITIES[dialect].fileInput === 'url' && !hit.url) return undefined;
  return hit;
}

/** The cache with this upload added and expired entries (older than the longest reuse window) dropped, at most `max` kept. */
export function rememberUpload(cache: UploadCacheRecord, upload: CachedUpload, now: number, max = 500): UploadCacheRecord {
  const longest = Math.max(...Object.values(CAPABILITIES).map((c) => c.uploadReuseMs));
  const kept = Object.values(cache).filter(
    (u) => now - u.uploadedAt <= longest && uploadCacheKey(u.environmentId, u.sha256) !== uploadCacheKey(upload.environmentId, upload.sha256),
  );
  const newest = [...kept.sort((a, b) => b.uploadedAt - a.uploadedAt).slice(0, max - 1), upload];
  return Object.fromEntries(newest.map((u) => [uploadCacheKey(u.environmentId, u.sha256), u]));
}

/** The cache without an environment's uploads (its token changed: another account cannot use them). */
export function forgetEnvironment(cache: UploadCacheRecord, environmentId: string): UploadCacheRecord {
  return Object.fromEntries(Object.entries(cache).filter(([, u]) => u.environmentId !== environmentId));
}
