import * as vscode from 'vscode';
import { CAPABILITIES } from '../../core/dialect';
import { parseContainerRef, parseWorkflowRef } from '../../core/workflowRef';
import type { EnvironmentDef } from '../../core/environments';
import { Disposable } from '../lifecycle';
import type { ClientFactory } from '../clientFactory';
import type { ErrorNotifier } from '../errorNotifier';
import type { Log } from '../log';
import type { WorkflowStore } from '../workflows/workflowStore';
import type { WorkflowNames } from '../workflows/workflowNames';
import { ChatPanel } from './chatPanel';
import { ChatSession, type ChatContainer } from './chatSession';

export interface OpenChatArgs {
  /** A chatflow id or a Coze URL (a project URL carries the app id). */
  workflowId?: string;
  /** A first message to send at once (tests, scripted use). */
  message?: string;
  parameters?: Record<string, unknown>;
  /** The app or the agent the chatflow is in (cloud needs one of them). */
  appId?: string;
  botId?: string;
  /** The environment to chat on (a saved chatflow's); else the active one. */
  environmentId?: string;
  /** Tests: how to answer "which app or agent" without a prompt. */
  container?: { kind: 'app' | 'bot'; id: string };
}

const LAST_CHATFLOW = 'coze.lastChatflowId';
/** Chatflow id → the app or agent the user said it is in, so the question is asked once per chatflow. */
const CONTAINERS = 'coze.chatflowContainers';
const WHERE_IDS_ARE = 'https://www.coze.cn/open/docs/developer_guides/workflow_chat';

/** Coze: Chat with Chatflow — one panel per conversation with a chatflow. */
export class ChatManager extends Disposable {
  private readonly sessions = new Map<string, ChatSession>();

  constructor(
    private readonly clients: ClientFactory,
    private readonly store: WorkflowStore,
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
    private readonly state: vscode.Memento,
    private readonly notifier: ErrorNotifier,
    private readonly names: WorkflowNames,
  ) {
    super();
  }

  get(id: string): ChatSession | undefined {
    return this.sessions.get(id);
  }

  /** Opens a chat panel with a chatflow; returns the chat id. */
  async open(args: OpenChatArgs = {}): Promise<string | undefined> {
    const text =
      args.workflowId ??
      (await vscode.window.showInputBox({
        title: vscode.l10n.t('Chat with Chatflow'),
        prompt: vscode.l10n.t('The chatflow id, or paste its URL from Coze (the project URL also tells its app).'),
        value: this.state.get<string>(LAST_CHATFLOW, ''),
        ignoreFocusOut: true,
        validateInput: (v) => (parseWorkflowRef(v) ? undefined : vscode.l10n.t('Enter a chatflow id (a long number like 7500000000000000106) or a Coze URL.')),
      }));
    const ref = text === undefined ? undefined : parseWorkflowRef(text);
    if (!ref) return undefined;
    await this.state.update(LAST_CHATFLOW, ref.workflowId);
    const env = args.environmentId ? this.clients.environments().find((e) => e.id === args.environmentId) : this.clients.activeEnvironment();
    if (!env)
      throw new Error(
        vscode.l10n.t(
          'There is no environment "{0}" in your settings. Add it to coze.environments in your user settings, or change the workflow\'s environment.',
          args.environmentId ?? '',
        ),
      );
    const given: ChatContainer | undefined = args.botId
      ? { botId: args.botId }
      : args.appId
        ? { appId: args.appId }
        : ref.appId
          ? { appId: ref.appId }
          : ref.botId
            ? { botId: ref.botId }
            : undefined;
    const container = given ?? (await this.containerOf(ref.workflowId, env, args.container));
    if (container === null) return undefined;
    const { client, environment } = await this.clients.forEnvironment(env);
    const session = new ChatSession(ref.workflowId, environment, client, this.log, args.parameters, container, this.notifier);
    this.sessions.set(session.id, session);
    const panel = new ChatPanel(session, this.extensionUri, this.log, this.names.label(environment.id, ref.workflowId));
    // a finished conversation lives on the server only: its panel closed, nothing of it stays here
    panel.onDidClose(() => {
      this.sessions.delete(session.id);
      session.dispose();
    });
    if (args.message) void session.send(args.message);
    return session.id;
  }

  /**
   * Where a chatflow lives on cloud, which needs exactly one of app_id and bot_id (reference §7): the saved
   * chatflow's, the one given before, the app Coze reports for it, or else asked. Coze Studio needs neither.
   * Undefined: none needed; null: the user cancelled.
   */
  private async containerOf(workflowId: string, env: EnvironmentDef, answer?: OpenChatArgs['container']): Promise<ChatContainer | undefined | null> {
    const { workflows } = await this.store.load();
    const saved = workflows.find((w) => w.id === workflowId && (!w.environment || w.environment === env.id));
    if (saved?.bot_id) return { botId: saved.bot_id };
    if (saved?.app_id) return { appId: saved.app_id };
    if (!CAPABILITIES[env.dialect].inputSchema) return undefined;
    const remembered = this.state.get<Record<string, ChatContainer>>(CONTAINERS, {})[`${env.id}:${workflowId}`];
    if (remembered) return remembered;
    const reported = await this.clients
      .forEnvironment(env)
      .then(({ client }) => client.getWorkflowInfo(workflowId))
      .then((info) => info.appId)
      .catch(() => undefined);
    if (reported) return { appId: reported };
    const picked = answer ?? (await this.askContainer());
    if (!picked) return null;
    const container: ChatContainer = picked.kind === 'app' ? { appId: picked.id } : { botId: picked.id };
    await this.state.update(CONTAINERS, { ...this.state.get<Record<string, ChatContainer>>(CONTAINERS, {}), [`${env.id}:${workflowId}`]: container });
    return container;
  }

  /** "Which app or agent is this chatflow in?", with why it is asked and where the id is found. */
  private async askContainer(): Promise<{ kind: 'app' | 'bot'; id: string } | undefined> {
    const title = vscode.l10n.t('Which app or agent is this chatflow in?');
    const help = { label: vscode.l10n.t('$(question) Where do I find it?'), container: undefined };
    for (;;) {
      const pick = await vscode.window.showQuickPick(
        [
          {
            label: vscode.l10n.t('$(folder) An app (project)'),
            detail: vscode.l10n.t('The chatflow belongs to an app: its id is in the project URL, after project-ide/.'),
            container: 'app' as const,
          },
          {
            label: vscode.l10n.t('$(hubot) An agent (bot)'),
            detail: vscode.l10n.t('The chatflow is used by an agent: its id is in the agent URL, after bot/.'),
            container: 'bot' as const,
          },
          help,
        ],
        {
          title,
          placeHolder: vscode.l10n.t('On coze.cn and coze.com a chatflow runs inside an app or an agent, and each chat request names it.'),
          ignoreFocusOut: true,
        },
      );
      if (!pick) return undefined;
      if (!pick.container) {
        await vscode.env.openExternal(vscode.Uri.parse(WHERE_IDS_ARE));
        continue;
      }
      const kind = pick.container;
      const text = await vscode.window.showInputBox({
        title,
        prompt:
          kind === 'app'
            ? vscode.l10n.t('The app id, or paste the project URL from Coze.')
            : vscode.l10n.t('The agent (bot) id, or paste the agent URL from Coze.'),
        ignoreFocusOut: true,
        validateInput: (v) =>
          parseContainerRef(v, kind) ? undefined : vscode.l10n.t('Enter a long number like 7500000000000000301, or a Coze URL that holds one.'),
      });
      const parsed = text === undefined ? undefined : parseContainerRef(text, kind);
      if (!parsed) return undefined;
      return 'appId' in parsed ? { kind: 'app', id: parsed.appId } : { kind: 'bot', id: parsed.botId };
    }
  }

  override dispose(): void {
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
    super.dispose();
  }
}
