// Type tests: what the public types promise a caller, checked by `tsc --noEmit` (the package's
// typecheck), never run. A wrong inference here is a compile error in CI.
import { captureOutput, createContext, createS3Event, createSqsEvent } from '@lambkit/testing';
import type { Context, S3Event, SQSEvent } from 'aws-lambda';
import { describe, expectTypeOf, it } from 'vitest';

describe('event factories', () => {
  it('build the aws-lambda event types', () => {
    expectTypeOf(createSqsEvent()).toMatchTypeOf<SQSEvent>();
    expectTypeOf(createS3Event()).toMatchTypeOf<S3Event>();
  });
});

describe('createContext', () => {
  it('builds a context a handler accepts', () => {
    expectTypeOf(createContext()).toMatchTypeOf<Context>();
  });
});

describe('captureOutput', () => {
  it('passes the function result through', () => {
    expectTypeOf(captureOutput(async () => 42)).resolves.toHaveProperty('result');
  });
});
