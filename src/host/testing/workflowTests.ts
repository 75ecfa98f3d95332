import * as vscode from 'vscode';
import { dirname } from 'node:path';
import type { CozeClient } from '../../core/client/cozeClient';
import { findSavedWorkflow, runOptionsOf } from '../../core/config/workflowsFile';
import type { EnvironmentDef } from '../../core/environments';
import { prettyOutput } from '../../core/model/runState';
import { CAPABILITIES } from '../../core/dialect';
import type { Baseline, Change, Comparison } from '../../core/testing/baseline';
import { resultLine, type ResultLine } from '../../core/testing/resultsFile';
import { runSuite, type CaseResult } from '../../core/testing/suiteRunner';
import type { TestFile } from '../../core/testing/testFile';
import { suiteLimit, type SuiteLimit } from '../../core/testing/suiteLimits';
import { Disposable } from '../lifecycle';
import type { ClientFactory } from '../clientFactory';
import type { EnvironmentService } from '../environments/environmentService';
import type { FileUploads } from '../files/fileUploads';
import { Settings } from '../ids';
import type { Log } from '../log';
import type { WorkflowStore } from '../workflows/workflowStore';
import { LastRun } from './lastRun';
import { TestItems } from './testItems';
import { notify } from '../notify';
import { errorSummaryText } from '../errorPresenter';

/** Test runs are patient with rate limits: 4009, 4020 and HTTP 429 are waited out this many times. */
const TEST_RETRIES = 6;

/** What a run profile adds to a run: published versions to run, or the last run to compare with. */
interface RunExtras {
  versions?: ReadonlyMap<string, string>;
  compare?: boolean;
}

/**
 * Workflow test suites in the Test Explorer (`.coze/tests/**\/*.test.yaml`): discovered and kept current,
 * run with the same runner as `coze-workflows test`, at the concurrency and QPS of the settings, cancellable.
 * A failure is a diff at the line of the expectation that failed, with the debug URL and the logid; a case's
 * output goes to its test output.
 */
export class WorkflowTests extends Disposable {
  readonly controller = this.register(vscode.tests.createTestController('coze.workflowTests', vscode.l10n.t('Coze Workflows')));
  readonly items: TestItems;

  private readonly lastRun: LastRun;
  /** Run; Run against Version… (a published version of each workflow); Compare with Last Run. */
  readonly profiles: Record<'run' | 'version' | 'compare', vscode.TestRunProfile>;

  constructor(
    private readonly clients: ClientFactory,
    private readonly envs: EnvironmentService,
    private readonly store: WorkflowStore,
    private readonly uploads: FileUploads,
    private readonly log: Log,
    storage: vscode.Uri,
  ) {
    super();
    this.items = this.register(new TestItems(this.controller, log));
    this.lastRun = new LastRun(storage);
    this.profiles = {
      run: this.controller.createRunProfile(vscode.l10n.t('Run'), vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token), true),
      version: this.controller.createRunProfile(vscode.l10n.t('Run against Version…'), vscode.TestRunProfileKind.Run, (request, token) =>
        this.runAgainstVersion(request, token),
      ),
      compare: this.controller.createRunProfile(vscode.l10n.t('Compare with Last Run'), vscode.TestRunProfileKind.Run, (request, token) =>
        this.run(request, token, { compare: true }),
      ),
    };
    for (const profile of Object.values(this.profiles)) {
      // the profile's gear opens the settings the runs follow
      profile.configureHandler = () => void vscode.commands.executeCommand('workbench.action.openSettings', `${Settings.section}.tests`);
      this.register(profile);
    }
  }

  /**
   * Asks which published version of each workflow the selected cases run (cloud lists them; Coze Studio has no
   * list with a token, so the version is typed), then runs them at those versions. Escape runs nothing.
   */
  private async runAgainstVersion(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const files = await this.items.filesFor(request.include);
    const selected = this.selectedCases(files, request);
    const refs = [...new Set(selected.map((c) => c.workflow))];
    const { workflows } = await this.store.load();
    const versions = new Map<string, string>();
    for (const [i, ref] of refs.entries()) {
      const { workflowId, saved } = findSavedWorkflow(workflows, ref);
      const name = saved?.name ?? ref;
      const step = refs.length > 1 ? vscode.l10n.t('{0} ({1} of {2})', name, i + 1, refs.length) : name;
      const env = this.envs.forWorkflow(saved?.environment ?? selected.find((c) => c.workflow === ref)?.environment);
      let chosen: string | undefined;
      if (CAPABILITIES[env.dialect].listVersions) {
        const { client } = await this.clients.forEnvironment(env, { maxRetries: TEST_RETRIES });
        const listed = await client.listWorkflowVersions(workflowId);
        const picked = await vscode.window.showQuickPick(
          listed.map((v) => ({
            label: v.version,
            description: v.description ?? '',
            detail: v.createdAt ? new Date(v.createdAt * 1000).toLocaleString(vscode.env.language) : '',
          })),
          { title: vscode.l10n.t('Run against which published version of {0}?', step), placeHolder: vscode.l10n.t('{0} published version(s)', listed.length) },
          token,
        );
        chosen = picked?.label;
      } else {
        chosen = await vscode.window.showInputBox(
          {
            title: vscode.l10n.t('Run against which published version of {0}?', step),
            prompt: vscode.l10n.t('Coze Studio lists no versions to an access token: type the version, as published (for example v0.0.1).'),
            validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A version is needed.')),
          },
          token,
        );
      }
      if (!chosen?.trim()) return;
      versions.set(ref, chosen.trim());
    }
    await this.run(request, token, { versions });
  }

  /** The workflow of each case a request names (all of them, when it names none), and the environment its file gives. */
  private selectedCases(files: readonly TestFile[], request: vscode.TestRunRequest): { workflow: string; environment?: string }[] {
    const ids = new Set((request.include ?? []).map((i) => i.id));
    return files.flatMap((f) =>
      f.cases
        .filter((c) => ids.size === 0 || ids.has(f.path) || [...ids].some((id) => id.startsWith(`${f.path}#${c.name}`)))
        .map((c) => ({ workflow: c.workflow, ...(f.environment ? { environment: f.environment } : {}) })),
    );
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

  async run(request: vscode.TestRunRequest, token: vscode.CancellationToken, extras: RunExtras = {}): Promise<void> {
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
    const lines = new Map<string, ResultLine>();
    let baseline: Baseline | undefined;
    try {
      if (extras.compare) {
        baseline = await this.lastRun.baseline();
        if (!baseline) run.appendOutput(`${vscode.l10n.t('No earlier run to compare with: this run becomes the one the next comparison uses.')}\r\n`);
      }
      if (extras.versions?.size)
        run.appendOutput(`${vscode.l10n.t('Published versions: {0}', [...extras.versions].map(([w, v]) => `${w} ${v}`).join(', '))}\r\n`);
      const files = await this.items.filesFor(request.include);
      const { workflows } = await this.store.load();
      const ids = (items: readonly vscode.TestItem[] | undefined) => (items?.length ? new Set(items.map((i) => i.id)) : undefined);
      const only = ids(request.include);
      const exclude = ids(request.exclude);
      const summary = await runSuite(files, {
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
        ...(extras.versions?.size ? { versions: extras.versions } : {}),
        onCaseEnd: (r) => {
          const line = resultLine(r);
          lines.set(line.id, line);
          this.report(run, r, baseline?.add(line) ?? []);
        },
      });
      if (baseline) this.reportComparison(run, baseline.finish(false));
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
      await this.lastRun
        .save(lines, (text) => this.log.mask(text))
        .catch((e: unknown) => this.log.warn('tests', `the last results were not kept: ${String(e)}`));
    }
  }

  /** Against the last run: the counts in the output, and a warning that names the regressions. */
  private reportComparison(run: vscode.TestRun, c: Comparison): void {
    const text = vscode.l10n.t(
      'Against the last run: {0} regression(s), {1} fix(es), {2} change(s) beyond noise, {3} new.',
      c.regressions.length,
      c.fixes.length,
      c.changes.length,
      c.newCases.length,
    );
    run.appendOutput(this.log.mask(`${text}\r\n`));
    if (c.regressions.length)
      void notify.warn(
        this.log.mask(
          vscode.l10n.t('{0} case(s) that passed in the last run fail now: {1}', c.regressions.length, c.regressions.map((r) => r.title).join(', ')),
        ),
      );
  }

  private report(run: vscode.TestRun, r: CaseResult, changes: readonly Change[]): void {
    const item = this.items.itemFor(r.case.file, r.case.spec.name, r.case.rowLine, r.case.row);
    if (!item) return;
    const uri = vscode.Uri.file(r.case.file);
    const v = r.view;
    // what a workflow said may hold the token (a server that echoes it): every text shown goes through the mask
    const mask = (text: string) => this.log.mask(text);
    const meta = [
      v?.debugUrl ? vscode.l10n.t('debug_url: {0}', v.debugUrl) : '',
      v?.logid ? vscode.l10n.t('logid: {0}', v.logid) : '',
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
      ...changes.map((c) => sinceLastRun(c)),
    ]
      .filter(Boolean)
      .join('\n');
    const out = [
      `▶ ${r.case.title}`,
      ...(v?.nodes ?? []).filter((n) => !n.isEnd).map((n) => `[${n.title}] ${n.text}`),
      v?.output !== undefined ? `[output] ${prettyOutput(v.output)}` : '',
      v?.error ? `[error] ${errorSummaryText(v.error)}` : '',
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

/** A change since the last run, in the display language. */
function sinceLastRun(c: Change): string {
  switch (c.kind) {
    case 'regression':
      return vscode.l10n.t('Regression: passed in the last run, fails now');
    case 'fix':
      return vscode.l10n.t('Fixed: failed in the last run, passes now');
    case 'new':
      return '';
    case 'score':
      return vscode.l10n.t("The judge's score moved from {0} to {1} since the last run", c.before ?? '', c.after ?? '');
    case 'time':
      return vscode.l10n.t('The time moved from {0} to {1} since the last run', c.before ?? '', c.after ?? '');
    default:
      return vscode.l10n.t('The tokens moved from {0} to {1} since the last run', c.before ?? '', c.after ?? '');
  }
}
