import type * as vscode from 'vscode';
import type { RunMode, RunRequest } from '../../core/model/workflow';
import type { EnvironmentDef } from '../../core/environments';
import type { RunUpdate } from '../../core/model/runUpdate';
import type { RunState } from '../../core/model/runState';

/** What a run panel shows: a live session, or a run read back from history. */
export interface RunSource {
  readonly id: string;
  readonly request: RunRequest;
  /** The name the workflow is known by, when there is one (else the UI shows its id). */
  readonly workflowName?: string | undefined;
  readonly mode: RunMode;
  readonly environment: EnvironmentDef;
  readonly updates: readonly RunUpdate[];
  readonly view: RunState;
  readonly onDidUpdate: vscode.Event<RunUpdate>;
  cancel(): void;
  resume(answer: string): Promise<void>;
  /** Reads back what broken events left incomplete (live cloud runs only). */
  fetchFullOutput?(): Promise<boolean>;
}
