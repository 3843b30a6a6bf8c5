import {
  correlationPaths as fromCorrelationId,
  search as searchFromCorrelationId,
} from '@lambkit/logger/correlationId';
import { injectLambdaContext as fromMiddleware } from '@lambkit/logger/middleware';
import { REDACTED as fromRedact, redact } from '@lambkit/logger/redact';
import type {
  LogAttributes as FromTypes,
  LoggerInterface,
  LogLevel,
  UnformattedAttributes,
} from '@lambkit/logger/types';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  correlationPaths,
  injectLambdaContext,
  type LogAttributes,
  Logger,
  REDACTED,
  search,
} from './index.js';

describe('the subpaths Powertools has', () => {
  it('middleware exports the injectLambdaContext middleware', () => {
    expect(fromMiddleware).toBe(injectLambdaContext);
  });

  it('correlationId exports correlationPaths and search', () => {
    expect(fromCorrelationId).toBe(correlationPaths);
    expect(searchFromCorrelationId).toBe(search);
  });

  it('types exports LoggerInterface, which a Logger satisfies', () => {
    const asInterface: LoggerInterface = new Logger();

    expect(typeof asInterface.injectLambdaContext).toBe('function');
  });

  it('types exports the types a custom formatter is written with', () => {
    expectTypeOf<FromTypes>().toEqualTypeOf<LogAttributes>();
    expectTypeOf<UnformattedAttributes['logLevel']>().toEqualTypeOf<LogLevel>();
  });
});

describe('the subpaths lambkit adds', () => {
  it('redact exports redact(), whose result the Logger option takes, and REDACTED', () => {
    expect(fromRedact).toBe(REDACTED);
    expect(redact(['password'])({ password: 'p', user: 'ada' })).toEqual({ password: REDACTED, user: 'ada' });
    expect(() => new Logger({ redact: redact(['password']) })).not.toThrow();
  });
});
