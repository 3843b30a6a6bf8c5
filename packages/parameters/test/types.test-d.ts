// Type tests: what the public types promise a caller, checked by `tsc --noEmit` (the package's
// typecheck), never run. A wrong inference here is a compile error in CI.
import { getParameter, getSecret } from '@lambkit/parameters';
import { describe, expectTypeOf, it } from 'vitest';

describe('getParameter', () => {
  it('is a string unless a transform parses it', () => {
    expectTypeOf(getParameter('/app/url')).resolves.toEqualTypeOf<string>();
    expectTypeOf(getParameter('/app/url', { transform: 'json' })).resolves.not.toEqualTypeOf<string>();
  });

  it('refuses an unknown transform', () => {
    // @ts-expect-error transform is 'json', 'binary' or 'auto'
    getParameter('/app/url', { transform: 'yaml' });
  });
});

describe('getSecret', () => {
  it('may be bytes without a transform, a string with binary', () => {
    expectTypeOf(getSecret('db')).resolves.toEqualTypeOf<string | Uint8Array>();
    expectTypeOf(getSecret('db', { transform: 'binary' })).resolves.toEqualTypeOf<string>();
  });
});
