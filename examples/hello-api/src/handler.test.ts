import { readFileSync } from 'node:fs';
import { captureOutput, createContext } from '@lambkit/testing';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { type HelloBody, handler } from './handler.js';

function sampleEvent(file: string): APIGatewayProxyEventV2 {
  return JSON.parse(readFileSync(new URL(`../events/${file}`, import.meta.url), 'utf8'));
}

/** The EMF documents among the captured stdout lines that hold the given metric. */
function emfWith(lines: any[], metric: string): any[] {
  return lines.filter((line) => line?._aws?.CloudWatchMetrics !== undefined && metric in line);
}

describe('hello-api handler', () => {
  it('greets the name from the query string with the request id and the remaining time', async () => {
    const context = createContext({ functionName: 'hello-api', timeoutMs: 10_000 });

    const { result: response } = await captureOutput(() => handler(sampleEvent('hello.json'), context));

    expect(response?.statusCode).toBe(200);
    const body = JSON.parse(response?.body ?? '') as HelloBody;
    expect(body.message).toBe('Hello, Ada!');
    expect(body.requestId).toBe(context.awsRequestId);
    expect(body.remainingTimeMs).toBeGreaterThan(9_000);
    expect(body.remainingTimeMs).toBeLessThanOrEqual(10_000);
  });

  it('greets the world when no name is given', async () => {
    const { result: response } = await captureOutput(() =>
      handler(sampleEvent('hello-anonymous.json'), createContext()),
    );

    expect(JSON.parse(response?.body ?? '').message).toBe('Hello, world!');
  });

  it('logs the greeting with the Lambda context and the API Gateway request id as correlation id', async () => {
    const event = sampleEvent('hello.json');
    const context = createContext({ functionName: 'hello-api' });

    const { stdout } = await captureOutput(() => handler(event, context));

    const greeting = stdout.find((line) => line?.message === 'greeting');
    expect(greeting).toMatchObject({
      level: 'INFO',
      service: 'hello-api',
      name: 'Ada',
      function_name: 'hello-api',
      function_arn: context.invokedFunctionArn,
      function_request_id: context.awsRequestId,
      correlation_id: event.requestContext.requestId,
    });
    expect(typeof greeting.cold_start).toBe('boolean');
    expect(Date.parse(greeting.timestamp)).not.toBeNaN();
  });

  it('publishes one Greetings metric per greeting, with the caller dimension', async () => {
    const { stdout } = await captureOutput(() => handler(sampleEvent('hello.json'), createContext()));

    const documents = emfWith(stdout, 'Greetings');
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: 'lambkit-examples',
            Dimensions: [['service', 'caller']],
            Metrics: [{ Name: 'Greetings', Unit: 'Count' }],
          },
        ],
      },
      service: 'hello-api',
      caller: 'named',
      Greetings: 1,
    });
    expect(typeof documents[0]._aws.Timestamp).toBe('number');
  });

  it('counts a greeting without a name under the anonymous caller', async () => {
    const { stdout } = await captureOutput(() =>
      handler(sampleEvent('hello-anonymous.json'), createContext()),
    );

    const [document] = emfWith(stdout, 'Greetings');
    expect(document.caller).toBe('anonymous');
    expect(document.Greetings).toBe(1);
  });
});
