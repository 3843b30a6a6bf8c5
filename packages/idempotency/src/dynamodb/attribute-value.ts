/**
 * JSON values to DynamoDB attribute values and back, for the stored response: the shape
 * @aws-sdk/util-dynamodb's marshall and unmarshall give (property-tested against them), without
 * loading it. Values are kept as JSON would keep them, which is what the caller of a Lambda
 * function receives: `toJSON` is called, undefined and functions leave objects and become null in
 * arrays (util-dynamodb throws on undefined, and Powertools then fails the invocation after the
 * function has run).
 */
export type AttributeValue =
  | { S: string }
  | { N: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { L: AttributeValue[] }
  | { M: Record<string, AttributeValue> }
  | { B: Uint8Array }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: Uint8Array[] };

const NULL: AttributeValue = { NULL: true };

function isDropped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** One JSON value as an attribute value; throws for a number DynamoDB cannot hold. */
export function toAttributeValue(input: unknown): AttributeValue {
  const value =
    input !== null &&
    typeof input === 'object' &&
    typeof (input as { toJSON?: unknown }).toJSON === 'function'
      ? (input as { toJSON(): unknown }).toJSON()
      : input;
  switch (typeof value) {
    case 'string':
      return { S: value };
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${value} cannot be stored in DynamoDB`);
      return { N: String(value) };
    case 'bigint':
      return { N: value.toString() };
    case 'boolean':
      return { BOOL: value };
    case 'object':
      break;
    default:
      return NULL;
  }
  if (value === null) return NULL;
  if (Array.isArray(value))
    return { L: value.map((item) => (isDropped(item) ? NULL : toAttributeValue(item))) };
  if (value instanceof Uint8Array) return { B: value };
  const map: Record<string, AttributeValue> = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (!isDropped(item)) map[key] = toAttributeValue(item);
  }
  return { M: map };
}

/** An attribute value as a JavaScript value, as util-dynamodb's unmarshall gives it. */
export function fromAttributeValue(attribute: AttributeValue): unknown {
  if ('S' in attribute) return attribute.S;
  if ('N' in attribute) return Number(attribute.N);
  if ('BOOL' in attribute) return attribute.BOOL;
  if ('NULL' in attribute) return null;
  if ('L' in attribute) return attribute.L.map(fromAttributeValue);
  if ('M' in attribute) {
    const object: Record<string, unknown> = {};
    for (const key of Object.keys(attribute.M))
      object[key] = fromAttributeValue(attribute.M[key] as AttributeValue);
    return object;
  }
  if ('B' in attribute) return attribute.B;
  if ('SS' in attribute) return new Set(attribute.SS);
  if ('NS' in attribute) return new Set(attribute.NS.map(Number));
  if ('BS' in attribute) return new Set(attribute.BS);
  throw new TypeError(`unknown attribute type ${Object.keys(attribute).join(',') || '(none)'}`);
}
