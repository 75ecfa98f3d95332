/** Chatflow conversations: turn counters, a pending question, studio's CONVERSATION_NAME binding. */
import type { IdCounter } from './ids';

export interface Conversation {
  id: string;
  sectionId: string;
  name?: string;
  turns: number;
  /** The chatflow asked a question; the next user message answers it. */
  pendingQuestion: boolean;
  /** Unix seconds. */
  createdAt: number;
}

export class ChatStore {
  private readonly byId = new Map<string, Conversation>();
  private readonly byName = new Map<string, string>();

  constructor(private readonly ids: IdCounter) {}

  /** Returns the conversation with this id, creating it when unknown. */
  byIdOrCreate(id: string): Conversation {
    return this.byId.get(id) ?? this.add(id);
  }

  /** studio: the conversation bound to a name (created on first use). */
  byNameOrCreate(name: string): Conversation {
    const id = this.byName.get(name);
    if (id) return this.byIdOrCreate(id);
    const c = this.add(this.ids.take(), name);
    this.byName.set(name, c.id);
    return c;
  }

  create(): Conversation {
    return this.add(this.ids.take());
  }

  private add(id: string, name?: string): Conversation {
    const c: Conversation = { id, sectionId: id, turns: 0, pendingQuestion: false, createdAt: Math.floor(Date.now() / 1000), ...(name ? { name } : {}) };
    this.byId.set(id, c);
    return c;
  }

  clear(): void {
    this.byId.clear();
    this.byName.clear();
  }
}
