import * as vscode from 'vscode';
import { Disposable } from '../lifecycle';
import type { Log } from '../log';
import type { WorkflowStore } from './workflowStore';

const FETCHED = 'coze.workflowNames';
const key = (environmentId: string | undefined, workflowId: string) => `${environmentId ?? ''}#${workflowId}`;

/**
 * The name a person knows a workflow by: the one it is saved under in `.coze/workflows.json` (for its
 * environment, or for any), else the one Coze gave when it was last asked (kept in VS Code's state). The id
 * is what the UI shows only when neither is known.
 */
export class WorkflowNames extends Disposable {
  private saved = new Map<string, string>();
  private readonly learned = this.register(new vscode.EventEmitter<void>());
  /** A name became known or changed (saved in .coze/workflows.json, or given by Coze): titles follow it. */
  readonly onDidChange = this.learned.event;

  constructor(
    private readonly store: WorkflowStore,
    private readonly state: vscode.Memento,
    private readonly log: Log,
  ) {
    super();
    this.register(store.onDidChange(() => void this.reload()));
    void this.reload();
  }

  private async reload(): Promise<void> {
    try {
      const { workflows } = await this.store.load();
      const next = new Map<string, string>();
      for (const w of workflows) {
        if (w.name === w.id) continue;
        next.set(key(w.environment, w.id), w.name);
        if (!next.has(key(undefined, w.id))) next.set(key(undefined, w.id), w.name);
      }
      this.saved = next;
      this.learned.fire();
    } catch (e) {
      this.log.warn('workflows', `names not read: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  nameOf(environmentId: string, workflowId: string): string | undefined {
    return (
      this.saved.get(key(environmentId, workflowId)) ??
      this.saved.get(key(undefined, workflowId)) ??
      this.state.get<Record<string, string>>(FETCHED, {})[key(environmentId, workflowId)]
    );
  }

  /** "name" where it is known, else the id. */
  label(environmentId: string, workflowId: string): string {
    return this.nameOf(environmentId, workflowId) ?? workflowId;
  }

  /** Keeps the name Coze gave for a workflow (from its metadata), for the next time it shows. */
  async remember(environmentId: string, workflowId: string, name: string | undefined): Promise<void> {
    if (!name || name === workflowId) return;
    const all = this.state.get<Record<string, string>>(FETCHED, {});
    if (all[key(environmentId, workflowId)] === name) return;
    // a bounded map: the names of the last 500 workflows asked about
    const entries = Object.entries({ ...all, [key(environmentId, workflowId)]: name }).slice(-500);
    await this.state.update(FETCHED, Object.fromEntries(entries));
    this.learned.fire();
  }
}
