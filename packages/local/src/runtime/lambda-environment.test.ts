import { describe, expect, it } from 'vitest';
import { lambdaEnvironment, lambdaNodeFlags, lambdaNodePath } from '../index.js';

describe('lambdaNodeFlags', () => {
  it('turns off what each Node version would otherwise let a handler do, and sizes the heap', () => {
    expect(lambdaNodeFlags(20)).toEqual([
      '--no-experimental-require-module',
      '--expose-gc',
      '--max-http-header-size=81920',
      '--max-semi-space-size=6',
      '--max-old-space-size=116',
    ]);
    expect(lambdaNodeFlags(22, 1024).slice(0, 2)).toEqual([
      '--no-experimental-require-module',
      '--no-experimental-detect-module',
    ]);
    expect(lambdaNodeFlags(22, 1024).at(-1)).toBe('--max-old-space-size=922');
    expect(lambdaNodeFlags(24)[0]).toBe('--expose-gc');
  });

  it('keeps the young generation at 1 MB or more for the smallest memory settings', () => {
    expect(lambdaNodeFlags(24, 10)).toContain('--max-semi-space-size=1');
  });
});

describe('lambdaEnvironment', () => {
  it("gives Lambda's defaults: /opt, test-function, 128 MB, us-east-1", () => {
    const env = lambdaEnvironment({
      nodeMajor: 22,
      handler: 'index.handler',
      taskRoot: '/var/task',
      runtimeDir: '/var/runtime',
      runtimeApi: '127.0.0.1:9001',
    });

    expect(env).toMatchObject({
      AWS_LAMBDA_FUNCTION_NAME: 'test-function',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
      AWS_REGION: 'us-east-1',
      PATH: '/usr/local/bin:/usr/bin/:/bin:/opt/bin',
      NODE_PATH: lambdaNodePath({ nodeMajor: 22, runtimeDir: '/var/runtime', taskRoot: '/var/task' }),
    });
    expect(env.NODE_PATH).toBe(
      '/opt/nodejs/node22/node_modules:/opt/nodejs/node_modules:/var/runtime/node_modules:/var/runtime:/var/task',
    );
    expect(env.AWS_LAMBDA_LOG_STREAM_NAME).toMatch(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
  });
});
