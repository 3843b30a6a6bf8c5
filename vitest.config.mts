import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { projectRoots, projects } from './vitest.workspace.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));

// Tests import @lambkit/* from source, so a change is tested without a build. A subpath such as
// @lambkit/parser/schemas maps to packages/parser/src/schemas/index.ts.
const alias = [
  { find: /^@lambkit\/([a-z0-9-]+)$/, replacement: `${root}packages/$1/src/index.ts` },
  { find: /^@lambkit\/([a-z0-9-]+)\/(.+)$/, replacement: `${root}packages/$1/src/$2/index.ts` },
];

// The AWS SDK for JavaScript v3 warns once per process on Node 20 that its 2027 releases will need
// Node 22 (@aws-sdk/core's emitWarningIfUnsupportedVersion). lambkit supports Node 20, Lambda's
// nodejs20.x included, and its tests create SDK clients in many workers: the warning said nothing
// about lambkit and was printed 8 times per `npm test`. The SDK reads this variable to stay silent.
// Only the tests set it; published code never touches the SDK's warnings.
const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

export default defineConfig({
  resolve: { alias },
  test: {
    env,
    projects: projects
      .filter((name) => existsSync(`${root}${projectRoots[name]}`))
      .map((name) => ({
        extends: true as const,
        test: {
          name,
          root: `${root}${projectRoots[name]}`,
          include: ['**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          testTimeout: 20_000,
          // Hooks start local functions and emulators (bundle, spawn, wait for INIT): slow on a loaded machine.
          hookTimeout: 60_000,
        },
      })),
  },
});
