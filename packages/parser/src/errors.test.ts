import { describeType, formatPath, ParseError } from '@lambkit/parser';
import { describe, expect, it } from 'vitest';

describe('ParseError', () => {
  it('names the path, the expected and the received type in its message', () => {
    const error = new ParseError({
      path: ['Records', 3, 'body', 'total'],
      recordIndex: 3,
      expected: 'number',
      received: 'string',
    });

    expect(error.message).toBe(
      'Invalid input at Records[3].body.total: expected number, received string (record 3)',
    );
    expect(error.path).toBe('Records[3].body.total');
    expect(error.recordIndex).toBe(3);
  });

  it('carries its cause', () => {
    const cause = new SyntaxError('Unexpected token');

    const error = new ParseError({ path: ['body'], expected: 'JSON', received: 'string', cause });

    expect(error.cause).toBe(cause);
  });

  it('is an Error named ParseError', () => {
    const error = new ParseError();

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ParseError');
    expect(error.message).toBe('Invalid input at the event');
  });

  it('places itself under a prefix and keeps its own record index first', () => {
    const inner = new ParseError({ path: ['total'], expected: 'number', received: 'string' });

    const outer = inner.withPrefix(['Records', 2, 'body'], 2);

    expect(outer.path).toBe('Records[2].body.total');
    expect(outer.recordIndex).toBe(2);
    expect(outer.message).toContain('Records[2].body.total');
  });

  it('does not share the path array it was given', () => {
    const path: (string | number)[] = ['a'];

    const error = new ParseError({ path });
    path.push('b');

    expect(error.path).toBe('a');
  });
});

describe('formatPath', () => {
  it('quotes keys that are not identifiers', () => {
    expect(formatPath(['headers', 'content-type', 0])).toBe('headers["content-type"][0]');
  });
});

describe('describeType', () => {
  it('tells null, arrays and bytes apart from objects', () => {
    expect([null, [], new Uint8Array(), {}, 'x'].map(describeType)).toEqual([
      'null',
      'array',
      'Uint8Array',
      'object',
      'string',
    ]);
  });
});

describe('ParseError built as Powertools builds it', () => {
  it('keeps the message and the cause it is given', () => {
    const cause = new Error('inner');

    const error = new ParseError('Failed to parse SQS Record at index 0', { cause });

    expect([error.message, error.cause, error.name, error.path]).toEqual([
      'Failed to parse SQS Record at index 0',
      cause,
      'ParseError',
      '',
    ]);
  });
});
