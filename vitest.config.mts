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

export default defineConfig({
  resolve: { alias },
  test: {
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
        },
      })),
  },
});
