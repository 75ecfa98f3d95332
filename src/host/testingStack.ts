import type * as TestingStack from '../bundles/testingBundle';

let stack: typeof TestingStack | undefined;

/**
 * The test-suite code (the YAML parser, datasets, the runner) from its own bundle (dist/testing.js, next to
 * extension.js), loaded when it is first needed: a workspace without `.coze/tests/` never loads it.
 */
export function testingStack(): typeof TestingStack {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  stack ??= require('./testing.js') as typeof TestingStack;
  return stack;
}
