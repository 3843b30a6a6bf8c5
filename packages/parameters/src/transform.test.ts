import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { everythingIn } from '../test/test-helpers.js';
import { TransformParameterError } from './errors.js';
import { applyTransform, effectiveTransform, transformValue } from './transform.js';

describe('transforms', () => {
  it('json gives back any JSON value, from text or from bytes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        const expected = JSON.parse(text);

        expect(transformValue(text, 'json', '/p')).toEqual(expected);
        expect(transformValue(new TextEncoder().encode(text), 'json', '/p')).toEqual(expected);
      }),
    );
  });

  it('binary decodes any base64 of UTF-8 text back to the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const encoded = Buffer.from(text, 'utf8').toString('base64');

        expect(transformValue(encoded, 'binary', '/p')).toBe(text);
      }),
    );
  });

  it('never quotes the value in a failed transform, whatever the value', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.constantFrom('json', 'binary') as fc.Arbitrary<'json' | 'binary'>,
        (body, transform) => {
          const value = `Value<${body}>!`; // neither JSON nor base64

          let error: unknown;
          try {
            transformValue(value, transform, '/app/secret');
          } catch (e) {
            error = e;
          }

          expect(error).toBeInstanceOf(TransformParameterError);
          expect(everythingIn(error)).not.toContain(value);
        },
      ),
    );
  });

  it('auto picks json or binary by the suffix in any case, and leaves other names as they are', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\/[a-z]{1,8}$/),
        fc.constantFrom('.json', '.JSON', '.Json', '.binary', '.BINARY', '', '.txt'),
        (stem, suffix) => {
          const expected =
            suffix.toLowerCase() === '.json'
              ? 'json'
              : suffix.toLowerCase() === '.binary'
                ? 'binary'
                : undefined;

          expect(effectiveTransform('auto', `${stem}${suffix}`)).toBe(expected);
        },
      ),
    );
  });

  it('returns the value untouched when auto finds no suffix', () => {
    const bytes = new Uint8Array([1, 2, 3]);

    expect(applyTransform(bytes, 'auto', 'tls-key')).toBe(bytes);
  });
});
