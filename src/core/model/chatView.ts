import type { ChatEvent } from './events';
import type { Usage } from './events';
import type { RunErrorView } from './runUpdate';

/** One step of a chatflow conversation, as recorded and posted to the chat panel. */
export type ChatUpdate =
  | { c: 'user'; at: number; text: string }
  | { c: 'event'; at: number; event: ChatEvent }
  | { c: 'logid'; at: number; logid: string }
  | { c: 'failed'; at: number; error: RunErrorView }
  | { c: 'cancelled'; at: number }
  | { c: 'newConversation'; at: number };

export type TurnStatus = 'streaming' | 'completed' | 'requires_action' | 'failed' | 'cancelled';

export interface ChatTurn {
  user: string;
  /** The answer as it streams (deltas merged); replaced by the completed message. */
  answer: string;
  /** Follow-up suggestions and other non-answer messages. */
  extras: string[];
  status: TurnStatus;
  startedAt: number;
  firstAt?: number;
  endedAt?: number;
  usage?: Usage;
  error?: RunErrorView;
  debugUrl?: string;
  executeId?: string;
}

export interface ChatView {
  conversationId?: string;
  turns: ChatTurn[];
  logid?: string;
  /** The last turn asked a question (requires_action): the next message answers it. */
  awaitingAnswer: boolean;
}

export function emptyChatView(): ChatView {
  return { turns: [], awaitingAnswer: false };
}

export function isChatBusy(view: ChatView): boolean {
  return view.turns.at(-1)?.status === 'streaming';
}

/** Folds one update into the conversation; used by the host and the chat webview alike. */
export function applyChatUpdate(view: ChatView, update: ChatUpdate): ChatView {
  const turn = view.turns.at(-1);
  switch (update.c) {
    case 'user':
      view.turns.push({ user: update.text, answer: '', extras: [], status: 'streaming', startedAt: update.at });
      view.awaitingAnswer = false;
      break;
    case 'logid':
      view.logid = update.logid;
      break;
    case 'newConversation':
      delete view.conversationId;
      view.turns = [];
      view.awaitingAnswer = false;
      break;
    case 'failed':
      if (turn) {
        turn.status = 'failed';
        turn.error = update.error;
        turn.endedAt = update.at;
      }
      break;
    case 'cancelled':
      if (turn && turn.status === 'streaming') {
        turn.status = 'cancelled';
        turn.endedAt = update.at;
      }
      break;
    case 'event':
      if (turn) applyChatEvent(view, turn, update.event, update.at);
      break;
  }
  return view;
}

function applyChatEvent(view: ChatView, turn: ChatTurn, e: ChatEvent, at: number): void {
  switch (e.kind) {
    case 'chat':
      if (e.chat.conversationId) view.conversationId = e.chat.conversationId;
      if (e.chat.executeId) turn.executeId = e.chat.executeId;
      if (e.chat.usage) turn.usage = e.chat.usage;
      if (e.event === 'conversation.chat.requires_action') {
        turn.status = 'requires_action';
        view.awaitingAnswer = true;
      } else if (e.event === 'conversation.chat.failed') {
        turn.status = 'failed';
        turn.error = {
          kind: 'workflow',
          message: e.chat.lastError?.msg ?? 'The chat failed',
          hint: '',
          ...(e.chat.lastError?.code ? { code: e.chat.lastError.code } : {}),
        };
      }
      break;
    case 'delta':
      if (e.message.conversationId) view.conversationId = e.message.conversationId;
      if (e.message.type === 'answer' || e.message.type === 'question') {
        turn.firstAt ??= at;
        turn.answer += e.message.content;
      }
      break;
    case 'completed':
      if (e.message.type === 'answer' || e.message.type === 'question') turn.answer = e.message.content;
      else if (e.message.type === 'follow_up') turn.extras.push(e.message.content);
      break;
    case 'error':
      turn.status = 'failed';
      turn.error = {
        kind: 'workflow',
        message: e.message,
        hint: '',
        ...(e.code !== undefined ? { code: e.code } : {}),
        ...(e.debugUrl ? { debugUrl: e.debugUrl } : {}),
      };
      turn.endedAt = at;
      break;
    case 'done':
      if (e.debugUrl) turn.debugUrl = e.debugUrl;
      if (turn.status === 'streaming') turn.status = 'completed';
      turn.endedAt = at;
      break;
    case 'unknown':
      break;
  }
}
