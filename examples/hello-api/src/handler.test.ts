import { readFileSync } from 'node:fs';
import { createContext } from '@lambkit/testing';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { type HelloBody, handler } from './handler.js';

function sampleEvent(file: string): APIGatewayProxyEventV2 {
  return JSON.parse(readFileSync(new URL(`../events/${file}`, import.meta.url), 'utf8'));
}

describe('hello-api handler', () => {
  it('greets the name from the query string with the request id and the remaining time', async () => {
    const context = createContext({ functionName: 'hello-api', timeoutMs: 10_000 });
    const response = await handler(sampleEvent('hello.json'), context);
    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body ?? '') as HelloBody;
    expect(body.message).toBe('Hello, Ada!');
    expect(body.requestId).toBe(context.awsRequestId);
    expect(body.remainingTimeMs).toBeGreaterThan(9_000);
    expect(body.remainingTimeMs).toBeLessThanOrEqual(10_000);
  });

  it('greets the world when no name is given', async () => {
    const response = await handler(sampleEvent('hello-anonymous.json'), createContext());
    expect(JSON.parse(response.body ?? '').message).toBe('Hello, world!');
  });
});
