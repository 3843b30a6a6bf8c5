import { describe, expect, it } from 'vitest';
import { withoutRawResponse } from './index.js';

describe('withoutRawResponse', () => {
  it('drops the raw response body, which leads to the signed request, and keeps the rest', () => {
    const response = {
      statusCode: 403,
      headers: { 'x-amzn-requestid': 'r-1' },
      body: { req: 'x-amz-security-token: t' },
    };
    const error = Object.assign(new Error('denied'), {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
    Object.defineProperty(error, '$response', { value: response, enumerable: false, writable: false });

    const result = withoutRawResponse(error);

    expect(result).toBe(error);
    expect(response.body).toBeUndefined();
    expect(response.statusCode).toBe(403);
    expect(response.headers).toEqual({ 'x-amzn-requestid': 'r-1' });
    expect(result.message).toBe('denied');
  });

  it('returns anything that is not an SDK error as it is', () => {
    const values = [undefined, null, 'text', 42, new Error('plain'), { $response: null }];

    for (const value of values) expect(withoutRawResponse(value)).toBe(value);
  });
});
