/**
 * An AWS SDK v3 error without the body of its raw HTTP response, for an error lambkit passes on as
 * the `cause` of its own (which then gets logged). `$response.body` is the response stream, which
 * leads to the request as it was sent, whose headers hold the session token (x-amz-security-token)
 * of the function's role. `$response` itself cannot be removed (the SDK defines it read-only); its
 * status and headers stay, as do the error's name, message and `$metadata`. Anything else is
 * returned as it is.
 *
 * @example
 * await client.send(command).catch((error) => { throw withoutRawResponse(error); });
 */
export function withoutRawResponse<T>(error: T): T {
  const response = (error as { $response?: unknown } | null)?.$response;
  if (response !== null && typeof response === 'object' && 'body' in response) {
    Reflect.set(response, 'body', undefined);
  }
  return error;
}
