import { type ZodType, z } from 'zod';
import {
  DEFAULT_MAX_LENGTH,
  decodeBase64,
  gunzip,
  markTextPayload,
  ParseError,
  parseJson,
} from '../internal.js';
import { addDecodeIssue } from './issue.js';

/**
 * A string holding JSON, parsed with the envelopes' decoder (6 MiB, 64 levels, `__proto__` and
 * `constructor.prototype` keys refused) and then validated by `schema`. Powertools' helper of the same
 * name; an envelope given it hands it the payload text instead of decoding the JSON itself.
 *
 * @example
 * const OrderRecord = SqsRecordSchema.extend({ body: JSONStringified(z.object({ orderId: z.string() })) });
 */
export const JSONStringified = <T extends ZodType>(
  schema: T,
  // biome-ignore lint/suspicious/noExplicitAny: mirrors Powertools' JSONStringified and Base64Encoded helper types, so schemas built for Powertools stay assignable
): z.ZodPipe<z.ZodPipe<z.ZodString, z.ZodTransform<any, string>>, T> =>
  markTextPayload(z.string().transform(decodeJsonText).pipe(schema));

function decodeJsonText(text: string, ctx: z.RefinementCtx<string>): unknown {
  try {
    return parseJson(text);
  } catch (error) {
    addDecodeIssue(ctx, 'Invalid JSON', error);
    return z.NEVER;
  }
}

/**
 * A base64 string, decoded, then validated by `schema`: gzip data is inflated (at most 6 MiB), JSON
 * is parsed with the envelopes' decoder, and anything else reaches `schema` as text. Powertools'
 * helper of the same name.
 *
 * @example
 * const Reading = KinesisDataStreamRecordPayload.extend({ data: Base64Encoded(z.object({ celsius: z.number() })) });
 */
export const Base64Encoded = <T extends ZodType>(
  schema: T,
  // biome-ignore lint/suspicious/noExplicitAny: mirrors Powertools' JSONStringified and Base64Encoded helper types, so schemas built for Powertools stay assignable
): z.ZodPipe<z.ZodPipe<z.ZodString, z.ZodTransform<any, string>>, T> =>
  z.string().transform(decodeBase64Payload).pipe(schema);

// The first two bytes of every gzip stream (RFC 1952).
const GZIP_MAGIC_1 = 0x1f;
const GZIP_MAGIC_2 = 0x8b;

function decodeBase64Payload(data: string, ctx: z.RefinementCtx<string>): unknown {
  let text: string;
  try {
    let bytes = decodeBase64(data, []);
    if (bytes.length > DEFAULT_MAX_LENGTH) {
      throw new ParseError({ expected: `at most ${DEFAULT_MAX_LENGTH} bytes`, received: 'more' });
    }
    if (bytes[0] === GZIP_MAGIC_1 && bytes[1] === GZIP_MAGIC_2) bytes = gunzip(bytes, [], DEFAULT_MAX_LENGTH);
    text = bytes.toString('utf8');
  } catch (error) {
    addDecodeIssue(ctx, 'Invalid base64 data', error);
    return z.NEVER;
  }
  return jsonOrText(text, ctx);
}

/**
 * JSON when the text is JSON, the text itself when it is not (Powertools' rule for base64 data). A
 * JSON text over the limits or with a prototype key is an issue, never text.
 */
function jsonOrText(text: string, ctx: z.RefinementCtx<string>): unknown {
  try {
    return parseJson(text);
  } catch (error) {
    if (error instanceof ParseError && error.expected === 'JSON') return text;
    addDecodeIssue(ctx, 'Invalid JSON', error);
    return z.NEVER;
  }
}
