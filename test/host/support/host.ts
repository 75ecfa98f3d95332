// Helpers for tests that run inside the real VS Code extension host.
import * as vscode from 'vscode';
import type { CozeExtensionApi } from '../../../src/extension';
import { EXTENSION_ID } from '../../../src/host/ids';

export interface TestServers {
  cloud: string;
  studio: string;
  token: string;
}

/** The local Coze servers the runner started for this suite. */
export function servers(): TestServers {
  const raw = process.env.COZE_TEST_SERVERS;
  if (!raw) throw new Error('COZE_TEST_SERVERS is not set: run the host suite through scripts/run-vscode-tests.mjs');
  return JSON.parse(raw) as TestServers;
}

export async function extensionApi(): Promise<CozeExtensionApi> {
  const ext = vscode.extensions.getExtension<CozeExtensionApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded (check engines.vscode)`);
  return ext.activate();
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Talks to the runner's DOM bridge (Playwright on the workbench page). */
export const dom = {
  /** The bridge exists when the suite runs in code-server; desktop VS Code (test-electron) has none. */
  available(): boolean {
    return Boolean(process.env.VSCODE_TEST_DOM_BRIDGE);
  },
  async call(pathname: string, params: Record<string, string>): Promise<Record<string, unknown>> {
    const base = process.env.VSCODE_TEST_DOM_BRIDGE;
    if (!base) throw new Error('VSCODE_TEST_DOM_BRIDGE is not set');
    const res = await fetch(`${base}${pathname}?${new URLSearchParams(params)}`);
    const body = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(String(body.error));
    return body;
  },
  async webviewText(selector: string, timeout = 2_000): Promise<string> {
    return String((await this.call('/text', { selector, webview: '1', timeout: String(timeout) })).text);
  },
  /** Text of the webview on screen (the active panel), not the newest one. */
  async visibleWebviewText(selector: string, timeout = 2_000): Promise<string> {
    return String((await this.call('/text', { selector, webview: 'visible', timeout: String(timeout) })).text);
  },
  /** Waits until the newest webview's element matches, and returns its text. */
  async waitForText(selector: string, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    return waitFor(`${selector} to match ${pattern}`, async () => {
      const t = await this.webviewText(selector, 1_000).catch(() => '');
      return pattern.test(t) ? t : undefined;
    }, timeoutMs);
  },
  async webviewCount(selector: string): Promise<number> {
    return Number((await this.call('/count', { selector, webview: '1' })).count);
  },
  async webviewClick(selector: string): Promise<void> {
    await this.call('/click', { selector, webview: '1' });
  },
  async webviewFill(selector: string, value: string): Promise<void> {
    await this.call('/fill', { selector, webview: '1', value });
  },
  /** The value of an input, textarea or select of the newest webview. */
  async webviewValue(selector: string): Promise<string> {
    return String((await this.call('/value', { selector, webview: '1' })).value);
  },
  async webviewSelect(selector: string, value: string): Promise<void> {
    await this.call('/select', { selector, webview: '1', value });
  },
  /** Drops onto an element of the newest webview: a file from the OS (its bytes) or URIs from the Explorer. */
  async webviewDrop(selector: string, what: { name: string; content: string; repeat?: number } | { uris: string[] }): Promise<void> {
    const params: Record<string, string> = 'uris' in what ? { uris: what.uris.join('\r\n') } : { name: what.name, content: what.content, repeat: String(what.repeat ?? 1) };
    await this.call('/drop', { selector, webview: '1', ...params });
  },
  /** Date.now() when the newest webview's element first matches (checked every animation frame). */
  async webviewMatchedAt(selector: string, pattern: RegExp, timeoutMs = 60_000): Promise<number> {
    return Number((await this.call('/matchedAt', { selector, pattern: pattern.source, webview: '1', timeout: String(timeoutMs) })).at);
  },
  async webviewProbe(probe: 'csp' | 'elements' | 'injected' | 'longTasksStart' | 'longTasks' | 'everything'): Promise<unknown> {
    return (await this.call('/probe', { probe, webview: '1' })).value;
  },
  /** The workbench page's markup and field values (notifications, views, inputs). */
  async workbenchEverything(): Promise<string> {
    return String((await this.call('/probe', { probe: 'everything' })).value);
  },
};

/** What a local server received, oldest first (its control endpoint). */
export async function recordedRequests(base: string): Promise<{ method: string; path: string; body?: Record<string, unknown>; multipart?: { files: { field: string; filename: string; size: number; sha256: string }[] } }[]> {
  return (await (await fetch(`${base}/_test/requests`)).json()) as never;
}

/** Closes every editor and panel so each test starts from a clean workbench. */
export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Signs both local environments in with the local server's token and returns to local-cloud after each test. */
export function useLocalEnvironments(): void {
  before(async () => {
    const api = await extensionApi();
    await api.tokens.set('local-cloud', servers().token);
    await api.tokens.set('local-studio', servers().token);
    await vscode.commands.executeCommand('coze.selectEnvironment', { environmentId: 'local-cloud' });
  });
  afterEach(async () => {
    await closeAll();
    await vscode.commands.executeCommand('coze.selectEnvironment', { environmentId: 'local-cloud' });
  });
}
