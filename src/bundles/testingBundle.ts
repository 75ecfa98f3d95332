// Workflow test suites in the editor: the Test Explorer (discovery, the run profiles, results at their
// lines) and Save as Test Case, with the test-file parser (yaml), datasets (csv-parse) and the runner.
// Bundled on its own (dist/testing.js) and loaded when a workspace has test files or a test command runs, so
// activation and workspaces without tests load none of it (src/host/testingStack.ts).
export { WorkflowTests } from '../host/testing/workflowTests';
export { canSaveAsTestCase, saveAsTestCase } from '../host/testing/saveAsTestCase';
