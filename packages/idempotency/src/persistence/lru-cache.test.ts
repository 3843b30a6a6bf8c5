import { describe, expect, it } from 'vitest';
import { LruCache } from './lru-cache.js';

describe('LruCache', () => {
  it('drops the least recently used entry past its size', () => {
    const cache = new LruCache<string>(2);
    cache.add('a', 'A');
    cache.add('b', 'B');
    cache.get('a');

    cache.add('c', 'C');

    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['A', undefined, 'C']);
    expect(cache.size).toBe(2);
  });

  it('replaces an entry added again, which becomes the most recent', () => {
    const cache = new LruCache<string>(2);
    cache.add('a', 'A');
    cache.add('b', 'B');

    cache.add('a', 'A2');
    cache.add('c', 'C');

    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['A2', undefined, 'C']);
  });

  it('keeps exactly its size', () => {
    const cache = new LruCache<number>(3);

    for (const key of ['a', 'b', 'c']) cache.add(key, 1);

    expect(cache.size).toBe(3);
    expect(cache.get('a')).toBe(1);
  });

  it('removes an entry', () => {
    const cache = new LruCache<string>(2);
    cache.add('a', 'A');

    cache.remove('a');

    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
