import * as vscode from 'vscode';
import { dirname } from 'node:path';
import type { CozeClient } from '../../core/client/cozeClient';
import { findSavedWorkflow, runOptionsOf } from '../../core/config/workflowsFile';
import type { EnvironmentDef } from '../../core/environments';
import { prettyOutput } from '../../core/model/runState';
import { errorSummary, runMeta } from '../../core/run/output';
import type { CaseResult } from '../../core/testing/suiteRunner';
import { suiteLimit, type SuiteLimit } from '../../core/testing/suiteLimits';
import { testingStack } from '../testingStack';
import { Disposable } from '../lifecycle';
import type { ClientFactory } from '../clientFactory';
import type { EnvironmentService } from '../environments/environmentService';
import type { FileUploads } from '../files/fileUploads';
import { Settings } from '../ids';
import type { Log } from '../log';
import type { WorkflowStore } from '../workflows/workflowStore';
import { TestItems } from './testItems';
import { notify } from '../notify';

/** Test runs are patient with rate limits: 4009, 4020 and HTTP 429 are waited out this many times. */
const TEST_RETRIES = 6;

/**
 * Workflow test suites in the Test Explorer (`.coze/tests/**\/*.test.yaml`): discovered and kept current,
 * run with the same runner as `coze-workflows test`, at the concurrency and QPS of the settings, cancellable.
 * A failure is a diff at the line of the expectation that failed, with the debug URL and the logid; a case's
 * output goes to its test output.
 */
export class WorkflowTests extends Disposable {
  readonly controller = this.register(vscode.tests.createTestController('coze.workflowTests', vscode.l10n.t('Coze Workflows')));
  readonly items: TestItems;

  constructor(
    private readonly clients: ClientFactory,
    private readonly envs: EnvironmentService,
    private readonly store: WorkflowStore,
    private readonly uploads: FileUploads,
    private readonly log: Log,
  ) {
    super();
    this.items = this.register(new TestItems(this.controller, log));
    const profile = this.controller.createRunProfile(vscode.l10n.t('Run'), vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token), true);
    // the profile's gear opens the settings the runs follow
    profile.configureHandler = () => void vscode.commands.executeCommand('workbench.action.openSettings', `${Settings.section}.tests`);
    this.register(profile);
  }

  /** A runner setting, clamped to what the runner accepts; a clamped or ignored value is said in the run's output. */
  private setting(run: vscode.TestRun, name: SuiteLimit): number {
    const { value, note } = suiteLimit(name, vscode.workspace.getConfiguration(Settings.section).get<unknown>(`tests.${name}`));
    if (note) {
      const text = vscode.l10n.t(note.text, ...note.args);
      run.appendOutput(`${text}\r\n`);
      this.log.warn('tests', text);
    }
    return value;
  }

  async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    // in Restricted Mode the cases are listed, but running them sends what a repository names (its files,
    // its datasets, its parameters) to Coze with the user's token: the user trusts the folder first
    if (!vscode.workspace.isTrusted) {
      const run = this.controller.createTestRun(request);
      run.appendOutput(`${vscode.l10n.t('Not run: the folder is not trusted.')}\r\n`);
      run.end();
      this.log.info('tests', 'not run: the folder is not trusted');
      const manage = vscode.l10n.t('Manage Workspace Trust');
      // not awaited: the run has ended, and the answer only opens the trust editor
      void notify
        .warn(
          vscode.l10n.t(
            'Running these workflow tests sends the files, datasets and parameters this folder names to Coze with your token. Trust the folder to run them.',
          ),
          manage,
        )
        .then((choice) => (choice === manage ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
      return;
    }
    const run = this.controller.createTestRun(request);
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    const envOf = new Map<CozeClient, EnvironmentDef>();
    const clientsByEnv = new Map<string, Promise<{ client: CozeClient; environment: EnvironmentDef }>>();
    try {
      const files = await this.items.filesFor(request.include);
      const { workflows } = await this.store.load();
      const ids = (items: readonly vscode.TestItem[] | undefined) => (items?.length ? new Set(items.map((i) => i.id)) : undefined);
      const only = ids(request.include);
      const exclude = ids(request.exclude);
      const summary = await testingStack().runSuite(files, {
        clientFor: (id) => {
          let env;
          try {
            env = this.envs.forWorkflow(id);
          } catch (e) {
            return Promise.reject(e instanceof Error ? e : new Error(String(e)));
          }
          let made = clientsByEnv.get(env.id);
          if (!made) {
            made = this.clients.forEnvironment(env, { maxRetries: TEST_RETRIES }).then((c) => (envOf.set(c.client, c.environment), c));
            clientsByEnv.set(env.id, made);
          }
          return made;
        },
        resolveWorkflow: (ref) => {
          const { workflowId, saved } = findSavedWorkflow(workflows, ref);
          return { workflowId, options: saved ? runOptionsOf(saved) : {}, ...(saved?.environment ? { environment: saved.environment } : {}) };
        },
        encodeFile: async (file, client) => (await this.uploads.upload(envOf.get(client)!, file, { signal: abort.signal })).value,
        // a test file names files: they stay inside its workspace folder, links followed
        filesRoot: (testFile) => vscode.workspace.getWorkspaceFolder(vscode.Uri.file(testFile))?.uri.fsPath ?? dirname(testFile),
        concurrency: this.setting(run, 'concurrency'),
        qps: this.setting(run, 'qps'),
        signal: abort.signal,
        ...(only ? { only } : {}),
        ...(exclude ? { exclude } : {}),
        onCaseStart: (c) => {
          const item = this.items.itemFor(c.file, c.spec.name, c.rowLine, c.row);
          if (item) run.started(item);
        },
        onCaseEnd: (r) => this.report(run, r),
      });
      if (summary.stoppedBecause && summary.stoppedBecause !== 'cancelled') {
        const why = summary.stoppedTemplate ? vscode.l10n.t(summary.stoppedTemplate.text, ...summary.stoppedTemplate.args) : summary.stoppedBecause;
        run.appendOutput(this.log.mask(`${why}\r\n`));
        void notify.warn(this.log.mask(why));
      }
      this.log.info(
        'tests',
        `${summary.totals.passed} passed, ${summary.totals.failed + summary.totals.errors} failed, ${summary.totals.retries} rate-limit and ${summary.totals.connectionRetries} connection retries in ${summary.durationMs} ms`,
      );
    } finally {
      sub.dispose();
      run.end();
    }
  }

  private report(run: vscode.TestRun, r: CaseResult): void {
    const item = this.items.itemFor(r.case.file, r.case.spec.name, r.case.rowLine, r.case.row);
    if (!item) return;
    const uri = vscode.Uri.file(r.case.file);
    const v = r.view;
    // what a workflow said may hold the token (a server that echoes it): every text shown goes through the mask
    const mask = (text: string) => this.log.mask(text);
    const meta = [
      ...(v ? runMeta(v) : []),
      r.retries ? vscode.l10n.t('{0} rate-limit retries', r.retries) : '',
      r.connectionRetries ? vscode.l10n.t('{0} connection retries', r.connectionRetries) : '',
      r.runs
        ? vscode.l10n.t(
            'passed {0} of {1} runs: {2}',
            r.runs.filter((x) => x.outcome === 'passed').length,
            r.runs.length,
            r.runs.map((x) => (x.outcome === 'passed' ? '✔' : '✘')).join(' '),
          )
        : '',
      r.judge
        ? r.judge.score !== undefined
          ? vscode.l10n.t(
              'judge {0}: score {1} (threshold {2}) · {3}',
              r.judge.workflow,
              r.judge.score.toFixed(2),
              r.judge.threshold.toFixed(2),
              r.judge.reason ?? '',
            )
          : vscode.l10n.t('judge {0}: no score · {1}', r.judge.workflow, r.judge.reason ?? '')
        : '',
      r.judge?.debugUrl ? vscode.l10n.t('judge run: {0}', r.judge.debugUrl) : '',
    ]
      .filter(Boolean)
      .join('\n');
    const out = [
      `▶ ${r.case.title}`,
      ...(v?.nodes ?? []).filter((n) => !n.isEnd).map((n) => `[${n.title}] ${n.text}`),
      v?.output !== undefined ? `[output] ${prettyOutput(v.output)}` : '',
      v?.error ? `[error] ${errorSummary(v.error)}` : '',
      meta,
    ];
    run.appendOutput(
      mask(`${out.filter(Boolean).join('\n').replace(/\r?\n/g, '\r\n')}\r\n`),
      new vscode.Location(uri, new vscode.Position(r.case.line - 1, 0)),
      item,
    );
    switch (r.outcome) {
      case 'passed':
        run.passed(item, r.durationMs);
        return;
      case 'skipped':
        run.skipped(item);
        return;
      case 'error':
        run.errored(item, new vscode.TestMessage(mask(r.error ?? 'error')), r.durationMs);
        return;
      case 'failed':
        run.failed(
          item,
          r.failures.map((f) => {
            // the failure in the display language: core words it as a template with its arguments
            const message = vscode.l10n.t(f.template.text, ...f.template.args);
            const m = vscode.TestMessage.diff(mask(meta ? `${message}\n${meta}` : message), mask(f.expected), mask(f.actual));
            m.location = new vscode.Location(uri, new vscode.Position(f.line - 1, f.column - 1));
            return m;
          }),
          r.durationMs,
        );
    }
  }
}
