import type { StandardSchemaV1 } from '@standard-schema/spec';
import { unmarshall } from '../unmarshall.js';
import { validate } from '../validate.js';
import { type DynamoDBStreamImages, relocate } from './envelope.js';
import { expectObject, recordsOf } from './fields.js';
import { defineRecordsEnvelope } from './records.js';

/**
 * Unwraps a DynamoDB Streams event: each record's `dynamodb.NewImage` and `dynamodb.OldImage` are
 * unmarshalled to plain objects (numbers, Sets, Uint8Arrays) and each goes to your schema. Returns
 * `{ NewImage?, OldImage? }` per record; an image the stream view type leaves out stays absent.
 *
 * @example
 * const changes = parse(event, DynamoDBStreamEnvelope, z.object({ id: z.string(), total: z.number() }));
 * changes[0].NewImage?.total;
 */
export const DynamoDBStreamEnvelope = /* @__PURE__ */ defineRecordsEnvelope(
  'DynamoDBStreamEnvelope',
  'images',
  {
    records: (event) => recordsOf(event, 'Records'),
    recordPath: (_event, index) => ['Records', index],
    decode(record) {
      const change = expectObject(expectObject(record).dynamodb, ['dynamodb']);
      const images: DynamoDBStreamImages<unknown> = {};
      if (change.NewImage !== undefined) images.NewImage = unmarshallImage(change.NewImage, 'NewImage');
      if (change.OldImage !== undefined) images.OldImage = unmarshallImage(change.OldImage, 'OldImage');
      return images;
    },
    payloadPath: ['dynamodb'],
    check(schema, payload) {
      const images = payload as DynamoDBStreamImages<unknown>;
      const out: DynamoDBStreamImages<unknown> = {};
      if ('NewImage' in images) out.NewImage = checkImage(schema, images.NewImage, 'NewImage');
      if ('OldImage' in images) out.OldImage = checkImage(schema, images.OldImage, 'OldImage');
      return out;
    },
  },
);

function unmarshallImage(image: unknown, name: string): Record<string, unknown> {
  try {
    return unmarshall(image as Record<string, unknown>);
  } catch (error) {
    throw relocate(error, ['dynamodb', name]);
  }
}

function checkImage(schema: StandardSchemaV1, image: unknown, name: string): unknown {
  try {
    return validate(schema, image);
  } catch (error) {
    throw relocate(error, [name]);
  }
}
