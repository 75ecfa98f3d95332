import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { CozeError } from '../../core/errors';
import type { CallOptions, CozeClient } from '../../core/client/cozeClient';
import type { RunMode, RunRequest, SyncRunResult } from '../../core/client/types';
import type { EventStream } from '../../core/http/eventStream';
import type { WorkflowEvent } from '../../core/sse/workflowEvents';
import { applyUpdate, emptyRunView, executeIdOf, type RunView } from '../../core/run/runView';
import type { RunErrorView, RunUpdate } from '../../core/run/runUpdate';
import type { EnvironmentDef } from '../../core/environments';
import { opt } from '../../core/opt';
import { Disposable } from '../lifecycle';
import { hintFor, toRunErrorView } from '../errorPresenter';
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
  readonly view: RunView = emptyRunView();
  private readonly abort = new AbortController();
  private readonly updated = this.register(new vscode.EventEmitter<RunUpdate>());
  readonly onDidUpdate = this.updated.event;
  private readonly ended = this.register(new vscode.EventEmitter<RunView>());
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
    this.running ??= this.execute(() => this.openStream());
    return this.running;
  }

  /** Answers the pending interrupt and follows the resumed stream in the same session. */
  resume(answer: string): Promise<void> {
    const interrupt = this.view.interrupt;
    if (!interrupt || this.isActive) return Promise.resolve();
    const req = { workflowId: this.request.workflowId, eventId: interrupt.eventId, interruptType: interrupt.type, resumeData: answer };
    this.log.info('run', `${this.id} answers interrupt ${interrupt.eventId} (type ${interrupt.type})`);
    if (this.mode === 'sync' && this.client.dialect === 'cloud') {
      // a sync run's question is answered with the non-streamed resume, which answers like /run
      this.running = this.execute(() => this.client.streamResume(req, this.callOptions), answer, () => this.client.resume(req, this.callOptions));
    } else {
      this.running = this.execute(() => this.client.streamResume(req, this.callOptions), answer);
    }
    return this.running;
  }

  /** is_async: start, then poll the dialect's run history with backoff until the run ends or asks something. */
  private async runAsync(): Promise<void> {
    const signal = this.abort.signal;
    const started = await this.client.runAsync(this.request, this.callOptions);
    if (started.logid) this.push({ u: 'logid', at: Date.now(), logid: started.logid });
    this.push({ u: 'accepted', at: Date.now(), executeId: started.executeId, ...(started.debugUrl ? { debugUrl: started.debugUrl } : {}) });
    const rec = await httpStack().pollRun(() => this.client.getRunHistory(this.request.workflowId, started.executeId, { signal }), {
      signal,
      onStatus: (r) => this.push({ u: 'polled', at: Date.now(), status: r.status }),
    });
    const debugUrl = rec.debugUrl ?? started.debugUrl;
    if (rec.interrupt) {
      this.push({ u: 'event', at: Date.now(), event: { kind: 'interrupt', interrupt: rec.interrupt, ...(debugUrl ? { debugUrl } : {}) } });
    } else if (rec.status === 'Success') {
      this.push({ u: 'result', at: Date.now(), executeId: rec.executeId, ...opt('data', rec.output), ...opt('debugUrl', debugUrl), ...opt('tokenCount', rec.usage?.tokenCount) });
    } else if (rec.status === 'Cancel') {
      this.push({ u: 'cancelled', at: Date.now() });
    } else {
      const code = rec.errorCode !== undefined && /^\d+$/.test(rec.errorCode) ? Number(rec.errorCode) : undefined;
      const error = { kind: 'workflow' as const, message: rec.errorMessage ?? `The run ended with status ${rec.status}`, hint: hintFor('workflow'), ...opt('code', code), ...opt('debugUrl', debugUrl), ...opt('logid', rec.logid) };
      this.push({ u: 'failed', at: Date.now(), error });
    }
  }

  /** Cancellation, and a visible wait whenever the client retries a request that cannot have started the run. */
  private readonly callOptions: CallOptions = {
    signal: this.abort.signal,
    onRetry: (info) => {
      this.log.warn('run', `${this.id} ${info.reason}: attempt ${info.attempt} of ${info.maxAttempts} in ${info.delayMs} ms`);
      this.push({ u: 'retrying', at: Date.now(), ...info });
    },
  };

  cancel(): void {
    if (this.isActive) this.abort.abort();
  }

  /**
   * Cloud: reads back the complete text of what broken events left incomplete, from the run's history (the
   * End node's output) and its node executions (Output nodes, by node_execute_uuid), and puts it in place.
   * Resolves with whether every incomplete part was replaced.
   */
  async fetchFullOutput(): Promise<boolean> {
    const v = this.view;
    const executeId = executeIdOf(v);
    if (this.client.dialect !== 'cloud' || !executeId || v.incomplete.length === 0) return v.incomplete.length === 0;
    const wanted = new Set(v.incomplete);
    const nodes: { key: string; text: string }[] = [];
    for (const n of v.nodes) {
      if (n.isEnd || !wanted.has(n.title) || !n.executeUuid) continue;
      const r = await this.client.getNodeOutput(this.request.workflowId, executeId, n.executeUuid);
      nodes.push({ key: n.key, text: r.output });
      wanted.delete(n.title);
    }
    let output: string | undefined;
    if (wanted.has('End') || v.nodes.some((n) => n.isEnd && wanted.has(n.title))) {
      output = (await this.client.getRunHistory(this.request.workflowId, executeId)).output;
      if (output !== undefined) for (const n of v.nodes) if (n.isEnd) wanted.delete(n.title);
      if (output !== undefined) wanted.delete('End');
    }
    this.log.info('run', `${this.id} fetched the full output of ${nodes.length} node(s)${output !== undefined ? ' and the End node' : ''}; ${wanted.size} part(s) still incomplete`);
    this.push({ u: 'fetched', at: Date.now(), nodes, ...(output !== undefined ? { output } : {}), complete: wanted.size === 0 });
    return wanted.size === 0;
  }

  private openStream(): Promise<EventStream<WorkflowEvent>> {
    return this.client.streamRun(this.request, this.callOptions);
  }

  private async execute(open: () => Promise<EventStream<WorkflowEvent>>, answer?: string, syncCall?: () => Promise<SyncRunResult>): Promise<void> {
    const resume = answer !== undefined;
    this.push({ u: 'started', at: Date.now(), mode: this.mode, ...(resume ? { resume, answer } : {}) });
    this.log.info('run', `${this.id} ${resume ? 'resume' : this.mode} workflow ${this.request.workflowId} on ${this.environment.name}`);
    try {
      if (this.mode === 'async' && !resume) {
        await this.runAsync();
      } else if (this.mode === 'sync' && (!resume || syncCall)) {
        const r = await (syncCall ?? (() => this.client.runSync(this.request, this.callOptions)))();
        if (r.logid) this.push({ u: 'logid', at: Date.now(), logid: r.logid });
        if (r.interrupt) {
          this.push({ u: 'event', at: Date.now(), event: { kind: 'interrupt', interrupt: r.interrupt, ...(r.debugUrl ? { debugUrl: r.debugUrl } : {}) } });
        } else {
          this.push({ u: 'result', at: Date.now(), ...opt('data', r.data), ...opt('executeId', r.executeId), ...opt('debugUrl', r.debugUrl), ...opt('tokenCount', r.usage?.tokenCount) });
        }
      } else {
        const stream = await open();
        if (stream.logid) {
          this.log.info('run', `${this.id} logid ${stream.logid}`);
          this.push({ u: 'logid', at: Date.now(), logid: stream.logid });
        }
        for await (const batch of stream.batches()) {
          const at = Date.now();
          for (const event of batch) {
            if (event.kind === 'error' && event.transport) this.push({ u: 'failed', at, error: brokenOff(event.message, stream.logid) });
            else this.push({ u: 'event', at, event });
          }
        }
      }
    } catch (e) {
      const err = e instanceof CozeError ? e : new CozeError({ kind: 'network', message: e instanceof Error ? e.message : String(e), cause: e });
      if (err.kind === 'cancelled') this.push({ u: 'cancelled', at: Date.now() });
      else this.push({ u: 'failed', at: Date.now(), error: toRunErrorView(err, { environment: this.environment }) });
      this.log.warn('run', `${this.id} ${err.describe()}`);
    }
    this.log.info('run', `${this.id} ended ${this.view.status}${this.view.debugUrl ? ` debug_url ${this.view.debugUrl}` : ''}`);
    this.ended.fire(this.view);
  }

  override dispose(): void {
    this.abort.abort();
    super.dispose();
  }
}

/** Studio's transport failure (`event: error` with plain text): the server, not the workflow, broke off the run. */
function brokenOff(text: string, logid: string | undefined): RunErrorView {
  const message = vscode.l10n.t('The server broke off the stream with an error: "{0}". The output so far is kept; the run may have stopped on the server.', text);
  return toRunErrorView(new CozeError({ kind: 'server', message, ...(logid ? { logid } : {}) }));
}
