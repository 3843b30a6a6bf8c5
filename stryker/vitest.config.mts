// The vitest configuration of a mutation run: the root configuration's aliases and environment, and
// only the tests of the package under mutation (LAMBKIT_MUTATION_PACKAGE, set by
// stryker/base.config.mjs), so a mutant is judged by the tests that own the code.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import rootConfig from '../vitest.config.mts';
import { testsOutsideMutation } from './modules.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const name = process.env.LAMBKIT_MUTATION_PACKAGE;
if (name === undefined || !/^[a-z0-9-]+$/.test(name))
  throw new Error('stryker/vitest.config.mts: run it through stryker/<module>.config.mjs');

export default defineConfig({
  resolve: rootConfig.resolve,
  test: {
    env: rootConfig.test?.env,
    root: `${root}packages/${name}`,
    include: ['src/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', ...testsOutsideMutation],
    testTimeout: 20_000,
  },
});
