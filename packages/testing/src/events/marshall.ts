import { isPlainObject } from '@lambkit/core';
import type { AttributeValue } from 'aws-lambda';
import { fail } from './merge.js';

// A small marshaller from plain values to DynamoDB AttributeValues (as DynamoDB Streams writes them:
// binary as base64), so tests can write images as plain objects without loading the AWS SDK.

function marshallSet(factory: string, path: string, set: Set<unknown>): AttributeValue {
  const items = [...set];
  if (items.length === 0) fail(factory, path, 'a non-empty Set (DynamoDB has no empty sets)', items);
  if (items.every((item) => typeof item === 'string')) return { SS: items as string[] };
  if (items.every((item) => typeof item === 'number' || typeof item === 'bigint')) {
    return { NS: items.map((item) => numberText(factory, path, item as number | bigint)) };
  }
  if (items.every((item) => item instanceof Uint8Array)) {
    return { BS: items.map((item) => Buffer.from(item as Uint8Array).toString('base64')) };
  }
  return fail(factory, path, 'a Set of only strings, only numbers or only bytes', items);
}

function numberText(factory: string, path: string, value: number | bigint): string {
  if (typeof value === 'number' && !Number.isFinite(value)) fail(factory, path, 'a finite number', value);
  return String(value);
}

/**
 * One value as a DynamoDB AttributeValue: string → S, number and bigint → N, boolean → BOOL,
 * null → NULL, bytes → B (base64), array → L, Set → SS / NS / BS, plain object → M.
 *
 * @example
 * marshallValue({ tags: new Set(['a']) }); // { M: { tags: { SS: ['a'] } } }
 */
export function marshallValue(value: unknown, factory = 'marshallValue', path = 'value'): AttributeValue {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number' || typeof value === 'bigint') return { N: numberText(factory, path, value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (value === null) return { NULL: true };
  if (value instanceof Uint8Array) return { B: Buffer.from(value).toString('base64') };
  if (Array.isArray(value))
    return { L: value.map((item, i) => marshallValue(item, factory, `${path}[${i}]`)) };
  if (value instanceof Set) return marshallSet(factory, path, value);
  if (isPlainObject(value)) return { M: marshallItem(value, factory, path) };
  return fail(
    factory,
    path,
    'a DynamoDB value (string, number, bigint, boolean, null, bytes, array, Set or plain object)',
    value,
  );
}

/**
 * A plain object as a DynamoDB item (a map of AttributeValues). Fields set to undefined are left out,
 * as the AWS SDK does with removeUndefinedValues.
 *
 * @example
 * marshallItem({ id: 101, message: 'New item!' }); // { id: { N: '101' }, message: { S: 'New item!' } }
 */
export function marshallItem(
  item: Record<string, unknown>,
  factory = 'marshallItem',
  path = 'item',
): Record<string, AttributeValue> {
  if (!isPlainObject(item)) fail(factory, path, 'a plain object', item);
  const out: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(item)) {
    if (value !== undefined) out[name] = marshallValue(value, factory, `${path}.${name}`);
  }
  return out;
}

function significantDigits(text: string): number {
  const digits = text.replace(/^-/, '').replace('.', '').replace(/e.*$/i, '');
  return Math.max(1, digits.replace(/^0+/, '').replace(/0+$/, '').length);
}

/** The size DynamoDB counts for one value (rules of "Item sizes and formats" in the DynamoDB guide). */
export function attributeValueSize(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S, 'utf8');
  if (value.N !== undefined) return Math.ceil(significantDigits(value.N) / 2) + 1;
  if (value.B !== undefined) return Buffer.from(value.B, 'base64').length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, s) => sum + Buffer.byteLength(s, 'utf8'), 0);
  if (value.NS !== undefined)
    return value.NS.reduce((sum, n) => sum + Math.ceil(significantDigits(n) / 2) + 1, 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, b) => sum + Buffer.from(b, 'base64').length, 0);
  if (value.L !== undefined) return 3 + value.L.reduce((sum, v) => sum + 1 + attributeValueSize(v), 0);
  if (value.M !== undefined) return 3 + itemSize(value.M) + Object.keys(value.M).length;
  return 0;
}

/** The size of an item: each attribute's name in UTF-8 bytes plus its value's size. */
export function itemSize(item: Record<string, AttributeValue> | undefined): number {
  let size = 0;
  for (const [name, value] of Object.entries(item ?? {}))
    size += Buffer.byteLength(name, 'utf8') + attributeValueSize(value);
  return size;
}
