import { ParseError, parseJson } from '@lambkit/parser';
import { describe, expect, it } from 'vitest';

describe('parseJson', () => {
  it('returns the value of JSON text', () => {
    expect(parseJson('{"orderId":"o-1","items":[1,2]}')).toEqual({ orderId: 'o-1', items: [1, 2] });
  });

  it('refuses an escaped "__proto__" key as the envelopes do', () => {
    const act = () => parseJson('{"\\u005f\\u005fproto__":{"isAdmin":true}}');

    expect(act).toThrow(ParseError);
    expect(act).toThrow(
      'Invalid input at the event: expected JSON without "__proto__" or "constructor.prototype" keys, received a "__proto__" key',
    );
  });

  it('removes it with protoAction: "remove"', () => {
    expect(parseJson('{"a":1,"__proto__":{}}', { protoAction: 'remove' })).toEqual({ a: 1 });
  });

  it('refuses text nested deeper than maxDepth without overflowing the stack', () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;

    expect(() => parseJson(deep)).toThrow(
      'expected JSON nested at most 64 levels deep, received deeper nesting',
    );
  });

  it('refuses text longer than maxLength', () => {
    expect(() => parseJson('[1,2,3]', { maxLength: 5 })).toThrow(
      'expected at most 5 characters, received 7 characters',
    );
  });

  it('refuses text that is not JSON without quoting it', () => {
    const error = catchError(() => parseJson('secret-token not json'));

    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).expected).toBe('JSON');
    expect(String((error as ParseError).cause)).not.toContain('secret-token');
  });

  it('refuses a value that is not a string, naming its type', () => {
    expect(() => parseJson(42 as unknown as string)).toThrow('expected JSON string, received number');
  });

  it('throws a TypeError naming a bad option', () => {
    expect(() => parseJson('{}', { maxDepth: 0 })).toThrow(/maxDepth must be a positive integer, got 0/);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
