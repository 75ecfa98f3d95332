import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { CozeClient } from '../../core/client/cozeClient';
import type { RunMode, RunRequest } from '../../core/model/workflow';
import type { ResumeWith } from '../../core/run/engine';
import { applyUpdate, emptyRunState, type RunState } from '../../core/model/runState';
import type { RunUpdate } from '../../core/model/runUpdate';
import type { EnvironmentDef } from '../../core/environments';
import { Disposable } from '../lifecycle';
import { toRunErrorView } from '../errorPresenter';
import { httpStack } from '../httpStack';
import type { Log } from '../log';
import type { RunSource } from './runSource';

/**
 * One run, from start to its last event, independent of any panel: closing the panel does not stop it.
 * Keeps every update (for panels that open later and for history) and the folded view.
 */
export class RunSession extends Disposable implements RunSource {
  /** Unique across windows and sessions (history of every window shares one folder per workspace). */
  readonly id = randomUUID();
  readonly updates: RunUpdate[] = [];
  readonly view: RunState = emptyRunState();
  private readonly abort = new AbortController();
  private readonly updated = this.register(new vscode.EventEmitter<RunUpdate>());
  readonly onDidUpdate = this.updated.event;
  private readonly ended = this.register(new vscode.EventEmitter<RunState>());
  readonly onDidEnd = this.ended.event;
  private running: Promise<void> | undefined;

  constructor(
    readonly request: RunRequest,
    readonly mode: RunMode,
    readonly environment: EnvironmentDef,
    private readonly client: CozeClient,
    private readonly log: Log,
    /** The name the workflow is known by (saved, or given by Coze), when there is one. */
    readonly workflowName?: string,
  ) {
    super();
  }

  get isActive(): boolean {
    return this.view.status === 'pending' || this.view.status === 'running';
  }

  private push(update: RunUpdate): void {
    this.updates.push(update);
    applyUpdate(this.view, update);
    this.updated.fire(update);
  }

  /** Starts the run; resolves when it has ended (never rejects: failures become updates). */
  start(): Promise<void> {
    this.running ??= this.leg(undefined);
    return this.running;
  }

  /** Answers the pending interrupt and follows the resumed run in the same session. */
  resume(answer: string): Promise<void> {
    const interrupt = this.view.interrupt;
    if (!interrupt || this.isActive) return Promise.resolve();
    this.log.info('run', `${this.id} answers interrupt ${interrupt.eventId} (type ${interrupt.type})`);
    this.running = this.leg({ eventId: interrupt.eventId, type: interrupt.type, answer });
    return this.running;
  }

  cancel(): void {
    if (this.isActive) this.abort.abort();
  }

  /**
   * Cloud: reads back the complete text of what broken events left incomplete and puts it in place.
   * Resolves with whether every incomplete part was replaced.
   */
  async fetchFullOutput(): Promise<boolean> {
    const fetched = await httpStack().fetchFullOutput(this.client, this.request.workflowId, this.view, this.abort.signal);
    if (!fetched) return this.view.incomplete.length === 0;
    this.log.info(
      'run',
      `${this.id} fetched the full output of ${fetched.nodes.length} node(s)${fetched.output !== undefined ? ' and the End node' : ''}; ${fetched.complete ? 'complete' : 'parts still incomplete'}`,
    );
    this.push(fetched);
    return fetched.complete;
  }

  /** One leg through the run engine: the start, or the answer to a question. */
  private async leg(resume: ResumeWith | undefined): Promise<void> {
    this.log.info('run', `${this.id} ${resume ? 'resume' : this.mode} workflow ${this.request.workflowId} on ${this.environment.name}`);
    await httpStack().runLeg(this.client, this.request, this.mode, resume, (u) => this.push(u), {
      signal: this.abort.signal,
      onRetry: (info) => this.log.warn('run', `${this.id} ${info.reason}: attempt ${info.attempt} of ${info.maxAttempts} in ${info.delayMs} ms`),
      describeError: (e) => {
        if (e.kind !== 'cancelled') this.log.warn('run', `${this.id} ${e.describe()}`);
        return toRunErrorView(e, { environment: this.environment });
      },
    });
    this.log.info('run', `${this.id} ended ${this.view.status}${this.view.debugUrl ? ` debug_url ${this.view.debugUrl}` : ''}`);
    this.ended.fire(this.view);
  }

  override dispose(): void {
    this.abort.abort();
    super.dispose();
  }
}
