import { asIdString, asNumber, asString, isRecord, tryParseJson } from '../model/json';
import type { RawSseEvent } from './rawEvent';
import { parseUsage } from './workflowEvents';
import type { ChatEvent, ChatInfo, ChatMessage } from '../model/events';

function toChatInfo(d: Record<string, unknown>): ChatInfo {
  const info: ChatInfo = {};
  const id = asIdString(d.id);
  if (id) info.id = id;
  const conversationId = asIdString(d.conversation_id);
  if (conversationId) info.conversationId = conversationId;
  const executeId = asIdString(d.execute_id);
  if (executeId) info.executeId = executeId;
  if (typeof d.status === 'string') info.status = d.status;
  const usage = parseUsage(d.usage);
  if (usage) info.usage = usage;
  if (isRecord(d.last_error)) {
    const code = asNumber(d.last_error.code);
    const msg = asString(d.last_error.msg);
    if (code || msg) info.lastError = { ...(code ? { code } : {}), ...(msg ? { msg } : {}) };
  }
  if (d.required_action !== undefined) info.requiredAction = d.required_action;
  return info;
}

function toChatMessage(d: Record<string, unknown>): ChatMessage {
  const m: ChatMessage = {
    role: asString(d.role) ?? 'assistant',
    type: asString(d.type) ?? 'answer',
    content: typeof d.content === 'string' ? d.content : JSON.stringify(d.content ?? ''),
    contentType: asString(d.content_type) ?? 'text',
  };
  const id = asIdString(d.id);
  if (id) m.id = id;
  const conversationId = asIdString(d.conversation_id);
  if (conversationId) m.conversationId = conversationId;
  const chatId = asIdString(d.chat_id);
  if (chatId) m.chatId = chatId;
  return m;
}

/** Gives a chatflow SSE event (`/v1/workflows/chat`) its meaning; names compared case-insensitively. */
export function toChatEvent(raw: RawSseEvent): ChatEvent {
  const name = (raw.event ?? '').toLowerCase();
  const json = raw.data === '' ? undefined : tryParseJson(raw.data);
  const d = isRecord(json) ? json : undefined;
  if (name === 'done') {
    return d && typeof d.debug_url === 'string' && d.debug_url ? { kind: 'done', debugUrl: d.debug_url } : { kind: 'done' };
  }
  if (name === 'error') {
    const code = d ? asNumber(d.code) : undefined;
    const debugUrl = d ? asString(d.debug_url) : undefined;
    return {
      kind: 'error',
      message: (d && (asString(d.msg) ?? asString(d.message))) || raw.data || 'error',
      ...(code !== undefined ? { code } : {}),
      ...(debugUrl ? { debugUrl } : {}),
    };
  }
  if (d && name.startsWith('conversation.chat.')) return { kind: 'chat', event: name, chat: toChatInfo(d) };
  if (d && name === 'conversation.message.delta') return { kind: 'delta', message: toChatMessage(d) };
  if (d && name === 'conversation.message.completed') return { kind: 'completed', message: toChatMessage(d) };
  return { kind: 'unknown', event: raw.event ?? '', data: raw.data };
}
