// Helpers for tests that run inside the real VS Code extension host.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { CozeTestServices } from '../../../src/host/testApi';
import type { EnvironmentDef } from '../../../src/core/environments';
import { EXTENSION_ID } from '../../../src/host/ids';

export interface TestServers {
  cloud: string;
  studio: string;
  /** A server no token may reach: workspaces and tests point environments at it. */
  elsewhere: string;
  /** What coze.cn and coze.com point at under the test runner (the region probe's journey). */
  regionCn: string;
  regionCom: string;
  token: string;
}

/** The local Coze servers the runner started for this suite. */
export function servers(): TestServers {
  const raw = process.env.COZE_TEST_SERVERS;
  if (!raw) throw new Error('COZE_TEST_SERVERS is not set: run the host suite through scripts/run-vscode-tests.mjs');
  return JSON.parse(raw) as TestServers;
}

/**
 * The extension's live services. activate() exports nothing; under a test runner (ExtensionMode.Test) the
 * extension's own module hands them out through testServices(). The extension host loads that module with
 * Node's require, so requiring the same file here gives the same module and the same services.
 */
export async function extensionApi(): Promise<CozeTestServices> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded (check engines.vscode)`);
  await ext.activate();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(ext.extensionPath, 'dist', 'extension.js')) as { testServices(): CozeTestServices | undefined };
  const services = mod.testServices();
  if (!services) throw new Error('the extension gives its services only in ExtensionMode.Test');
  return services;
}

/** An environment of the extension by id (the local ones come from the user settings the runner wrote). */
export async function environment(id: string): Promise<EnvironmentDef> {
  const env = (await extensionApi()).envs.all().find((e) => e.id === id);
  if (!env) throw new Error(`no environment ${id}`);
  return env;
}

/** Stores a token for an environment, bound to its current base URL, as Sign In does. */
export async function setToken(envId: string, token: string): Promise<void> {
  await (await extensionApi()).tokens.set(await environment(envId), token);
}

/** The token an environment would send now, if any (bound to its current base URL). */
export async function tokenOf(envId: string): Promise<string | undefined> {
  const state = await (await extensionApi()).tokens.state(await environment(envId));
  return state.state === 'bound' ? state.token : undefined;
}

/**
 * What the test is waiting for, so a test that runs out of time says which condition never came. Each test
 * file and the suite's entry are bundled apart, each with its own copy of this module: the state lives on
 * globalThis so that they all share it.
 */
const waits: { pending: string | undefined; generation: number } = ((
  globalThis as { __cozeTestWaits?: { pending: string | undefined; generation: number } }
).__cozeTestWaits ??= { pending: undefined, generation: 0 });
export function currentWait(): string | undefined {
  return waits.pending;
}
/** Called when a test ends: the waits a timed-out test left behind stop polling. */
export function endWaits(): void {
  waits.generation++;
  waits.pending = undefined;
}

/**
 * Waits until `probe` gives a value (not undefined, not false), checking again every `everyMs`. It has no
 * deadline of its own: a condition waits as long as the machine needs, and only the test's own (generous)
 * timeout ends a wait that never comes, naming it.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, everyMs = 50): Promise<T> {
  waits.pending = what;
  const mine = waits.generation;
  try {
    for (;;) {
      if (mine !== waits.generation) throw new Error(`stopped waiting for ${what}: its test has ended`);
      try {
        const v = await probe();
        if (v !== undefined && v !== false) return v as T;
      } catch {
        // not yet: a probe may throw until the thing it reads exists
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  } finally {
    if (waits.pending === what) waits.pending = undefined;
  }
}

/** Resolves with the first event of `event` that `accept` takes (or the first one at all). */
export function nextEvent<T>(event: vscode.Event<T>, accept: (value: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const sub = event((v) => {
      if (!accept(v)) return;
      sub.dispose();
      resolve(v);
    });
  });
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
  async waitForText(selector: string, pattern: RegExp): Promise<string> {
    return waitFor(`${selector} to match ${pattern}`, async () => {
      const t = await this.webviewText(selector, 1_000).catch(() => '');
      return pattern.test(t) ? t : undefined;
    });
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
    const params: Record<string, string> =
      'uris' in what ? { uris: what.uris.join('\r\n') } : { name: what.name, content: what.content, repeat: String(what.repeat ?? 1) };
    await this.call('/drop', { selector, webview: '1', ...params });
  },
  /** Date.now() when the newest webview's element first matches (checked every animation frame). */
  async webviewMatchedAt(selector: string, pattern: RegExp, timeoutMs = 60_000): Promise<number> {
    return Number((await this.call('/matchedAt', { selector, pattern: pattern.source, webview: '1', timeout: String(timeoutMs) })).at);
  },
  async webviewProbe(probe: 'csp' | 'elements' | 'heap' | 'injected' | 'longTasksStart' | 'longTasks' | 'everything'): Promise<unknown> {
    return (await this.call('/probe', { probe, webview: '1' })).value;
  },
  /** Types into the workbench's quick input (an input box or a quick pick) and presses Enter. */
  async answerQuickInput(text: string): Promise<void> {
    await waitFor('the quick input', async () => (await this.call('/count', { selector: '.quick-input-widget:visible input' })).count === 1);
    await this.call('/fill', { selector: '.quick-input-widget input', value: text });
    await this.call('/press', { selector: '.quick-input-widget input', key: 'Enter' });
  },
  /** The workbench page's markup and field values (notifications, views, inputs). */
  async workbenchEverything(): Promise<string> {
    return String((await this.call('/probe', { probe: 'everything' })).value);
  },
};

/** What a local server received, oldest first (its control endpoint). */
export async function recordedRequests(base: string): Promise<
  {
    method: string;
    path: string;
    headers: Record<string, string>;
    body?: Record<string, unknown>;
    multipart?: { files: { field: string; filename: string; size: number; sha256: string }[] };
  }[]
> {
  return (await (await fetch(`${base}/_test/requests`)).json()) as never;
}

/** Waits until a local server holds (or has released, by `until`) at least `n` requests of its hold. */
export async function heldAtLeast(base: string, n: number): Promise<{ count: number; released: number }> {
  return waitFor(`${n} request(s) held by ${base}`, async () => {
    const state = (await (await fetch(`${base}/_test/held`)).json()) as { count: number; released: number };
    return state.count >= n ? state : undefined;
  });
}

/** Closes every editor and panel so each test starts from a clean workbench. */
export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Signs both local environments in with the local server's token and returns to local-cloud after each test. */
export function useLocalEnvironments(): void {
  before(async () => {
    await setToken('local-cloud', servers().token);
    await setToken('local-studio', servers().token);
    await vscode.commands.executeCommand('coze.selectEnvironment', { environmentId: 'local-cloud' });
  });
  afterEach(async () => {
    // a test that failed may leave a request held on a server: let it go before the next test
    for (const base of [servers().cloud, servers().studio]) await fetch(`${base}/_test/release`, { method: 'POST' }).catch(() => undefined);
    await closeAll();
    await vscode.commands.executeCommand('coze.selectEnvironment', { environmentId: 'local-cloud' });
  });
}

/** The notification center's text (test mode shows no toasts: notifications land there); '' until it shows. */
export async function notificationsText(): Promise<string> {
  await vscode.commands.executeCommand('notifications.showList');
  return dom
    .call('/text', { selector: '.notifications-center', timeout: '1000' })
    .then((r) => String(r.text))
    .catch(() => '');
}
