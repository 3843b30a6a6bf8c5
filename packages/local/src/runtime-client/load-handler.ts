// Handler loading, as aws-lambda-ric 4 does it: "<moduleRoot>/<module>.<export path>", the module
// tried as given, then .js, .mjs and .cjs through import(), then through require.resolve.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RuntimeError } from './errors.js';
import { STREAMING } from './invoke-store.js';

/** A handler as the runtime calls it: (event, context) or, before Node 24, (event, context, callback). */
export type LoadedHandler = (...args: unknown[]) => unknown;

const CALLBACK_REMOVED =
  'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';

function splitHandlerString(handlerString: string): {
  moduleRoot: string;
  moduleName: string;
  handlerName: string;
} {
  if (handlerString.includes('..'))
    throw new RuntimeError(
      'Runtime.MalformedHandlerName',
      `'${handlerString}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  const base = path.basename(handlerString);
  const moduleRoot = handlerString.substring(0, handlerString.indexOf(base)).replace(/\/$/, '');
  const match = /^([^.]*)\.(.*)$/.exec(base);
  if (match === null) throw new RuntimeError('Runtime.MalformedHandlerName', 'Bad handler');
  return { moduleRoot, moduleName: match[1] as string, handlerName: match[2] as string };
}

async function importModule(appRoot: string, moduleRoot: string, moduleName: string): Promise<unknown> {
  try {
    const full = path.resolve(appRoot, moduleRoot, moduleName);
    for (const extension of ['', '.js', '.mjs', '.cjs'])
      if (existsSync(full + extension)) return await import(pathToFileURL(full + extension).href);
    const require = createRequire(path.join(appRoot, 'index.js'));
    return require(require.resolve(moduleName, { paths: [appRoot, path.join(appRoot, moduleRoot)] }));
  } catch (error) {
    if (error instanceof SyntaxError) {
      const wrapped = new RuntimeError('Runtime.UserCodeSyntaxError', String(error));
      wrapped.stack = error.stack;
      throw wrapped;
    }
    if ((error as { code?: unknown } | undefined)?.code === 'MODULE_NOT_FOUND')
      throw new RuntimeError('Runtime.ImportModuleError', String(error));
    throw error;
  }
}

function findExport(from: unknown, handlerName: string): unknown {
  return handlerName
    .split('.')
    .reduce<unknown>(
      (nested, key) =>
        nested && typeof nested === 'object' ? (nested as Record<string, unknown>)[key] : undefined,
      from,
    );
}

/**
 * Loads the handler named by `_HANDLER` from the task root, failing as Lambda fails (the same error
 * types): a malformed name, a module that cannot be found or parsed, a missing or non-function export,
 * a streaming handler (not supported here), a callback handler on Node 24 or later.
 *
 * @example
 * const handler = await loadHandler('/var/task', 'src/app.lambdaHandler', 22);
 */
export async function loadHandler(
  appRoot: string,
  handlerString: string,
  nodeMajor: number,
): Promise<LoadedHandler> {
  const { moduleRoot, moduleName, handlerName } = splitHandlerString(handlerString);
  const module = await importModule(appRoot, moduleRoot, moduleName);
  let handler = findExport(module, handlerName);
  if (!handler && module && typeof module === 'object' && 'default' in module)
    handler = findExport(module.default, handlerName);
  if (!handler)
    throw new RuntimeError('Runtime.HandlerNotFound', `${handlerString} is undefined or not exported`);
  if (typeof handler !== 'function')
    throw new RuntimeError('Runtime.HandlerNotFound', `${handlerString} is not a function`);
  if ((handler as unknown as Record<symbol, unknown>)[STREAMING])
    throw new RuntimeError(
      'Runtime.MalformedStreamingHandler',
      "response streaming is not supported by lambkit's runtime client",
    );
  if (handler.length >= 3 && nodeMajor >= 24)
    throw new RuntimeError('Runtime.CallbackHandlerDeprecated', CALLBACK_REMOVED);
  return handler as LoadedHandler;
}
