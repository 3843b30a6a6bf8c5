import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeWarning } from './index.js';

// Once-keys are kept per process: each test uses its own.
let counter = 0;
function freshKey(): string {
  counter += 1;
  return `core-test:warning-${counter}`;
}

/** Runs `fn` with stderr captured; returns its result and each line written, parsed as JSON. */
function captureStderr<T>(fn: () => T): { result: T; lines: Record<string, unknown>[] } {
  const writes: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    writes.push(String(chunk));
    return true;
  });
  try {
    const result = fn();
    const lines = writes
      .join('')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    return { result, lines };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => {
  delete process.env.POWERTOOLS_SERVICE_NAME;
});

describe('writeWarning', () => {
  it('writes one JSON line on stderr: the log keys, then package, code and the fields, in that order', () => {
    process.env.POWERTOOLS_SERVICE_NAME = 'orders';

    const { result, lines } = captureStderr(() =>
      writeWarning({
        package: '@lambkit/metrics',
        code: 'METRICS_LATE_METRIC',
        message: 'added late',
        fields: { metric: 'latency' },
      }),
    );

    expect(result).toBe(true);
    expect(lines).toEqual([
      {
        level: 'WARN',
        message: 'added late',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        service: 'orders',
        package: '@lambkit/metrics',
        code: 'METRICS_LATE_METRIC',
        metric: 'latency',
      },
    ]);
    expect(Object.keys(lines[0] ?? {})).toEqual([
      'level',
      'message',
      'timestamp',
      'service',
      'package',
      'code',
      'metric',
    ]);
  });

  it('writes every time without a once-key, for a loss that happens per event', () => {
    const warning = { package: '@lambkit/s3', code: 'S3_KEY_KEPT_AS_RECEIVED', message: 'kept' };

    const { lines } = captureStderr(() => [writeWarning(warning), writeWarning(warning)]);

    expect(lines).toHaveLength(2);
  });

  it('writes once per process for a once-key, and says whether it wrote', () => {
    const onceKey = freshKey();
    const warning = { package: '@lambkit/tracer', code: 'TRACER_X', message: 'once', onceKey };

    const { result, lines } = captureStderr(() => [writeWarning(warning), writeWarning(warning)]);

    expect(result).toEqual([true, false]);
    expect(lines).toHaveLength(1);
  });

  it('writes ERROR when asked', () => {
    const { lines } = captureStderr(() =>
      writeWarning({ package: '@lambkit/batch', code: 'BATCH_X', message: 'hook threw', level: 'ERROR' }),
    );

    expect(lines[0]?.level).toBe('ERROR');
  });

  it('keeps its fixed keys when fields carry the same names', () => {
    const { lines } = captureStderr(() =>
      writeWarning({
        package: '@lambkit/s3',
        code: 'S3_X',
        message: 'kept',
        fields: { level: 'DEBUG', message: 'lost', code: 'OTHER', package: 'other', key: 'a%ZZ' },
      }),
    );

    expect(lines[0]).toMatchObject({
      level: 'WARN',
      message: 'kept',
      code: 'S3_X',
      package: '@lambkit/s3',
      key: 'a%ZZ',
    });
  });

  it('never throws, even when stderr does or a field cannot be serialized', () => {
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => {
      throw new Error('EPIPE');
    });
    try {
      expect(() =>
        writeWarning({ package: '@lambkit/core', code: 'CORE_X', message: 'closed' }),
      ).not.toThrow();
    } finally {
      spy.mockRestore();
    }
    const { lines } = captureStderr(() =>
      writeWarning({ package: '@lambkit/core', code: 'CORE_X', message: 'big', fields: { size: 1n } }),
    );
    expect(lines).toEqual([]);
  });
});
