import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** What `lambdaEnvironment` needs to know about the function and the directories standing for Lambda's. */
export interface LambdaEnvironmentOptions {
  /** The Node.js major version of the runtime (20, 22, 24 ...). */
  nodeMajor: number;
  /** The handler setting, e.g. 'index.handler'. */
  handler: string;
  /** The directory standing for /var/task. */
  taskRoot: string;
  /** The directory standing for /var/runtime. */
  runtimeDir: string;
  /** The directory standing for /opt (where layers are unpacked). Default '/opt'. */
  optDir?: string;
  /** AWS_LAMBDA_RUNTIME_API: host:port of the Runtime API. */
  runtimeApi: string;
  functionName?: string;
  /** Default 128. */
  memoryMb?: number;
  region?: string;
  /** The directory holding the node binary, put first on PATH as /var/lang/bin is. */
  nodeBinDir?: string;
}

/**
 * The Node flags Lambda's bootstrap starts the runtime with: the experimental features it turns off
 * (require() of ES modules on Node 20 and 22, module type detection on Node 22), --expose-gc, the
 * larger HTTP header limit, and heap sizes derived from the memory setting (a tenth of it for the
 * young generation, the rest for the old one).
 *
 * @example
 * lambdaNodeFlags(22, 128);
 * // ['--no-experimental-require-module', '--no-experimental-detect-module', '--expose-gc', ...]
 */
export function lambdaNodeFlags(nodeMajor: number, memoryMb = 128): string[] {
  const experimental =
    nodeMajor === 22
      ? ['--no-experimental-require-module', '--no-experimental-detect-module']
      : nodeMajor === 20
        ? ['--no-experimental-require-module']
        : [];
  const newSpace = Math.floor(memoryMb / 10);
  return [
    ...experimental,
    '--expose-gc',
    '--max-http-header-size=81920',
    `--max-semi-space-size=${Math.max(1, Math.floor(newSpace / 2))}`,
    `--max-old-space-size=${memoryMb - newSpace}`,
  ];
}

/**
 * NODE_PATH as Lambda's bootstrap sets it: the layer directories for this Node version and for any,
 * the runtime's own node_modules (where the AWS SDK is), the runtime directory and the task root.
 *
 * @example
 * lambdaNodePath({ nodeMajor: 22, optDir: '/opt', runtimeDir: '/var/runtime', taskRoot: '/var/task' });
 * // '/opt/nodejs/node22/node_modules:/opt/nodejs/node_modules:/var/runtime/node_modules:/var/runtime:/var/task'
 */
export function lambdaNodePath(options: {
  nodeMajor: number;
  optDir?: string;
  runtimeDir: string;
  taskRoot: string;
}): string {
  const opt = options.optDir ?? '/opt';
  return [
    join(opt, 'nodejs', `node${options.nodeMajor}`, 'node_modules'),
    join(opt, 'nodejs', 'node_modules'),
    join(options.runtimeDir, 'node_modules'),
    options.runtimeDir,
    options.taskRoot,
  ].join(':');
}

/**
 * The environment variables Lambda gives a Node.js function (nothing inherited from the calling
 * process): function identity and limits, region, placeholder credentials, the Runtime API, the
 * task root and handler, NODE_PATH, TZ, X-Ray settings. Merge your own variables over it.
 *
 * @example
 * const env = { ...lambdaEnvironment({ nodeMajor: 22, handler: 'index.handler', taskRoot, runtimeDir, runtimeApi: api.address }), POWERTOOLS_SERVICE_NAME: 'orders' };
 */
export function lambdaEnvironment(options: LambdaEnvironmentOptions): Record<string, string> {
  const {
    nodeMajor,
    functionName = 'test-function',
    memoryMb = 128,
    region = 'us-east-1',
    optDir = '/opt',
  } = options;
  const date = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  const path = [options.nodeBinDir, '/usr/local/bin', '/usr/bin/', '/bin', join(optDir, 'bin')]
    .filter((dir) => dir !== undefined)
    .join(':');
  return {
    PATH: path,
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    _HANDLER: options.handler,
    LAMBDA_TASK_ROOT: options.taskRoot,
    LAMBDA_RUNTIME_DIR: options.runtimeDir,
    AWS_LAMBDA_RUNTIME_API: options.runtimeApi,
    AWS_EXECUTION_ENV: `AWS_Lambda_nodejs${nodeMajor}.x`,
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: `${date}/[$LATEST]${randomBytes(16).toString('hex')}`,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: 'ASIAXXXXXXXXXXXXXXXX',
    AWS_SECRET_ACCESS_KEY: 'lambkit-local-secret-access-key',
    AWS_SESSION_TOKEN: 'lambkit-local-session-token',
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129:2000',
    _AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129',
    _AWS_XRAY_DAEMON_PORT: '2000',
    NODE_PATH: lambdaNodePath({
      nodeMajor,
      optDir,
      runtimeDir: options.runtimeDir,
      taskRoot: options.taskRoot,
    }),
  };
}
