/**
 * The one list of where lambkit differs from Powertools: compat/differences.json. Every check of
 * the suite reports a gap as an id (`export:logger/types:LogLevel`); a gap passes only when the
 * list names it, as a deliberate difference with its reason or as work still pending under an
 * issue. An entry that no longer matches any gap fails too, so the list never goes stale.
 */
import { readFileSync } from 'node:fs';

export interface DeliberateDifference {
  /** The gap's id, or a prefix of ids ending in `*`. */
  id: string;
  /** Why lambkit differs: the benefit that outweighs breaking a switcher. */
  reason: string;
}

export interface PendingDifference {
  id: string;
  /** The open issue that closes this gap. */
  issue: number;
}

export interface Differences {
  deliberate: DeliberateDifference[];
  pending: PendingDifference[];
}

/** Reads compat/differences.json. */
export function readDifferences(): Differences {
  const text = readFileSync(new URL('../differences.json', import.meta.url), 'utf8');
  return JSON.parse(text) as Differences;
}

function matches(pattern: string, id: string): boolean {
  return pattern.endsWith('*') ? id.startsWith(pattern.slice(0, -1)) : pattern === id;
}

/** The entry of the list that covers a gap, if any. */
export function listedFor(
  differences: Differences,
  id: string,
): DeliberateDifference | PendingDifference | undefined {
  return (
    differences.deliberate.find((entry) => matches(entry.id, id)) ??
    differences.pending.find((entry) => matches(entry.id, id))
  );
}

/**
 * Splits the gaps a check found into those the list does not cover, and returns the entries of
 * the list (within `scope`, an id prefix) that cover none of them.
 */
export function compareWithList(
  differences: Differences,
  gaps: string[],
  scope: string,
): { unlisted: string[]; stale: string[] } {
  const unlisted = gaps.filter((id) => listedFor(differences, id) === undefined);
  const entries = [...differences.deliberate, ...differences.pending].filter((entry) =>
    entry.id.startsWith(scope),
  );
  const stale = entries.filter((entry) => !gaps.some((id) => matches(entry.id, id))).map((entry) => entry.id);
  return { unlisted, stale };
}
