// Type tests: what the public types promise a caller, checked by `tsc --noEmit` (the package's
// typecheck), never run. A wrong inference here is a compile error in CI.
import { decodeS3Key, normalizeS3Event } from '@lambkit/s3';
import type { S3Event, SQSEvent } from 'aws-lambda';
import { describe, expectTypeOf, it } from 'vitest';

describe('normalizeS3Event', () => {
  it('gives back the event type it was given', () => {
    expectTypeOf(normalizeS3Event({} as S3Event)).toEqualTypeOf<S3Event>();
    expectTypeOf(normalizeS3Event({} as SQSEvent)).toEqualTypeOf<SQSEvent>();
  });

  it('takes only its documented options', () => {
    // @ts-expect-error no such option
    normalizeS3Event({} as S3Event, { decodeTwice: true });
  });
});

describe('decodeS3Key', () => {
  it('maps a key to a key', () => {
    expectTypeOf(decodeS3Key).toEqualTypeOf<(key: string) => string>();
  });
});
