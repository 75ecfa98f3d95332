import type { RunMode, RunRequest } from '../../core/model/workflow';
import type { EnvironmentDef } from '../../core/environments';

/** Everything a run needs but its parameters: what a panel's editor runs, again and again. */
export interface LaunchSpec {
  workflowId: string;
  environment: EnvironmentDef;
  mode: RunMode;
  /** The request's routing fields (bot_id or app_id, version, connector, ext). */
  options: Omit<RunRequest, 'workflowId' | 'parameters'>;
  /** What the editor starts with, when not what was last typed for this workflow (a prefilled file, a run's own). */
  parametersText?: string;
}

/** The launch of an existing run (a live session or one from history): the same workflow, environment, mode and options. */
export function launchOf(source: { request: RunRequest; mode: RunMode; environment: EnvironmentDef }): LaunchSpec {
  const { workflowId, parameters, ...options } = source.request;
  return { workflowId, environment: source.environment, mode: source.mode, options, parametersText: JSON.stringify(parameters ?? {}, null, 2) };
}
