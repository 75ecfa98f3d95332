import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseTestFile, type Diagnostic, type TestFile } from '../core/testing/testFile';
import { UsageError } from './serverOptions';

export const TEST_FILE = /\.test\.(ya?ml|json)$/i;

/** The test files under the paths given (files, or folders searched recursively), default `.coze/tests`. */
export async function findTestFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  const roots = paths.length ? paths : ['.coze/tests'];
  const found: string[] = [];
  for (const p of roots) {
    const abs = resolve(cwd, p);
    const info = await stat(abs).catch(() => undefined);
    if (!info) throw new UsageError(`${p}: no such file or folder`);
    if (info.isFile()) found.push(abs);
    else for (const name of await readdir(abs, { recursive: true })) if (TEST_FILE.test(name)) found.push(join(abs, name));
  }
  const files = [...new Set(found)].sort();
  if (files.length === 0) throw new UsageError(`no test files (*.test.yaml, *.test.json) under ${roots.join(', ')}`);
  return files;
}

/** Reads and checks the files; every problem of every file as `file:line:column: message`. */
export async function loadTestFiles(paths: readonly string[], cwd: string): Promise<{ files: TestFile[]; problems: string[] }> {
  const files: TestFile[] = [];
  const problems: string[] = [];
  for (const abs of paths) {
    const shown = relative(cwd, abs) || abs;
    const parsed = parseTestFile(await readFile(abs, 'utf8'), shown);
    if (parsed.ok) files.push(parsed.file);
    else problems.push(...parsed.diagnostics.map((d: Diagnostic) => `${shown}:${d.line}:${d.column}: ${d.message}`));
  }
  return { files, problems };
}
