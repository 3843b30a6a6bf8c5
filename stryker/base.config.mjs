// Stryker settings shared by every module; stryker/<module>.config.mjs picks the module.
import { MINIMUM_SCORE, modules } from './modules.mjs';

/** Where a module's run keeps its working state and reports (git-ignored, like every .tmp/). */
export function outputDir(name) {
  return `.tmp/mutation/${name}`;
}

/**
 * The Stryker options for one module of stryker/modules.mjs.
 * @example export default mutationConfig('s3');
 */
export function mutationConfig(name) {
  const module = modules[name];
  if (module === undefined) throw new Error(`stryker: no module "${name}" in stryker/modules.mjs`);
  // stryker/vitest.config.mts reads this to run only this package's tests. Stryker's workers are
  // forked with the parent's environment, so setting it here reaches them.
  process.env.LAMBKIT_MUTATION_PACKAGE = name;
  const out = outputDir(name);
  return {
    testRunner: 'vitest',
    vitest: { configFile: 'stryker/vitest.config.mts', related: false },
    coverageAnalysis: 'perTest',
    mutate: module.mutate,
    // The sandbox is a copy of what the tests need: the packages' sources and the root configs. Not
    // the root tsconfig.json: Stryker rewrites it through TypeScript's JavaScript API, which
    // TypeScript 7 (native) has not got; vitest reads each package's own tsconfig.json.
    ignorePatterns: [
      '/.tmp',
      '/bench',
      '/compat',
      '/docs',
      '/examples',
      '/layer',
      '/scripts',
      '/tsconfig.json',
      'dist',
      '.turbo',
    ],
    // One sandbox folder per module, so two modules can run at once.
    tempDirName: `.tmp/stryker/${name}`,
    cleanTempDir: 'always',
    // 2 cores on every machine here, shared; one test worker per core.
    concurrency: 2,
    incremental: true,
    incrementalFile: `${out}/incremental.json`,
    reporters: ['json', 'html', 'progress'],
    jsonReporter: { fileName: `${out}/report.json` },
    htmlReporter: { fileName: `${out}/report.html` },
    // stryker/run.mjs applies the floor to gated modules and prints the summary; Stryker only colours.
    thresholds: { high: MINIMUM_SCORE, low: MINIMUM_SCORE, break: null },
  };
}
