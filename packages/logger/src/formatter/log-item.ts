import { isPlainObject } from '@lambkit/core';
import type { LogAttributes } from '../types.js';

// Kept outside the instance so LogItem declares no private member: a private member would make the
// class nominal, and a formatter written against Powertools' LogItem type would not fit lambkit's.
const attributesOf = new WeakMap<LogItem, LogAttributes>();

/** Merges `source` into `target` as Powertools' deepMerge does: plain objects key by key. */
function deepMerge(target: LogAttributes, source: LogAttributes): LogAttributes {
  for (const key of Object.keys(source)) {
    if (key === '__proto__' || key === 'constructor') continue;
    const next = source[key];
    const current = target[key];
    if (isPlainObject(next) && isPlainObject(current)) deepMerge(current, next);
    else if (next !== undefined || current === undefined) target[key] = next;
  }
  return target;
}

/**
 * The attributes of one log line, as a custom `LogFormatter` returns them: Powertools' `LogItem`.
 *
 * @example
 * const item = new LogItem({ attributes: { message: 'placed', service: 'orders' } });
 * item.addAttributes({ orderId: 'o-1' });
 */
export class LogItem {
  constructor(params: { attributes: LogAttributes }) {
    this.setAttributes(params.attributes);
  }

  /**
   * Deep-merges `attributes` into the item's attributes.
   *
   * @example
   * logItem.addAttributes(additionalLogAttributes);
   */
  addAttributes(attributes: LogAttributes): this {
    deepMerge(this.getAttributes(), attributes);
    return this;
  }

  /**
   * The item's attributes, the object that is written.
   *
   * @example
   * logItem.getAttributes().message;
   */
  getAttributes(): LogAttributes {
    return attributesOf.get(this) as LogAttributes;
  }

  /**
   * Drops the keys whose value is undefined, null or '' before the item is written.
   *
   * @example
   * logItem.prepareForPrint();
   */
  prepareForPrint(): void {
    this.setAttributes(this.removeEmptyKeys(this.getAttributes()));
  }

  /**
   * A copy of `attributes` without the keys whose value is undefined, null or ''.
   *
   * @example
   * logItem.removeEmptyKeys({ a: 1, b: '' }); // { a: 1 }
   */
  removeEmptyKeys(attributes: LogAttributes): LogAttributes {
    const kept: LogAttributes = {};
    for (const key in attributes) {
      const value = attributes[key];
      if (value !== undefined && value !== '' && value !== null) kept[key] = value;
    }
    return kept;
  }

  /**
   * Replaces the item's attributes.
   *
   * @example
   * logItem.setAttributes({ message: 'replaced' });
   */
  setAttributes(attributes: LogAttributes): void {
    attributesOf.set(this, attributes);
  }
}
