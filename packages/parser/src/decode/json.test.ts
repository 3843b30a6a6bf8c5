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

  it('refuses objects nested deeper than maxDepth, as it does arrays', () => {
    const deep = `${'{"a":'.repeat(65)}1${'}'.repeat(65)}`;

    expect(() => parseJson(deep)).toThrow('expected JSON nested at most 64 levels deep');
  });

  it('refuses objects nested too deep inside an array', () => {
    const deep = `[${'{"a":'.repeat(64)}1${'}'.repeat(64)}]`;

    expect(() => parseJson(deep)).toThrow('expected JSON nested at most 64 levels deep');
  });

  it('accepts objects nested exactly maxDepth deep', () => {
    const deep = `${'{"a":'.repeat(64)}1${'}'.repeat(64)}`;

    expect(JSON.stringify(parseJson(deep))).toBe(deep);
  });

  it.each([
    ['objects', '{}'],
    ['arrays', '[]'],
  ])('accepts 65 sibling %s, which are wide rather than deep', (_kind, sibling) => {
    const text = `[${Array(65).fill(sibling).join(',')}]`;

    expect(parseJson(text)).toHaveLength(65);
  });

  it('counts nesting again after a closed sibling, so depth is measured per branch', () => {
    const branch = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
    const text = `[${branch(40)},${branch(30)}]`;

    expect(() => parseJson(text, { maxDepth: 41 })).not.toThrow();
    expect(() => parseJson(`[${branch(41)}]`, { maxDepth: 41 })).toThrow('deeper nesting');
  });

  it('does not count brackets after an escaped quote inside a string', () => {
    const text = JSON.stringify({ note: `say "${'['.repeat(100)}"` });

    expect(parseJson(text)).toEqual({ note: `say "${'['.repeat(100)}"` });
  });

  it('ends a string at a quote after an escaped backslash, and counts the brackets that follow', () => {
    const text = `["\\\\", "${'['.repeat(100)}"]`;
    const deep = `["\\\\", ${'['.repeat(65)}${']'.repeat(65)}]`;

    expect(parseJson(text)).toEqual(['\\', '['.repeat(100)]);
    expect(() => parseJson(deep)).toThrow('deeper nesting');
  });

  it('reports an unterminated string as text that is not JSON, not as deep nesting', () => {
    const error = catchError(() => parseJson(`["${'['.repeat(100)}`)) as ParseError;

    expect(error.expected).toBe('JSON');
    expect(error.received).toBe('string that is not valid JSON');
  });

  it('accepts text exactly maxLength characters long', () => {
    expect(parseJson('[1,2,3]', { maxLength: 7 })).toEqual([1, 2, 3]);
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

  it.each([
    ['short text', 'password=hunter2', 'password'],
    ['the start of long text', 'password=hunter2 and more text', 'password'],
    ['the middle of long text', `{"${'a'.repeat(30)}":1, "b": secret-value, "c": 2}`, 'secret'],
  ])('keeps %s out of the SyntaxError message V8 writes', (_where, text, secret) => {
    const error = catchError(() => parseJson(text)) as ParseError;

    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect((error.cause as SyntaxError).message).toMatch(/^Unexpected token '.' in JSON$/);
    expect((error.cause as SyntaxError).message).not.toContain(secret);
  });

  it('keeps a SyntaxError that quotes nothing as V8 wrote it', () => {
    const error = catchError(() => parseJson('{"a":1')) as ParseError;

    expect((error.cause as SyntaxError).message).toMatch(/JSON/);
    expect((error.cause as SyntaxError).message).not.toContain('{"a"');
  });

  it('accepts a "constructor" key that is plain data, null included, next to null values', () => {
    expect(parseJson('{"constructor":null,"items":[null,{"constructor":"Bob"}]}')).toEqual({
      constructor: null,
      items: [null, { constructor: 'Bob' }],
    });
  });

  it('accepts a "constructor" key holding an object without a "prototype"', () => {
    expect(parseJson('{"constructor":{"name":"Bob"}}')).toEqual({ constructor: { name: 'Bob' } });
  });

  it('refuses a "constructor" key holding a "prototype" deep inside arrays', () => {
    expect(() => parseJson('[[1,{"a":[{"constructor":{"prototype":{}}}]}]]')).toThrow(
      'received a "constructor" key',
    );
  });

  it('removes a "constructor" key holding a "prototype" with protoAction: "remove" and keeps the rest', () => {
    expect(parseJson('{"a":1,"constructor":{"prototype":{}}}', { protoAction: 'remove' })).toEqual({ a: 1 });
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
