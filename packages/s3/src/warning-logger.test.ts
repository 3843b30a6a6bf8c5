import { captureOutput } from '@lambkit/testing';
import { describe, expect, it } from 'vitest';
import { stderrWarningLogger } from './warning-logger.js';

describe('stderrWarningLogger', () => {
  it('adds the keys of plain-object extras to the line and ignores strings, arrays and null', async () => {
    const { stderr } = await captureOutput(() =>
      stderrWarningLogger.warn('kept as received', 'text', ['item'], null, { key: 'a%ZZ' }),
    );

    expect(stderr).toEqual([
      {
        level: 'WARN',
        message: 'kept as received',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        service: expect.any(String),
        package: '@lambkit/s3',
        code: 'S3_KEY_KEPT_AS_RECEIVED',
        key: 'a%ZZ',
      },
    ]);
  });
});
