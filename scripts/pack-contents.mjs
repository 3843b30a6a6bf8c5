// What a lambkit tarball may contain. Every package ships its manifest, README.md and LICENSE, and
// from dist only the two builds: JavaScript and declarations, and dist/cjs/package.json (which makes
// dist/cjs CommonJS for Node and TypeScript). Anything else (tests, fixtures, source maps, build
// info, sources) is a file users download for nothing, or one that should not be public.

/** Files every tarball must have, at its root. */
export const REQUIRED_FILES = ['package.json', 'README.md', 'LICENSE'];

const ALLOWED = [
  /^(package\.json|README\.md|LICENSE)$/,
  /^dist\/cjs\/package\.json$/,
  /^dist\/(esm|cjs)\/([\w-]+\/)*[\w.-]+\.(js|d\.ts)$/,
];

/** Test files and fixtures, which the allow-list's patterns would otherwise let through. */
const TEST_FILE = /(^|\/)(__fixtures__|__tests__|test|tests)\/|(^|\/)test-[^/]*$|\.(test|spec)\.[cm]?[jt]s$/;

/**
 * What is wrong with a tarball's file list (paths relative to the package root, as `npm pack --json`
 * gives them): a required file missing, or a file outside the allow-list. Empty when all is well.
 *
 * @example
 * tarballProblems(['package.json', 'README.md', 'dist/esm/index.js']);
 * // ['LICENSE is missing']
 */
export function tarballProblems(files) {
  const problems = [];
  for (const required of REQUIRED_FILES) {
    if (!files.includes(required)) problems.push(`${required} is missing`);
  }
  const stray = files.filter(
    (file) => TEST_FILE.test(file) || !ALLOWED.some((pattern) => pattern.test(file)),
  );
  if (stray.length > 0) {
    problems.push(
      `ships files outside the allow-list (package.json, README.md, LICENSE, dist/{esm,cjs}/**/*.{js,d.ts}, no tests): ${stray.join(', ')}`,
    );
  }
  return problems;
}

/**
 * The problems of an exports map for TypeScript users: each subpath must give the `import` and the
 * `require` condition each its own declarations, next to the file it loads (dist/esm for import,
 * dist/cjs for require), so each is read in the module format of the file it describes.
 *
 * @example
 * exportsProblems({ '.': { types: './dist/esm/index.d.ts', import: './dist/esm/index.js', require: './dist/cjs/index.js' } });
 * // ['"." import: no {types, default} pair', ...]
 */
export function exportsProblems(exports) {
  const problems = [];
  for (const [subpath, target] of Object.entries(exports ?? {})) {
    if (subpath === './package.json') continue;
    for (const [condition, dir] of [
      ['import', './dist/esm/'],
      ['require', './dist/cjs/'],
    ]) {
      const entry = target?.[condition];
      if (typeof entry?.types !== 'string' || typeof entry?.default !== 'string') {
        problems.push(`"${subpath}" ${condition}: no { "types", "default" } pair`);
      } else if (!entry.types.startsWith(dir) || !entry.default.startsWith(dir)) {
        problems.push(
          `"${subpath}" ${condition}: types ${entry.types} and code ${entry.default} must both be in ${dir}`,
        );
      }
    }
    const extra = Object.keys(target ?? {}).filter((key) => key !== 'import' && key !== 'require');
    if (extra.length > 0)
      problems.push(`"${subpath}": conditions other than import and require: ${extra.join(', ')}`);
  }
  return problems;
}
