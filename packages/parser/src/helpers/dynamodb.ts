import { type ZodType, z } from 'zod';
import { unmarshall } from '../internal.js';
import type { AttributeValue } from '../unmarshall.js';
import { addDecodeIssue } from './issue.js';

/**
 * A DynamoDB image (a map of attribute values), unmarshalled to a plain object, then validated by
 * `schema`. Numbers become numbers (BigInt beyond 2^53), sets `Set`s, binary `Uint8Array`s.
 * Powertools' helper of the same name.
 *
 * @example
 * const Change = DynamoDBStreamRecord.extend({
 *   dynamodb: z.object({ NewImage: DynamoDBMarshalled(z.object({ id: z.string() })).optional() }),
 * });
 */
export const DynamoDBMarshalled = <T>(schema: ZodType<T>) =>
  z
    .union([z.custom<AttributeValue>(), z.record(z.string(), z.custom<AttributeValue>())])
    .transform(unmarshallImage)
    .pipe(schema);

function unmarshallImage(
  image: AttributeValue | Record<string, AttributeValue>,
  ctx: z.RefinementCtx<AttributeValue | Record<string, AttributeValue>>,
): unknown {
  try {
    return unmarshall(image as Record<string, AttributeValue>);
  } catch (error) {
    addDecodeIssue(ctx, 'Could not unmarshall DynamoDB stream record', error);
    return z.NEVER;
  }
}
