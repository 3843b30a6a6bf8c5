import { describe, expect, it } from 'vitest';
import { differencesTable, differencesTableProblem, withTable } from './differences-table.mjs';

describe('differencesTable', () => {
  it('writes one row per deliberate difference, with its package and reason', () => {
    const table = differencesTable({
      deliberate: [{ id: 'logger:output:error', reason: 'Keeps the stack.' }],
      pending: [],
    });

    expect(table.split('\n').at(-1)).toBe('| logger | `logger:output:error` | Keeps the stack. |');
  });

  it('folds an entry whose reason only points to another entry into that entry row', () => {
    const table = differencesTable({
      deliberate: [
        { id: 'commons:export:*', reason: 'Helpers are not a user API.' },
        { id: 'commons/utils/*', reason: 'See commons:export:*.' },
        { id: 'commons:snippet:README.md#2', reason: 'A usage of a helper: see commons:export:*.' },
      ],
      pending: [],
    });

    expect(table.split('\n').slice(2)).toEqual([
      '| commons | `commons:export:*` (and 2 more ids of the same kind) | Helpers are not a user API. |',
    ]);
  });

  it('escapes a pipe in a reason so the row keeps its three cells', () => {
    const table = differencesTable({
      deliberate: [{ id: 'metrics:output:x', reason: 'a | b' }],
      pending: [],
    });

    expect(table).toContain('| a \\| b |');
  });

  it('counts the pending gaps and names their issues', () => {
    const table = differencesTable({
      deliberate: [],
      pending: [
        { id: 'parser*', issue: 17 },
        { id: 'logger:export:LogItem', issue: 15 },
        { id: 'batch*', issue: 17 },
      ],
    });

    expect(table).toContain(
      '3 more gaps are not deliberate: they are pending, each under an open issue (#15, #17)',
    );
  });
});

describe('withTable', () => {
  it('replaces what is between the markers and keeps the rest of the page', () => {
    const page = 'intro\n<!-- differences:start -->\nold\n<!-- differences:end -->\nrest\n';

    expect(withTable(page, 'new')).toBe(
      'intro\n<!-- differences:start -->\n\nnew\n\n<!-- differences:end -->\nrest\n',
    );
  });

  it('throws naming the markers when the page has lost one', () => {
    expect(() => withTable('intro\n<!-- differences:start -->\n', 'new')).toThrow(
      /needs the markers <!-- differences:start --> and <!-- differences:end -->/,
    );
  });
});

describe('docs/migration-powertools.md', () => {
  it('holds the table npm run docs:differences writes from compat/differences.json', () => {
    expect(differencesTableProblem()).toBeUndefined();
  });
});
