// Messages between the extension host and the chatflow panel's webview, validated on arrival by each side.
import type { ChatUpdate } from '../core/model/chatView';

export const CHAT_STRING_KEYS = [
  'chat.placeholder',
  'chat.answerPlaceholder',
  'chat.send',
  'chat.new',
  'chat.cancel',
  'chat.you',
  'chat.workflow',
  'chat.thinking',
  'chat.failed',
  'chat.cancelled',
  'chat.question',
  'chat.conversation',
  'chat.empty',
  'chat.tokens',
] as const;
export type ChatStringKey = (typeof CHAT_STRING_KEYS)[number];

export interface ChatPanelInit {
  chatId: string;
  workflowId: string;
  /** The workflow's name, when known (shown before its id, as the run panel does). */
  workflowName?: string;
  environmentName: string;
  strings: Record<ChatStringKey, string>;
  updates: ChatUpdate[];
}

export type HostToChat = { type: 'chatInit'; init: ChatPanelInit } | { type: 'chatUpdates'; chatId: string; updates: ChatUpdate[] };

export type ChatToHost =
  { type: 'ready' } | { type: 'chatSend'; chatId: string; text: string } | { type: 'chatNew'; chatId: string } | { type: 'chatCancel'; chatId: string };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

export function parseChatMessage(value: unknown): ChatToHost | undefined {
  if (!isObj(value)) return undefined;
  switch (value.type) {
    case 'ready':
      return { type: 'ready' };
    case 'chatSend':
      return isStr(value.chatId, 100) && isStr(value.text, 1_000_000) && value.text.trim() !== ''
        ? { type: 'chatSend', chatId: value.chatId, text: value.text }
        : undefined;
    case 'chatNew':
    case 'chatCancel':
      return isStr(value.chatId, 100) ? { type: value.type, chatId: value.chatId } : undefined;
    default:
      return undefined;
  }
}

export function parseHostChatMessage(value: unknown): HostToChat | undefined {
  if (!isObj(value)) return undefined;
  if (value.type === 'chatInit' && isObj(value.init) && Array.isArray(value.init.updates) && isObj(value.init.strings)) return value as HostToChat;
  if (value.type === 'chatUpdates' && typeof value.chatId === 'string' && Array.isArray(value.updates)) return value as HostToChat;
  return undefined;
}
