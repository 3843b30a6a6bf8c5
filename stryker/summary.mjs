// Turns Stryker's JSON reports into the summary `npm run test:mutation` prints: one line per module,
// the score of each mutated file, and every survivor that stryker/equivalent-mutants.json does not
// explain, with where it is and what it changed, so the missing test can be written from the list.
import { existsSync, readFileSync } from 'node:fs';

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
/** How many survivors the summary lists per module; the HTML report has them all. */
const SURVIVORS_SHOWN = 40;

/**
 * The equivalent mutants, by module: mutants that change no behaviour, each with its reason.
 * @example readEquivalents('stryker/equivalent-mutants.json').s3
 */
export function readEquivalents(path) {
  if (!existsSync(path)) return {};
  const { modules } = JSON.parse(readFileSync(path, 'utf8'));
  return modules ?? {};
}

function collapse(text) {
  return text.replace(/\s+/g, ' ').trim();
}

/** The source text a mutant replaced (lines are 1-based, columns 1-based in Stryker's report). */
function originalText(source, { start, end }) {
  const lines = source.split('\n').slice(start.line - 1, end.line);
  if (lines.length === 1) return lines[0].slice(start.column - 1, end.column - 1);
  lines[0] = lines[0].slice(start.column - 1);
  lines[lines.length - 1] = lines[lines.length - 1].slice(0, end.column - 1);
  return lines.join('\n');
}

/** A survivor as the summary and the equivalent list name it. */
function describe(file, source, mutant) {
  return {
    file,
    line: mutant.location.start.line,
    column: mutant.location.start.column,
    mutator: mutant.mutatorName,
    code: collapse(originalText(source, mutant.location)),
    replacement: collapse(mutant.replacement ?? ''),
    status: mutant.status,
  };
}

function isSameMutant(entry, survivor) {
  return (
    entry.file === survivor.file &&
    entry.mutator === survivor.mutator &&
    entry.replacement === survivor.replacement &&
    survivor.code.startsWith(entry.code)
  );
}

/** Pairs each listed equivalent with the nearest surviving mutant it describes. */
function matchEquivalents(survivors, entries) {
  const explained = new Set();
  const stale = [];
  for (const entry of entries) {
    let best;
    for (const survivor of survivors) {
      if (explained.has(survivor) || !isSameMutant(entry, survivor)) continue;
      if (best === undefined || Math.abs(survivor.line - entry.line) < Math.abs(best.line - entry.line))
        best = survivor;
    }
    if (best === undefined) stale.push(entry);
    else explained.add(best);
  }
  return { explained, stale };
}

function percent(detected, valid) {
  return valid === 0 ? 100 : (100 * detected) / valid;
}

/**
 * Counts one module's report: score = (killed + timed out) / (killed + timed out + survived + no
 * coverage), equivalent mutants included, as the issue sets the floor.
 * @example summarize('s3', report, equivalents.s3).score
 */
export function summarize(name, report, equivalentEntries) {
  const counts = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, invalid: 0 };
  const files = [];
  const survivors = [];
  for (const [file, { source, mutants }] of Object.entries(report.files ?? {})) {
    let detected = 0;
    let valid = 0;
    for (const mutant of mutants) {
      if (DETECTED.has(mutant.status)) detected++;
      else if (UNDETECTED.has(mutant.status)) survivors.push(describe(file, source, mutant));
      else {
        counts.invalid++;
        continue;
      }
      counts[mutant.status]++;
      valid++;
    }
    files.push({ file, score: percent(detected, valid), valid });
  }
  const { explained, stale } = matchEquivalents(survivors, equivalentEntries);
  const valid = counts.Killed + counts.Timeout + counts.Survived + counts.NoCoverage;
  return {
    name,
    counts,
    valid,
    score: percent(counts.Killed + counts.Timeout, valid),
    files,
    equivalent: explained.size,
    unexplained: survivors.filter((survivor) => !explained.has(survivor)),
    stale,
  };
}

function formatSurvivor(survivor) {
  const code = survivor.code.length > 70 ? `${survivor.code.slice(0, 67)}...` : survivor.code;
  const status = survivor.status === 'NoCoverage' ? ' (no test runs it)' : '';
  return `  ${survivor.file}:${survivor.line}:${survivor.column} ${survivor.mutator}: \`${code}\` -> \`${survivor.replacement}\`${status}`;
}

/**
 * The summary of a run, as Markdown-friendly text.
 * @example console.log(formatSummary([summarize('s3', report, [])], 90));
 */
export function formatSummary(results, minimum) {
  const lines = [
    `Mutation score = (killed + timed out) / valid mutants, equivalent ones included; floor ${minimum} %`,
    '',
    '| module | score | mutants | killed | timed out | survived | no coverage | listed equivalent | run |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    const mark = r.score >= minimum ? '' : r.gated ? ' FAIL' : ' (not gated yet)';
    lines.push(
      `| ${r.name} | ${r.score.toFixed(1)} %${mark} | ${r.valid} | ${r.counts.Killed} | ${r.counts.Timeout} | ${r.counts.Survived} | ${r.counts.NoCoverage} | ${r.equivalent} | ${r.seconds} s |`,
    );
  }
  for (const r of results) {
    lines.push('', `${r.name}:`);
    for (const f of r.files)
      lines.push(`  ${f.score.toFixed(1).padStart(5)} %  ${f.valid} mutants  ${f.file}`);
    if (r.unexplained.length > 0) {
      lines.push(`  survivors not in stryker/equivalent-mutants.json (${r.unexplained.length}):`);
      lines.push(...r.unexplained.slice(0, SURVIVORS_SHOWN).map(formatSurvivor));
      if (r.unexplained.length > SURVIVORS_SHOWN)
        lines.push(
          `  ... and ${r.unexplained.length - SURVIVORS_SHOWN} more: .tmp/mutation/${r.name}/report.html`,
        );
    }
    for (const entry of r.stale)
      lines.push(
        `  listed as equivalent but no longer surviving, remove it from stryker/equivalent-mutants.json: ${entry.file}:${entry.line} ${entry.mutator} \`${entry.code}\` -> \`${entry.replacement}\``,
      );
  }
  return `${lines.join('\n')}\n`;
}
