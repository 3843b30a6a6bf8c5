// Reads the blocks of a Markdown page that its walkthrough test runs. A block takes part when an HTML
// comment `<!-- walkthrough: <id> [argument] -->` comes right before its fence (blank lines
// allowed), so the page reads as usual and says which of its blocks are run:
//   <!-- walkthrough: file src/handler.ts -->   the block is written to src/handler.ts
//   <!-- walkthrough: install -->               a block the test runs, or compares with, by its id

const MARKER = /^<!--\s*walkthrough:\s*(\S+)(?:\s+(\S+))?\s*-->\s*$/;
const FENCE = /^(\s*)```(\S*)\s*$/;

/**
 * The marked blocks of `markdown`, in page order: `{ id, argument, lang, code, line }`, where `line`
 * is the 1-based line of the block's first code line. Indentation of an indented block is removed.
 *
 * @example
 * walkthroughBlocks('<!-- walkthrough: run -->\n```sh\nnode invoke.mjs\n```\n');
 * // [{ id: 'run', argument: undefined, lang: 'sh', code: 'node invoke.mjs', line: 3 }]
 */
export function walkthroughBlocks(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  let marker;
  for (let i = 0; i < lines.length; i++) {
    const markerMatch = MARKER.exec(lines[i]);
    if (markerMatch) {
      marker = { id: markerMatch[1], argument: markerMatch[2] };
      continue;
    }
    const fence = FENCE.exec(lines[i]);
    if (fence === null) {
      if (lines[i].trim() !== '') marker = undefined; // a marker belongs to the block right after it
      continue;
    }
    const indent = fence[1].length;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end])) end++;
    if (marker !== undefined) {
      const code = lines
        .slice(start, end)
        .map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length)))
        .join('\n');
      blocks.push({ ...marker, lang: fence[2], code, line: start + 1 });
    }
    marker = undefined;
    i = end;
  }
  return blocks;
}

/**
 * Splits one shell command line into its words as a POSIX shell would for plain commands: single
 * and double quotes group, quotes are removed. No expansion, no escapes beyond `\` in double quotes.
 *
 * @example
 * shellWords(`npx esbuild a.ts '--external:@aws-sdk/*' "--banner:js=x y"`);
 * // ['npx', 'esbuild', 'a.ts', '--external:@aws-sdk/*', '--banner:js=x y']
 */
export function shellWords(command) {
  const words = [];
  let word;
  let quote;
  for (let i = 0; i < command.length; i++) {
    const char = command[i];
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === '\\' && i + 1 < command.length) word += command[++i];
      else word += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      word ??= '';
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + char;
    }
  }
  if (quote !== undefined) throw new Error(`unterminated ${quote} quote in: ${command}`);
  if (word !== undefined) words.push(word);
  return words;
}
