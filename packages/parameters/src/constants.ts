/**
 * Powertools' names of the transforms, for code written against them: `Transform.JSON` is 'json'.
 *
 * @example
 * const config = await getParameter('/app/config', { transform: Transform.JSON });
 */
export const Transform = {
  /** Parse the value with JSON.parse. */
  JSON: 'json',
  /** Decode a base64 value to UTF-8 text. */
  BINARY: 'binary',
  /** Pick by the name's suffix: .json parses, .binary decodes, anything else is kept as is. */
  AUTO: 'auto',
} as const;

/**
 * How a value is transformed before it is returned (and cached): 'json' parses it, 'binary'
 * decodes base64 to UTF-8 text, 'auto' picks by the name's suffix (.json or .binary, else as is).
 */
export type Transform = (typeof Transform)[keyof typeof Transform];
