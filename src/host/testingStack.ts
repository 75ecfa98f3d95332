import type * as TestingStack from '../bundles/testingBundle';
import { once } from './lazily';

/**
 * The Test Explorer and the test-suite code (the YAML parser, datasets, the runner) from their own bundle
 * (dist/testing.js, next to extension.js), loaded when first needed: a workspace without `.coze/tests/` never
 * loads it.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stack = once(() => require('./testing.js') as typeof TestingStack);

export const testingStack = (): typeof TestingStack => stack.get();
