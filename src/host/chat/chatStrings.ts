import * as vscode from 'vscode';
import type { ChatStringKey } from '../../shared/chatProtocol';

export const chatStrings: Record<ChatStringKey, () => string> = {
  'chat.placeholder': () => vscode.l10n.t('Message the chatflow (Enter to send, Shift+Enter for a new line)'),
  'chat.answerPlaceholder': () => vscode.l10n.t('Answer the question above'),
  'chat.send': () => vscode.l10n.t('Send'),
  'chat.new': () => vscode.l10n.t('New Conversation'),
  'chat.cancel': () => vscode.l10n.t('Stop'),
  'chat.you': () => vscode.l10n.t('You'),
  'chat.workflow': () => vscode.l10n.t('Chatflow'),
  'chat.thinking': () => vscode.l10n.t('…'),
  'chat.failed': () => vscode.l10n.t('Failed'),
  'chat.cancelled': () => vscode.l10n.t('Stopped'),
  'chat.question': () => vscode.l10n.t('The chatflow asks; your next message answers it.'),
  'chat.conversation': () => vscode.l10n.t('Conversation'),
  'chat.empty': () => vscode.l10n.t('Send a message to start the conversation.'),
  'chat.tokens': () => vscode.l10n.t('tokens'),
};
