// The single list of test projects. vitest 4 no longer reads this file on its own;
// vitest.config.mts imports it. Add a line here for each new package or example.
export const projects = [
  'core',
  'commons',
  'testing',
  'local',
  'logger',
  'metrics',
  'tracer',
  'parameters',
  'batch',
  's3',
  'parser',
  'idempotency',
  'layer',
  'examples',
  'scripts',
  'compat',
] as const;

/** Where each project's tests live, relative to the repository root. */
export const projectRoots: Record<(typeof projects)[number], string> = {
  core: 'packages/core',
  commons: 'packages/commons',
  testing: 'packages/testing',
  local: 'packages/local',
  logger: 'packages/logger',
  metrics: 'packages/metrics',
  tracer: 'packages/tracer',
  parameters: 'packages/parameters',
  batch: 'packages/batch',
  s3: 'packages/s3',
  parser: 'packages/parser',
  idempotency: 'packages/idempotency',
  layer: 'layer',
  examples: 'examples',
  scripts: 'scripts',
  compat: 'compat',
};

export default projects;
