import { describe, expect, it } from 'vitest';
import { describeType, isBase64, isPlainObject, isThenable } from './index.js';

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

describe('isThenable', () => {
  it('is true for promises and for any object or function with a callable then', () => {
    // biome-ignore lint/suspicious/noThenProperty: a function that is a thenable is the input under test
    const thenableFunction = Object.assign(() => {}, { then: () => {} });
    // biome-ignore lint/suspicious/noThenProperty: a thenable that is not a promise is the input under test
    const thenable = { then: () => {} };

    expect(isThenable(Promise.resolve(1))).toBe(true);
    expect(isThenable(thenable)).toBe(true);
    expect(isThenable(thenableFunction)).toBe(true);
  });

  it('is false for values without a callable then', () => {
    // biome-ignore lint/suspicious/noThenProperty: a then that is not a function is the input under test
    const notCallable = { then: 1 };
    for (const value of [undefined, null, 0, 'then', true, {}, notCallable, [], () => {}]) {
      expect(isThenable(value)).toBe(false);
    }
  });

  it('recognises a promise without reading its then', () => {
    const promise = Promise.resolve(1);
    Object.defineProperty(promise, 'then', {
      get() {
        throw new Error('then was read');
      },
    });

    expect(isThenable(promise)).toBe(true);
  });
});

describe('isPlainObject', () => {
  it('is true for object literals and objects without a prototype', () => {
    expect(isPlainObject({ a: 1 })).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
  });

  it('is false for arrays, maps, dates, class instances and primitives', () => {
    class Order {}
    for (const value of [[], new Map(), new Date(0), new Order(), null, undefined, 'a', 1]) {
      expect(isPlainObject(value)).toBe(false);
    }
  });

  it('is false, without throwing, for an object whose prototype cannot be read', () => {
    expect(isPlainObject(revokedProxy())).toBe(false);
  });
});

describe('describeType', () => {
  it('names null, arrays and byte arrays apart from other objects', () => {
    expect(describeType(null)).toBe('null');
    expect(describeType([1])).toBe('array');
    expect(describeType(new Uint8Array(1))).toBe('Uint8Array');
    expect(describeType(Buffer.from('a'))).toBe('Uint8Array');
    expect(describeType({})).toBe('object');
  });

  it('gives typeof for the other values, never the value itself', () => {
    expect(describeType('secret-token')).toBe('string');
    expect(describeType(42)).toBe('number');
    expect(describeType(undefined)).toBe('undefined');
    expect(describeType(() => {})).toBe('function');
    expect(describeType(1n)).toBe('bigint');
  });
});

describe('isBase64', () => {
  it('accepts padded base64 with zero, one or two padding characters, and the empty string', () => {
    for (const text of ['', 'YWJj', 'YWI=', 'YQ==', 'eyJhIjoxfQ==', 'a+/9'])
      expect(isBase64(text)).toBe(true);
  });

  it('refuses unpadded text, misplaced or extra padding, and characters outside the alphabet', () => {
    for (const text of ['YQ', 'YWI', 'Y===', '====', 'YQ=a', 'YW=I', 'YW Jj', 'YW-j', 'YW_j', 'YWJj\n'])
      expect(isBase64(text), text).toBe(false);
  });

  it('checks a 6 MiB payload without running out of stack', () => {
    const text = Buffer.alloc((6 * 1024 * 1024 * 3) / 4).toString('base64');
    expect(text.length).toBe(6 * 1024 * 1024);
    expect(isBase64(text)).toBe(true);
    expect(isBase64(`${text.slice(0, -4)}AA=A`)).toBe(false);
  });
});
