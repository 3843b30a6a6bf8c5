import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replaceMemberValue } from './replace-member-value.js';

function countMembers(value: unknown, name: string): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + countMembers(item, name), 0);
  if (value === null || typeof value !== 'object') return 0;
  let count = 0;
  for (const [member, item] of Object.entries(value))
    count += (member === name ? 1 : 0) + countMembers(item, name);
  return count;
}

describe('replaceMemberValue', () => {
  it('replaces the value of the only member of that name and keeps the rest of the text', () => {
    const text = '{ "s3": { "object": { "key" : "a+b%28c%29",  "size": 1 } } }';

    expect(replaceMemberValue(text, 'key', 'a+b%28c%29', 'a b(c)')).toBe(
      '{ "s3": { "object": { "key" : "a b(c)",  "size": 1 } } }',
    );
  });

  it('escapes the new value as JSON', () => {
    expect(replaceMemberValue('{"key":"%22q%22"}', 'key', '%22q%22', '"q"')).toBe('{"key":"\\"q\\""}');
  });

  it('gives up when two members have that name', () => {
    expect(replaceMemberValue('{"a":{"key":"x"},"b":{"key":"x"}}', 'key', 'x', 'y')).toBeUndefined();
  });

  it('skips "key" written inside a string value', () => {
    const text = '{"note":"the \\"key\\": is here","key":"x"}';

    expect(replaceMemberValue(text, 'key', 'x', 'y')).toBe('{"note":"the \\"key\\": is here","key":"y"}');
  });

  it('skips a string value "key" that is no member name', () => {
    expect(replaceMemberValue('{"names":["key","other"],"key":"x"}', 'key', 'x', 'y')).toBe(
      '{"names":["key","other"],"key":"y"}',
    );
  });

  it('skips a string value "key" that comes after the member', () => {
    expect(replaceMemberValue('{"key":"x","names":["key"]}', 'key', 'x', 'y')).toBe(
      '{"key":"y","names":["key"]}',
    );
  });

  it('skips a member whose name ends in "key" but is longer', () => {
    expect(replaceMemberValue('{"monkey":"x","key":"x"}', 'key', 'x', 'y')).toBe('{"monkey":"x","key":"y"}');
  });

  it('skips a member named with an escaped quote before "key"', () => {
    expect(replaceMemberValue('{"\\"key":"x","key":"x"}', 'key', 'x', 'y')).toBe('{"\\"key":"x","key":"y"}');
  });

  it('finds the member with tabs, carriage returns and newlines around its colon', () => {
    expect(replaceMemberValue('{"key"\t:\r\n "x"}', 'key', 'x', 'y')).toBe('{"key"\t:\r\n "y"}');
  });

  it('gives up on a text that is the JSON string of the value, with no member', () => {
    expect(replaceMemberValue('"x"', 'key', 'x', 'y')).toBeUndefined();
  });

  it('gives up when the value is written with other escapes than JSON.stringify uses', () => {
    expect(replaceMemberValue('{"key":"a\\/b"}', 'key', 'a/b', 'c')).toBeUndefined();
  });

  it('gives up when the member holds another value', () => {
    expect(replaceMemberValue('{"key":"other"}', 'key', 'x', 'y')).toBeUndefined();
  });

  it('gives up when there is no such member', () => {
    expect(replaceMemberValue('{"name":"x"}', 'key', 'x', 'y')).toBeUndefined();
  });

  it('yields the JSON of the value with that member changed, and gives up exactly when the member is not unique', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.jsonValue(),
        fc.string(),
        fc.string(),
        fc.constantFrom(undefined, 2, '\t'),
        (before, after, from, to, indent) => {
          const value = { before, s3: { object: { key: from } }, after };
          const text = JSON.stringify(value, null, indent);

          const result = replaceMemberValue(text, 'key', from, to);

          if (countMembers(value, 'key') === 1) {
            const expected = JSON.stringify({ ...value, s3: { object: { key: to } } }, null, indent);
            expect(result).toBe(expected);
          } else {
            expect(result).toBeUndefined();
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
