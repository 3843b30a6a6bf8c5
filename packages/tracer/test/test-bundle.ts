// Test helper: a process whose require() cannot find some modules, as in a bundle that holds them
// (esbuild puts them inside and reaches them through import(), not through node_modules).

/** The error require() throws for a module that is not installed. */
function notInstalled(id: string): Error {
  return Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
}

/** What a test needs of node:module (its ES module namespace: named exports and `default`). */
type NodeModuleNamespace = { createRequire: typeof import('node:module').createRequire; default?: object };

/**
 * node:module with a createRequire whose require() and require.resolve() throw MODULE_NOT_FOUND for
 * the ids `hidden` accepts, and otherwise behave as Node's. For vi.mock('node:module', ...).
 *
 * @example
 * vi.mock('node:module', async (importOriginal) => withHiddenModules(await importOriginal(), isXraySdk));
 */
export function withHiddenModules(
  actual: NodeModuleNamespace,
  hidden: (id: string) => boolean,
): NodeModuleNamespace {
  function createRequire(from: string | URL): NodeJS.Require {
    const real = actual.createRequire(from);
    const bundleRequire = Object.assign(function bundleRequire(id: string) {
      if (hidden(id)) throw notInstalled(id);
      return real(id);
    }, real);
    bundleRequire.resolve = Object.assign(function bundleResolve(id: string, options?: { paths?: string[] }) {
      if (hidden(id)) throw notInstalled(id);
      return real.resolve(id, options);
    }, real.resolve);
    return bundleRequire as NodeJS.Require;
  }
  return {
    ...actual,
    default: { ...actual.default, createRequire },
    createRequire,
  };
}

/**
 * aws-xray-sdk-core and the single file @lambkit/tracer ships of it: neither installed.
 *
 * @example
 * withHiddenModules(actual, isXraySdk);
 */
export function isXraySdk(id: string): boolean {
  return (
    id === 'aws-xray-sdk-core' || id === '@lambkit/tracer/package.json' || id.endsWith('dist/cjs/xray-sdk.js')
  );
}
