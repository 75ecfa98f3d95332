/**
 * Holds (server-side barriers, see Hold in types.ts): a matching request waits here, after auth and the
 * permission check and before any byte of its answer, until its hold is released (by `until` or release()).
 * Tests wait on "N requests are held" instead of sleeping for a request to arrive.
 */
import type { HeldState, Hold } from './types';

interface Held {
  method: string;
  path: string;
  time: number;
  go: (released: boolean) => void;
}

interface Rule {
  spec: Hold;
  test: (path: string) => boolean;
  held: Held[];
}

interface Waiter {
  atLeast: number;
  resolve: (count: number) => void;
  reject: (e: Error) => void;
}

/** An entry starting with "^" is a regular expression; anything else must equal the path. */
function matcher(entries: string[]): (path: string) => boolean {
  const tests = entries.map((e) => {
    if (!e.startsWith('^')) return (p: string) => p === e;
    const re = new RegExp(e);
    return (p: string) => re.test(p);
  });
  return (p) => tests.some((t) => t(p));
}

/** Checks a hold; returns an error message or null (also used for the HTTP body). */
export function holdError(v: unknown): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'the body must be a Hold object {"paths":[...],"until"?:N}';
  const h = v as Record<string, unknown>;
  if (!Array.isArray(h.paths) || h.paths.length === 0 || !h.paths.every((p) => typeof p === 'string' && p !== '')) {
    return 'paths must be a non-empty array of paths (an entry starting with "^" is a regular expression)';
  }
  for (const p of h.paths as string[]) {
    if (!p.startsWith('^')) continue;
    try {
      new RegExp(p);
    } catch (e) {
      return `paths: ${p} is not a valid regular expression (${(e as Error).message})`;
    }
  }
  if (h.until !== undefined && (typeof h.until !== 'number' || !Number.isInteger(h.until) || h.until < 1)) return 'until must be a positive integer';
  return null;
}

export class HoldStore {
  private rules: Rule[] = [];
  private released = 0;
  private waiters: Waiter[] = [];

  add(spec: Hold): void {
    const err = holdError(spec);
    if (err) throw new Error(err);
    this.rules.push({ spec: { ...spec, paths: [...spec.paths] }, test: matcher(spec.paths), held: [] });
    this.released = 0;
    this.notify();
  }

  /**
   * Resolves true at once when no hold matches, or when the request's hold releases it; false when its client
   * went away while it was held (it is then dropped from the hold and must not be answered).
   */
  pass(method: string, path: string, signal: AbortSignal): Promise<boolean> {
    const rule = this.rules.find((r) => r.test(path));
    if (!rule) return Promise.resolve(true);
    if (signal.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const h: Held = {
        method,
        path,
        time: Date.now(),
        go: (released) => {
          signal.removeEventListener('abort', onAbort);
          resolve(released);
        },
      };
      const onAbort = () => {
        const i = rule.held.indexOf(h);
        if (i >= 0) rule.held.splice(i, 1);
        h.go(false);
        this.notify();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      rule.held.push(h);
      if (rule.spec.until !== undefined && rule.held.length >= rule.spec.until) {
        this.rules.splice(this.rules.indexOf(rule), 1);
        this.released += rule.held.length;
        for (const x of rule.held.splice(0)) x.go(true);
      }
      this.notify();
    });
  }

  /** Ends the holds naming one of `paths` (all holds without it) and releases their requests. */
  release(paths?: string[]): number {
    const ending = paths ? this.rules.filter((r) => r.spec.paths.some((p) => paths.includes(p))) : this.rules;
    this.rules = this.rules.filter((r) => !ending.includes(r));
    let n = 0;
    for (const r of ending) {
      n += r.held.length;
      for (const x of r.held.splice(0)) x.go(true);
    }
    this.released = 0;
    this.notify();
    return n;
  }

  state(): HeldState {
    const all = this.rules.flatMap((r) => r.held);
    return {
      held: all.length,
      released: this.released,
      count: all.length + this.released,
      requests: all.map(({ method, path, time }) => ({ method, path, time })),
    };
  }

  /** Resolves with the count once it reaches `atLeast`; `signal` abandons the wait (the promise then never settles). */
  waitFor(atLeast: number, signal?: AbortSignal): Promise<number> {
    const count = this.state().count;
    if (count >= atLeast) return Promise.resolve(count);
    return new Promise<number>((resolve, reject) => {
      const w: Waiter = { atLeast, resolve, reject };
      this.waiters.push(w);
      signal?.addEventListener('abort', () => (this.waiters = this.waiters.filter((x) => x !== w)), { once: true });
    });
  }

  /** The server is closing: release everything and fail the waits that can no longer be met. */
  close(): void {
    this.release();
    for (const w of this.waiters.splice(0)) w.reject(new Error('the server closed before enough requests were held'));
  }

  private notify(): void {
    const count = this.state().count;
    const ready = this.waiters.filter((w) => count >= w.atLeast);
    this.waiters = this.waiters.filter((w) => count < w.atLeast);
    for (const w of ready) w.resolve(count);
  }
}
