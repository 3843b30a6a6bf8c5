import { followPath, type PathSegment, parsePath } from './path.js';

/**
 * Finds a correlation id in an event: with the user's correlationIdSearchFn (Powertools' JMESPath
 * `search`, or any function of that shape) when given, else with the built-in path reader, each
 * path parsed once and kept.
 *
 * @example
 * const lookup = new CorrelationLookup(undefined);
 * lookup.find(event, 'requestContext.requestId'); // 'c6af9ac6-...'
 */
export class CorrelationLookup {
  readonly #searchFn: ((expression: string, data: unknown) => unknown) | undefined;
  readonly #paths = new Map<string, PathSegment[]>();

  constructor(searchFn: ((expression: string, data: unknown) => unknown) | undefined) {
    this.#searchFn = searchFn;
  }

  /** The value at `path` in `event`; undefined when there is none, or it is null or ''. */
  find(event: unknown, path: string): unknown {
    const found =
      this.#searchFn !== undefined ? this.#searchFn(path, event) : followPath(this.#compile(path), event);
    return found === null || found === '' ? undefined : found;
  }

  #compile(path: string): PathSegment[] {
    let segments = this.#paths.get(path);
    if (segments === undefined) {
      segments = parsePath('correlationIdPath', path, false);
      this.#paths.set(path, segments);
    }
    return segments;
  }
}
