// Workflow test suites: the test-file parser (yaml), datasets (csv-parse), the runner and Save as Test Case.
// Bundled on its own (dist/testing.js) and loaded when a workspace has test files or a test command runs, so
// activation and workspaces without tests load none of it (src/host/testingStack.ts).
export { parseTestFile } from '../core/testing/testFile';
export { readDataset } from '../core/testing/datasets';
export { caseId, runSuite } from '../core/testing/suiteRunner';
export { isStructuredOutput } from '../core/run/output';
export { appendCase, caseFromRun } from '../core/testing/recordCase';
export { Baseline } from '../core/testing/baseline';
export { readResults, resultLine } from '../core/testing/resultsFile';
export { stringifyExact } from '../core/model/json';
