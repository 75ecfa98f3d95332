import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/host/ids';
import { closeAll, dom, extensionApi, recordedRequests, servers, setToken, tokenOf, useLocalEnvironments, waitFor } from './support/host';

const HELLO = '7500000000000000101';
const ASK = '7500000000000000102';
const DESCRIBE = '7500000000000000103';
const UNPUBLISHED = '7500000000000000107';
/** VS Code's LogLevel values, for workbench.action.setDefaultLogLevel. */
const TRACE = 1;
const INFO = 3;

/** Every file under a folder (missing folders are empty). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : Promise.resolve([path.join(dir, e.name)]))));
  return nested.flat();
}

interface Place {
  place: string;
  items: number;
  bytes: number;
  hits: string[];
}

/** Looks for each needle in each named text of a place; a hit names the text and the needle's label. */
function scan(place: string, texts: [string, string][], needles: [string, string][]): Place {
  const hits: string[] = [];
  let bytes = 0;
  for (const [name, text] of texts) {
    bytes += Buffer.byteLength(text);
    for (const [label, needle] of needles) if (text.includes(needle)) hits.push(`${name}: ${label}`);
  }
  return { place, items: texts.length, bytes, hits };
}

async function readAll(files: string[]): Promise<[string, string][]> {
  return Promise.all(files.map(async (f) => [f, await fs.readFile(f, 'latin1').catch(() => '')] as [string, string]));
}

describe('secrets: the token leaves SecretStorage only as the Authorization header', function () {
  this.timeout(180_000);
  useLocalEnvironments();
  const suffix = randomBytes(6).toString('hex');
  const cloudToken = `pat_local_demo_leak_scan_cloud_${suffix}`;
  const studioToken = `pat_local_demo_leak_scan_studio_${suffix}`;
  // the whole tokens, and what a careless mask would leave of them (all but the "pat_" prefix)
  const needles: [string, string][] = [
    ['cloud token', cloudToken],
    ['studio token', studioToken],
    ['cloud token without its prefix', cloudToken.slice(4)],
    ['studio token without its prefix', studioToken.slice(4)],
  ];
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;

  async function scanEverything(): Promise<Place[]> {
    const api = await extensionApi();
    const { places } = api;
    const logFiles = await filesUnder(places.logUri.fsPath);
    const storageFiles = [...(await filesUnder(places.globalStorageUri.fsPath)), ...(places.storageUri ? await filesUnder(places.storageUri.fsPath) : [])];
    const userSettings = path.resolve(places.globalStorageUri.fsPath, '..', '..', 'settings.json');
    const settingsFiles = [userSettings, path.join(folder(), '.vscode', 'settings.json')];
    const coze = vscode.workspace.getConfiguration('coze');
    const configured = Object.keys(coze).filter((k) => typeof (coze as unknown as Record<string, unknown>)[k] !== 'function');
    const mementos = (m: vscode.Memento, scope: string): [string, string][] => m.keys().map((k) => [`${scope} ${k}`, JSON.stringify(m.get(k))]);
    const result = [
      scan('log (trace level)', await readAll(logFiles), needles),
      scan('history and storage', await readAll(storageFiles), needles),
      scan(
        'settings',
        [...(await readAll(settingsFiles)), ...configured.map((k): [string, string] => [`coze.${k}`, JSON.stringify(coze.inspect(k))])],
        needles,
      ),
      scan('.coze/', await readAll(await filesUnder(path.join(folder(), '.coze'))), needles),
      scan('extension state', [...mementos(places.globalState, 'global'), ...mementos(places.workspaceState, 'workspace')], needles),
      scan('clipboard', [['clipboard', await vscode.env.clipboard.readText()]], needles),
    ];
    if (dom.available()) {
      result.push(scan('webview DOM', [['newest panel', String(await dom.webviewProbe('everything'))]], needles));
      result.push(scan('workbench DOM', [['workbench', await dom.workbenchEverything()]], needles));
    }
    return result;
  }

  function print(title: string, places: Place[]): void {
    const hits = places.reduce((n, p) => n + p.hits.length, 0);
    console.log(
      `      ${title}: ${places.length} places, ${places.reduce((n, p) => n + p.items, 0)} items, ${(places.reduce((n, p) => n + p.bytes, 0) / 1024).toFixed(0)} KB scanned, ${hits} token hits`,
    );
    for (const p of places)
      console.log(
        `        ${p.place.padEnd(20)} ${String(p.items).padStart(4)} items ${(p.bytes / 1024).toFixed(1).padStart(9)} KB  ${p.hits.length} hits${p.hits.length ? `: ${p.hits.join('; ')}` : ''}`,
      );
  }

  before(async () => {
    await vscode.commands.executeCommand('workbench.action.setDefaultLogLevel', TRACE, EXTENSION_ID);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.setDefaultLogLevel', INFO, EXTENSION_ID);
    await setToken('local-cloud', servers().token);
    await setToken('local-studio', servers().token);
  });

  it('a full session (sign in, runs, an error, an upload, copy as curl, history, trace logs) leaves zero hits', async () => {
    const api = await extensionApi();
    const run = async (args: Record<string, unknown>, expect: string) => {
      const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', args);
      const session = api.runs.get(runId)!;
      await waitFor(`run ${JSON.stringify(args)}`, () => (session.isActive ? undefined : true));
      assert.equal(session.view.status, expect, session.view.error?.message);
      return runId;
    };
    for (const [environmentId, token] of [
      ['local-studio', studioToken],
      ['local-cloud', cloudToken],
    ] as const) {
      await vscode.commands.executeCommand('coze.selectEnvironment', { environmentId });
      // as Sign In stores it (typing it into the input box is the sign-in test's; a hidden input keeps what was typed)
      await setToken(environmentId, token);
      const report = await vscode.commands.executeCommand<{ ok: boolean }>('coze.testConnection');
      assert.equal(report?.ok, true);
    }
    const cloudBefore = (await recordedRequests(servers().cloud)).length;
    const studioBefore = (await recordedRequests(servers().studio)).length;

    const first = await run({ workflowId: HELLO, parameters: { name: 'scan' } }, 'succeeded');
    await run({ workflowId: HELLO, parameters: { name: 'sync' }, mode: 'sync' }, 'succeeded');
    await run({ workflowId: UNPUBLISHED, parameters: {} }, 'failed');
    await run({ workflowId: HELLO, parameters: { name: 'studio' }, environmentId: 'local-studio' }, 'succeeded');
    const askId = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: ASK, parameters: {} });
    await waitFor('the question', () => api.runs.get(askId)?.view.status === 'interrupted');
    await vscode.commands.executeCommand('coze.resumeInterrupt', { runId: askId, answer: 'red' });
    await waitFor('the resumed run', () => api.runs.get(askId)?.view.status === 'succeeded');
    const file = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'inputs', 'leak-scan.txt');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('what the token must never touch\n'));
    const upload = (await vscode.commands.executeCommand('coze.uploadFileAsInput', file, [file], {
      workflowId: DESCRIBE,
      environmentId: 'local-cloud',
      field: 'file',
    })) as { values: string[] };
    await run({ workflowId: DESCRIBE, parameters: { file: upload.values[0] } }, 'succeeded');
    const curl = await vscode.commands.executeCommand<string>('coze.copyAsCurl', { runId: first });
    assert.match(curl, /\$COZE_API_TOKEN/);
    await vscode.commands.executeCommand('coze.copyAsCode', { runId: first }, 'python');
    await vscode.commands.executeCommand('coze.copyAsCurl', { runId: first });
    await vscode.commands.executeCommand('coze.refreshHistory');
    await closeAll();
    await api.runs.open(first);
    if (dom.available()) await dom.waitForText('#output', /Hello, scan!/);

    // the token went out only as the Authorization header, and only to its own environment's server
    for (const [base, token, other, before] of [
      [servers().cloud, cloudToken, studioToken, cloudBefore],
      [servers().studio, studioToken, cloudToken, studioBefore],
    ] as const) {
      const requests = (await recordedRequests(base)).slice(before) as unknown as {
        path: string;
        headers: Record<string, string>;
        body?: unknown;
        rawBody?: string;
      }[];
      assert.ok(requests.length >= 1, `${base} saw the session`);
      for (const r of requests) {
        assert.equal(r.headers.authorization, `Bearer ${token}`, `${r.path} carries its environment's token`);
        const rest = JSON.stringify({ ...r, headers: { ...r.headers, authorization: undefined } });
        assert.ok(!rest.includes(token) && !rest.includes(other), `${r.path}: no token outside the Authorization header`);
      }
    }

    assert.equal(scan('canary', [['canary', `a ${cloudToken} b`]], needles).hits.length, 2, 'the scan finds a token where there is one');
    const places = await scanEverything();
    print('token scan after a full session', places);
    const log = places.find((p) => p.place.startsWith('log'))!;
    assert.ok(log.items > 0 && log.bytes > 0, 'the log files were found and read');
    const logText = (await Promise.all((await filesUnder(api.places.logUri.fsPath)).map((f) => fs.readFile(f, 'utf8')))).join('\n');
    assert.match(logText, /\[sse\] /, 'the log holds trace lines (every raw event)');
    assert.match(logText, /\[http\] → POST \/v1\/workflow\/stream_run/, 'requests were logged');
    assert.deepEqual(
      places.flatMap((p) => p.hits),
      [],
      'zero token hits',
    );
  });

  it('sign-out removes the token everywhere: a sign-out in another window stops this one at its next request', async () => {
    const api = await extensionApi();
    await setToken('local-cloud', cloudToken);
    await vscode.commands.executeCommand('coze.selectEnvironment', { environmentId: 'local-cloud' });
    const askId = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: ASK, parameters: {} });
    const session = api.runs.get(askId)!;
    await waitFor('the question', () => session.view.status === 'interrupted');
    const file = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'inputs', 'sign-out.txt');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('cached upload\n'));
    await vscode.commands.executeCommand('coze.uploadFileAsInput', file, [file], { workflowId: DESCRIBE, environmentId: 'local-cloud', field: 'file' });
    const cached = () => JSON.stringify(api.places.globalState.get('coze.uploads') ?? {});
    assert.match(cached(), /local-cloud/, 'the upload is cached for the environment');

    // another window's sign-out reaches this one only as SecretStorage's change event: delete the secret directly
    await api.tokens.delete('local-cloud');
    assert.equal(await tokenOf('local-cloud'), undefined);
    await waitFor('the upload cache of the environment to be forgotten', () => (/local-cloud/.test(cached()) ? undefined : true));
    if (dom.available()) {
      await waitFor('the status bar to say signed out', async () => (/codicon-debug-disconnect/.test(await dom.workbenchEverything()) ? true : undefined));
    }
    // the run that waits for an answer holds no token: its resume finds none and sends nothing
    const before = (await recordedRequests(servers().cloud)).length;
    await vscode.commands.executeCommand('coze.resumeInterrupt', { runId: askId, answer: 'red' });
    await waitFor('the resume to fail', () => (session.view.status === 'failed' ? true : undefined));
    assert.equal(session.view.error?.kind, 'notSignedIn');
    assert.match(session.view.error?.message ?? '', /Not signed in to/);
    assert.equal((await recordedRequests(servers().cloud)).length, before, 'nothing was sent without a token');

    // the command signs out of another environment the same way
    await setToken('local-studio', studioToken);
    await vscode.commands.executeCommand('coze.signOut', { environmentId: 'local-studio' });
    assert.equal(await tokenOf('local-studio'), undefined);
    const places = await scanEverything();
    print('token scan after signing out', places);
    assert.deepEqual(
      places.flatMap((p) => p.hits),
      [],
      'zero token hits',
    );
  });
});
