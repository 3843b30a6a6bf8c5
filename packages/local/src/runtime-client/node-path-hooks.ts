// ES module NODE_PATH resolution, as Lambda's Node.js runtimes (18 and later) do it and plain Node
// does not: a bare specifier that Node's own resolution cannot find (task root and its ancestors'
// node_modules) is looked up in each NODE_PATH directory named node_modules, in order, with the
// package's exports map and the "import" condition as usual. Only directories named node_modules are
// searched, as a package directory must sit directly in one for Node's resolver to read its
// package.json the standard way.
import { existsSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What Node passes a resolve hook as `context` (the fields these hooks read or pass on). */
export interface ResolveContext {
  parentURL?: string;
  conditions?: string[];
  [field: string]: unknown;
}

/** Node's next resolve step. */
export type NextResolve<R> = (specifier: string, context: ResolveContext) => R;

let directories: string[] = [];

/**
 * Takes the NODE_PATH to search (module.register passes `data` here on the loader thread).
 *
 * @example
 * initialize({ nodePath: '/opt/nodejs/node_modules:/var/runtime/node_modules' });
 */
export function initialize(data: { nodePath?: string } | undefined): void {
  directories = String(data?.nodePath ?? '')
    .split(':')
    .filter((dir) => dir !== '' && basename(dir) === 'node_modules');
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

function isBare(specifier: string): boolean {
  return !/^(?:[./]|[a-zA-Z][a-zA-Z0-9+.-]*:)/.test(specifier);
}

/** The parent URL to resolve `specifier` from again, when it is a bare specifier a NODE_PATH directory has. */
function layerParent(specifier: string, error: unknown): string | undefined {
  if ((error as { code?: unknown } | undefined)?.code !== 'ERR_MODULE_NOT_FOUND' || !isBare(specifier))
    return undefined;
  const name = packageName(specifier);
  for (const dir of directories) {
    if (!existsSync(join(dir, name, 'package.json')) && !existsSync(join(dir, name))) continue;
    // A parent module directly inside dir makes Node's resolver look in dir's own node_modules
    // first (absent) and then in dir itself, where the package is.
    return pathToFileURL(join(dir, '[node-path].mjs')).href;
  }
  return undefined;
}

/**
 * The hook for module.register() (Node 20 and 22: runs on the loader's own thread).
 *
 * @example
 * module.register('./node-path-hooks.js', import.meta.url, { data: { nodePath: process.env.NODE_PATH } });
 */
export async function resolve<R>(
  specifier: string,
  context: ResolveContext,
  nextResolve: NextResolve<R | Promise<R>>,
): Promise<R> {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const parentURL = layerParent(specifier, error);
    if (parentURL === undefined) throw error;
    return nextResolve(specifier, { ...context, parentURL });
  }
}

/**
 * The same for module.registerHooks() (Node 22.15 and later: synchronous, in the main thread).
 *
 * @example
 * module.registerHooks({ resolve: resolveSync });
 */
export function resolveSync<R>(specifier: string, context: ResolveContext, nextResolve: NextResolve<R>): R {
  try {
    return nextResolve(specifier, context);
  } catch (error) {
    const parentURL = layerParent(specifier, error);
    if (parentURL === undefined) throw error;
    return nextResolve(specifier, { ...context, parentURL });
  }
}

type RegisterHooks = (hooks: { resolve: typeof resolveSync }) => unknown;

/**
 * Registers these hooks for the NODE_PATH in `nodePath`: in-thread with module.registerHooks where
 * Node has it (22.15 and later), else on the loader thread with module.register (`hooksUrl` is this
 * module's URL, which the loader thread imports on its own).
 *
 * @example
 * registerNodePathHooks(process.env.NODE_PATH, import.meta.url);
 */
export function registerNodePathHooks(nodePath: string | undefined, hooksUrl: string): void {
  const data = { nodePath };
  const registerHooks = (nodeModule as { registerHooks?: RegisterHooks }).registerHooks;
  if (typeof registerHooks === 'function') {
    initialize(data);
    registerHooks({ resolve: resolveSync });
  } else {
    nodeModule.register(hooksUrl, { data });
  }
}
