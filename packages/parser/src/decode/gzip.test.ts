import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';

const getBuiltinModule = Object.getOwnPropertyDescriptor(process, 'getBuiltinModule');

describe('gunzip', () => {
  afterEach(() => {
    if (getBuiltinModule !== undefined) Object.defineProperty(process, 'getBuiltinModule', getBuiltinModule);
  });

  it('loads zlib with require on a Node without process.getBuiltinModule (before 20.16)', async () => {
    Object.defineProperty(process, 'getBuiltinModule', {
      value: undefined,
      configurable: true,
      writable: true,
    });
    vi.resetModules();
    const { gunzip } = await import('./gzip.js');

    expect(gunzip(gzipSync('hello'), [], 100).toString('utf8')).toBe('hello');
  });

  it('accepts output of exactly maxLength bytes', async () => {
    const { gunzip } = await import('./gzip.js');

    expect(gunzip(gzipSync('hello'), [], 5).toString('utf8')).toBe('hello');
  });

  it('refuses output one byte over maxLength, naming the limit', async () => {
    const { gunzip } = await import('./gzip.js');

    expect(() => gunzip(gzipSync('hello'), ['awslogs', 'data'], 4)).toThrow(
      'Invalid input at awslogs.data: expected gzip data inflating to at most 4 bytes, received larger output',
    );
  });

  it('names corrupt data as such, with the zlib error as its cause', async () => {
    const { gunzip } = await import('./gzip.js');

    const act = () => gunzip(Buffer.from('not gzip'), ['awslogs', 'data'], 100);

    expect(act).toThrow(
      'Invalid input at awslogs.data: expected gzip data, received corrupt or truncated gzip data',
    );
  });
});
