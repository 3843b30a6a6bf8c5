import { gunzipSync } from 'node:zlib';
import type { CloudWatchLogsDecodedData, CloudWatchLogsEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { loadFixture, shapeOf } from '../../test/events/test-shape.js';
import { createCloudWatchLogsEvent } from '../index.js';

const sample = loadFixture<CloudWatchLogsDecodedData>('cloudwatch-logs-decoded.json');

function decode(event: CloudWatchLogsEvent): CloudWatchLogsDecodedData {
  return JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8'));
}

describe('createCloudWatchLogsEvent', () => {
  it('wraps a payload with the keys and value types of the documented decoded sample', () => {
    const event = createCloudWatchLogsEvent();

    expect(Object.keys(event)).toEqual(['awslogs']);
    expect(Object.keys(event.awslogs)).toEqual(['data']);
    expect(shapeOf(decode(event))).toEqual(shapeOf(sample));
  });

  it('reproduces the documented decoded sample through gzip and base64', () => {
    const event = createCloudWatchLogsEvent(sample);

    expect(decode(event)).toEqual(sample);
  });

  it('turns message strings into log events with increasing ids and timestamps', () => {
    const event = createCloudWatchLogsEvent({ logGroup: '/aws/lambda/orders', logEvents: ['START', 'END'] });

    const { logEvents, logGroup } = decode(event);
    expect(logGroup).toBe('/aws/lambda/orders');
    expect(logEvents.map((e) => e.message)).toEqual(['START', 'END']);
    expect(BigInt(logEvents[1].id) > BigInt(logEvents[0].id)).toBe(true);
    expect(logEvents[1].timestamp).toBeGreaterThan(logEvents[0].timestamp);
  });

  it('rejects input of the wrong type, naming the field and the value', () => {
    expect(() => createCloudWatchLogsEvent({ logEvents: [{ timestamp: '2024' as never }] })).toThrow(
      'createCloudWatchLogsEvent: logEvents[0].timestamp must be a number, got "2024"',
    );
    expect(() => createCloudWatchLogsEvent({ subscriptionFilters: 'f' as never })).toThrow(
      'createCloudWatchLogsEvent: subscriptionFilters must be an array, got "f"',
    );
    expect(() => createCloudWatchLogsEvent({ logEvents: [7 as never] })).toThrow(
      'createCloudWatchLogsEvent: logEvents[0] must be a message string or an object of log event fields, got 7',
    );
  });
});
