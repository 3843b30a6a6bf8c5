import * as v from 'valibot';

/** A map of strings (headers, attributes, metadata). */
export const StringMapSchema = v.record(v.string(), v.string());

/** A map of optional strings, as @types/aws-lambda types headers and query parameters. */
export const OptionalStringMapSchema = v.record(v.string(), v.optional(v.string()));

/** A map of string lists (multi-value headers and query parameters). */
export const StringListMapSchema = v.record(v.string(), v.optional(v.array(v.string())));

/** Any JSON object. */
export const JsonObjectSchema = v.record(v.string(), v.any());

/**
 * A string that AWS sometimes sends as null: null reads as absent, so the output matches the
 * `field?: string` of @types/aws-lambda.
 */
export const NullableOptionalStringSchema = v.optional(
  v.pipe(
    v.nullable(v.string()),
    v.transform((value) => value ?? undefined),
  ),
);

/**
 * `schema`, absent, or null read as absent: for fields AWS sends as null where @types/aws-lambda types
 * them as optional.
 *
 * @example
 * const pathParameters = nullAsAbsent(OptionalStringMapSchema);
 */
/* @__NO_SIDE_EFFECTS__ */
export function nullAsAbsent<T extends v.GenericSchema>(schema: T) {
  return v.optional(
    v.pipe(
      v.nullable(schema),
      v.transform((value): v.InferOutput<T> | undefined => value ?? undefined),
    ),
  );
}
