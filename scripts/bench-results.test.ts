import { describe, expect, it } from 'vitest';
import { mergeResults } from './bench-results.mjs';

function run(scenario: string, median: number, date: string) {
  return {
    node: 'v20.20.2',
    date,
    all: [
      {
        scenario,
        results: [
          {
            title: `${scenario.split('.')[0]}: one table`,
            unit: 'ns/op',
            rows: [
              { name: 'floor task', role: 'floor', median: 10 },
              { name: 'lambkit task', role: 'lambkit', median },
            ],
          },
        ],
      },
    ],
  };
}

describe('mergeResults', () => {
  it('writes a scenario section with its run and its table as the bench runner prints it', () => {
    const page = mergeResults(undefined, run('s3.bench.mjs', 20, '2026-12-04T10:00:00.000Z'));

    expect(page).toContain(
      '## s3\n\nNode 20.20.2, run of 2026-12-04 10:00 UTC (`npm run bench -- s3` runs it alone).',
    );
    expect(page).toContain('### s3: one table');
    expect(page).toContain('| lambkit task | lambkit | 20.0 ns | 2.00x |  |  |');
  });

  it('replaces the sections of the scenarios that ran again and keeps the others', () => {
    const first = mergeResults(undefined, run('s3.bench.mjs', 20, '2026-12-01T10:00:00.000Z'));
    const both = mergeResults(first, run('logger.bench.mjs', 30, '2026-12-02T10:00:00.000Z'));

    const again = mergeResults(both, run('s3.bench.mjs', 40, '2026-12-03T10:00:00.000Z'));

    expect(again).toContain('| lambkit task | lambkit | 40.0 ns | 4.00x |  |  |');
    expect(again).not.toContain('20.0 ns');
    expect(again).toContain('| lambkit task | lambkit | 30.0 ns | 3.00x |  |  |');
    expect(again.indexOf('## logger')).toBeLessThan(again.indexOf('## s3'));
    expect(again.match(/<!-- bench: /g)).toHaveLength(2);
  });
});
