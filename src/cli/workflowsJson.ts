import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseWorkflowsFile, type SavedWorkflow } from '../core/config/workflowsFile';
import { UsageError } from './serverOptions';

/** The saved workflows: `--workflows <file>`, else `.coze/workflows.json` of the current folder (none if absent). */
export async function loadSavedWorkflows(file: string | undefined, cwd: string): Promise<SavedWorkflow[]> {
  const path = resolve(cwd, file ?? '.coze/workflows.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (!file && (e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new UsageError(`${path}: ${(e as Error).message}`);
  }
  try {
    return parseWorkflowsFile(text, path).workflows;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
