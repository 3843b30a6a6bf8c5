import { describe, expect, it } from 'vitest';
import { captureOutput, createContext } from './index.js';

describe('createContext', () => {
  it('builds a complete context whose remaining time counts down', async () => {
    const context = createContext({ functionName: 'orders', timeoutMs: 1000 });
    expect(context.functionName).toBe('orders');
    expect(context.invokedFunctionArn).toBe('arn:aws:lambda:us-east-1:123456789012:function:orders');
    expect(context.logGroupName).toBe('/aws/lambda/orders');
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.memoryLimitInMB).toBe('128');
    const first = context.getRemainingTimeInMillis();
    expect(first).toBeLessThanOrEqual(1000);
    expect(first).toBeGreaterThan(900);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(context.getRemainingTimeInMillis()).toBeLessThan(first);
  });

  it('never reports negative remaining time', async () => {
    const context = createContext({ timeoutMs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(context.getRemainingTimeInMillis()).toBe(0);
  });

  it('gives each context its own request id', () => {
    expect(createContext().awsRequestId).not.toBe(createContext().awsRequestId);
  });

  it('rejects a field of the wrong type, naming it and the value', () => {
    expect(() => createContext({ functionName: 42 as never })).toThrow(
      'createContext: functionName must be a string, got 42',
    );
    expect(() => createContext({ timeoutMs: -5 })).toThrow('timeoutMs must be a positive number, got -5');
    expect(() => createContext({ memoryLimitInMB: 'lots' })).toThrow(
      'memoryLimitInMB must be a whole number',
    );
  });
});

describe('captureOutput', () => {
  it('returns stdout and stderr lines, parsed as JSON where they are JSON', async () => {
    const { stdout, stderr, result } = await captureOutput(() => {
      process.stdout.write('{"level":"INFO","message":"a"}\nplain text\n');
      process.stderr.write(Buffer.from('{"err":1}\n'));
      return 7;
    });
    expect(result).toBe(7);
    expect(stdout).toEqual([{ level: 'INFO', message: 'a' }, 'plain text']);
    expect(stderr).toEqual([{ err: 1 }]);
  });

  it('keeps the output of a function that throws and restores the streams', async () => {
    const original = process.stdout.write;
    const captured = await captureOutput(async () => {
      process.stdout.write('before\n');
      throw new Error('boom');
    });
    expect(captured.stdout).toEqual(['before']);
    expect((captured.error as Error).message).toBe('boom');
    expect(process.stdout.write).toBe(original);
  });
});
