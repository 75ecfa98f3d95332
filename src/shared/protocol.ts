// The one message protocol between the extension host and the run panel's webview. Both sides import
// these types; each side validates what it receives (the host never trusts the webview).
import type { RunUpdate } from '../core/run/runUpdate';

export interface RunPanelInit {
  runId: string;
  workflowId: string;
  environmentName: string;
  /** Resumes allowed per question by this server (cloud: 3), if it has a limit. */
  resumeLimit?: number;
  /** Localized strings the webview shows, keyed by StringKey. */
  strings: Record<StringKey, string>;
  /** Updates recorded so far (the panel may open after the run started). */
  updates: RunUpdate[];
}

export type HostToWebview =
  | { type: 'init'; init: RunPanelInit }
  /** A batch of updates, at most one message per animation frame. */
  | { type: 'updates'; runId: string; updates: RunUpdate[] };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'cancel'; runId: string }
  | { type: 'openDebugUrl'; runId: string }
  | { type: 'copyText'; text: string }
  | { type: 'resume'; runId: string; answer: string }
  | { type: 'openLink'; runId: string; url: string };

export const STRING_KEYS = [
  'status.pending', 'status.running', 'status.interrupted', 'status.succeeded', 'status.failed', 'status.cancelled',
  'node.running', 'node.finished', 'node.failed',
  'label.output', 'label.error', 'label.logid', 'label.code', 'label.hint', 'label.debugUrl',
  'label.firstEvent', 'label.total', 'label.tokens', 'label.chunks', 'label.question', 'label.resumes', 'label.answerJson', 'label.async',
  'action.cancel', 'action.openDebugUrl', 'action.copyLogid', 'action.answer', 'action.openLink',
  'hint.oneChunk', 'hint.workflowError',
] as const;
export type StringKey = (typeof STRING_KEYS)[number];

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max = 10_000): v is string => typeof v === 'string' && v.length <= max;

/** Validates a message from the webview; anything malformed or unknown gives undefined (the caller logs and drops it). */
export function parseWebviewMessage(value: unknown): WebviewToHost | undefined {
  if (!isObj(value) || typeof value.type !== 'string') return undefined;
  switch (value.type) {
    case 'ready':
      return { type: 'ready' };
    case 'cancel':
    case 'openDebugUrl':
      return isStr(value.runId, 100) ? { type: value.type, runId: value.runId } : undefined;
    case 'copyText':
      return isStr(value.text, 50_000_000) ? { type: 'copyText', text: value.text } : undefined;
    case 'openLink':
      return isStr(value.runId, 100) && isStr(value.url, 4_000) && /^https?:\/\//i.test(value.url) ? { type: 'openLink', runId: value.runId, url: value.url } : undefined;
    case 'resume':
      return isStr(value.runId, 100) && isStr(value.answer, 1_000_000) ? { type: 'resume', runId: value.runId, answer: value.answer } : undefined;
    default:
      return undefined;
  }
}

/** Validates a message from the host (defence in depth inside the webview). */
export function parseHostMessage(value: unknown): HostToWebview | undefined {
  if (!isObj(value)) return undefined;
  if (value.type === 'init' && isObj(value.init) && isStr(value.init.runId) && Array.isArray(value.init.updates) && isObj(value.init.strings)) {
    return value as HostToWebview;
  }
  if (value.type === 'updates' && isStr(value.runId) && Array.isArray(value.updates)) return value as HostToWebview;
  return undefined;
}
