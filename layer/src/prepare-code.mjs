// Prepares a staged @lambkit package's code to load fast from the layer (figures in docs/layer.md,
// from bench/scenarios/layer.bench.mjs):
// - CommonJS: tsc writes one file per source module, and require() pays per file (resolution, read,
//   compile). The layer ships instead the ES module build (already joined per exports-map entry, shared
//   code in chunks, by scripts/build-package.mjs) converted file by file to CommonJS, so both formats
//   load the same few files and a class stays single across a package's entries. Measured: require()
//   of a package takes 2 to 4 times less CPU (logger 14.5 -> 5.0 ms, parser 20.2 -> 5.4 ms).
// - Fewer files: Node 20's ES module loader pays per file (resolve, an async read, compile, link) and
//   the build's chunks split a package's main entry into up to 8 files (parameters). The chunks the main
//   entry imports are joined into one, _chunks/main.js, that every entry imports instead; each chunk's
//   code is still in one file only, so classes stay single. A sub-entry that used some of them loads
//   all of them.
// - No package resolution between @lambkit packages: an import of another @lambkit package in the
//   layer becomes the relative path of the file Node would resolve it to (the one beside it in
//   /opt/nodejs/node_modules: Node looks there first for both formats), so no package.json is read and
//   no exports map walked for it at INIT.
// - A package.json of its own in dist/esm ({ "type": "module" }, as dist/cjs has { "type": "commonjs" }):
//   Node 20 finds the format of each ES module file by walking up to the nearest package.json, from
//   dist/esm/_chunks up to the package's root; the marker ends the walk at dist/esm. Measured: 2.5 to
//   3.5 ms less to import the e2e handler, for five packages.
// - Minifying (whitespace and syntax, identifiers kept) is available but off: it changed load times by
//   under 0.5 ms in either format and saves little of the zip, while it would turn every stack trace
//   into "index.js:1:17962".
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { build, transform } from 'esbuild';

const MINIFY = { minifyWhitespace: true, minifySyntax: true, minifyIdentifiers: false, target: 'node20' };

/** The file the main entry's chunks are joined into, in dist/esm/_chunks (and dist/cjs/_chunks). */
const MAIN_CHUNK = 'main.js';

/** A bare specifier the rewritten files import main.js by, replaced by its relative path after. */
const MAIN_SENTINEL = 'lambkit-layer-main-chunk';

const ESBUILD_COMMON = {
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The files are esbuild's own output: no dead code to drop, and none of it may be dropped.
  treeShaking: false,
  packages: 'external',
  logLevel: 'silent',
};

function jsFiles(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) jsFiles(path, out);
    else if (entry.name.endsWith('.js')) out.push(path);
  }
  return out;
}

async function rewrite(file, options) {
  const { code } = await transform(readFileSync(file, 'utf8'), { ...options, sourcefile: file });
  return code;
}

/** A relative specifier from `fromDir` to `file` ("./x.js", "../y/z.js"). */
function relativeSpecifier(fromDir, file) {
  const path = relative(fromDir, file).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

/** The target of one condition ('import' or 'require') of an exports-map entry, or undefined. */
function conditionTarget(value, condition) {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return undefined;
  return conditionTarget(value[condition], condition) ?? conditionTarget(value.default, condition);
}

/**
 * The file an import of `specifier` resolves to when it names a linked package whose ES module and
 * CommonJS targets mirror each other (./dist/esm/X and ./dist/cjs/X): the ES module one. Anything
 * else (another package, a subpath the exports map does not list, targets that differ) stays bare.
 */
function linkedTarget(specifier, modules, linked) {
  if (modules === undefined) return undefined;
  const name = linked.find((candidate) => specifier === candidate || specifier.startsWith(`${candidate}/`));
  if (name === undefined) return undefined;
  const manifest = JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8'));
  const subpath = `.${specifier.slice(name.length)}`;
  const entry = manifest.exports?.[subpath] ?? (subpath === '.' ? manifest.exports : undefined);
  const esm = conditionTarget(entry, 'import');
  const cjs = conditionTarget(entry, 'require');
  if (!esm?.startsWith('./dist/esm/') || cjs !== esm.replace('./dist/esm/', './dist/cjs/')) return undefined;
  return join(modules, name, esm);
}

/** The chunks `entry` imports statically, directly or through other chunks, in evaluation order. */
async function staticChunks(esmDir, entry) {
  const { metafile } = await build({
    ...ESBUILD_COMMON,
    entryPoints: [entry],
    absWorkingDir: esmDir,
    metafile: true,
  });
  const order = [];
  const seen = new Set();
  const visit = (input) => {
    if (seen.has(input)) return;
    seen.add(input);
    for (const { path, kind, external } of metafile.inputs[input]?.imports ?? []) {
      if (kind === 'import-statement' && !external) visit(path);
    }
    order.push(input);
  };
  visit(relative(esmDir, entry).split(sep).join('/'));
  return order.slice(0, -1).map((input) => resolve(esmDir, input));
}

/** The names a chunk exports, read from esbuild's metafile of the chunk alone (its imports external). */
async function exportedNames(file) {
  const external = {
    name: 'external',
    setup(plugin) {
      plugin.onResolve({ filter: /.*/ }, (args) =>
        args.kind === 'entry-point' ? undefined : { path: args.path, external: true },
      );
    },
  };
  const { metafile } = await build({
    ...ESBUILD_COMMON,
    entryPoints: [file],
    outfile: file,
    allowOverwrite: true,
    metafile: true,
    plugins: [external],
  });
  return Object.values(metafile.outputs)[0].exports;
}

/**
 * An esbuild plugin that, for a file being rewritten: serves each joined chunk as re-exports of
 * main.js under the chunk's own names, leaves every other relative import as written, and turns an
 * import of a linked package into the relative path of its file.
 */
function layerImports({ esmDir, joined, bundled = new Set(), modules, linked, importer }) {
  return {
    name: 'lambkit-layer-imports',
    setup(plugin) {
      plugin.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        if (args.path === MAIN_SENTINEL) return { path: MAIN_SENTINEL, external: true };
        if (args.path.startsWith('.')) {
          const file = resolve(args.resolveDir, args.path);
          // A path relative to dist/esm: esbuild writes it in a comment, and the zip must not vary.
          if (joined.has(file)) return { path: relative(esmDir, file), namespace: 'joined-chunk' };
          if (bundled.has(file)) return undefined;
          return { path: args.path, external: true };
        }
        const target = linkedTarget(args.path, modules, linked);
        if (target === undefined) return { path: args.path, external: true };
        return { path: relativeSpecifier(dirname(importer), target), external: true };
      });
      plugin.onLoad({ filter: /.*/, namespace: 'joined-chunk' }, (args) => {
        const names = joined.get(resolve(esmDir, args.path)).map(({ name, alias }) => `${alias} as ${name}`);
        return {
          contents: `export { ${names.join(', ')} } from "${MAIN_SENTINEL}";\nimport "${MAIN_SENTINEL}";\n`,
          loader: 'js',
        };
      });
    },
  };
}

/** Rebuilds one file of the ES module build with its imports rewritten (see layerImports). */
async function rewriteImports(file, options) {
  const { outputFiles } = await build({
    ...ESBUILD_COMMON,
    entryPoints: [file],
    outfile: file,
    allowOverwrite: true,
    absWorkingDir: options.esmDir,
    plugins: [layerImports({ ...options, importer: file })],
  });
  const main = relativeSpecifier(dirname(file), join(options.esmDir, '_chunks', MAIN_CHUNK));
  return outputFiles[0].text.replaceAll(`"${MAIN_SENTINEL}"`, JSON.stringify(main));
}

/** Joins `chunks` (in evaluation order) into _chunks/main.js, each export renamed `<name>$<index>`. */
async function joinChunks(esmDir, chunks, options) {
  const joined = new Map();
  const lines = [];
  for (const [index, chunk] of chunks.entries()) {
    const names = (await exportedNames(chunk)).map((name) => ({ name, alias: `${name}$${index}` }));
    joined.set(chunk, names);
    const spec = relativeSpecifier(join(esmDir, '_chunks'), chunk);
    lines.push(
      names.length === 0
        ? `import ${JSON.stringify(spec)};`
        : `export { ${names.map(({ name, alias }) => `${name} as ${alias}`).join(', ')} } from ${JSON.stringify(spec)};`,
    );
  }
  const mainFile = join(esmDir, '_chunks', MAIN_CHUNK);
  const { outputFiles } = await build({
    ...ESBUILD_COMMON,
    stdin: { contents: lines.join('\n'), resolveDir: join(esmDir, '_chunks'), sourcefile: MAIN_CHUNK },
    outfile: mainFile,
    absWorkingDir: esmDir,
    plugins: [layerImports({ ...options, joined: new Map(), bundled: new Set(chunks), importer: mainFile })],
  });
  return { joined, mainFile, code: outputFiles[0].text };
}

/**
 * Rewrites `<packageDir>/dist/esm` as the layer loads it best (see the top of this file): the chunks
 * the main entry imports joined into _chunks/main.js (when there are two or more), and imports of the
 * `linked` packages (staged in `modules`) turned into relative paths. Returns the files it removed.
 */
async function prepareEsm(packageDir, { modules, linked }) {
  const esmDir = join(packageDir, 'dist', 'esm');
  const mainEntry = join(esmDir, 'index.js');
  const chunks = existsSync(mainEntry) ? await staticChunks(esmDir, mainEntry) : [];
  const options = { esmDir, modules, linked, joined: new Map() };
  const outputs = new Map();
  if (chunks.length >= 2) {
    const { joined, mainFile, code } = await joinChunks(esmDir, chunks, options);
    options.joined = joined;
    outputs.set(mainFile, code);
  }
  for (const file of jsFiles(esmDir)) {
    if (!options.joined.has(file)) outputs.set(file, await rewriteImports(file, options));
  }
  for (const chunk of options.joined.keys()) rmSync(chunk);
  for (const [file, code] of outputs) writeFileSync(file, code);
  return [...options.joined.keys()];
}

/**
 * CommonJS of a rewritten ES module file: a relative import of another linked package's ES module
 * file becomes its CommonJS twin (the layer's dist/cjs mirrors dist/esm file for file).
 */
function linkCommonJs(code) {
  return code.replace(/require\("((?:\.\.\/)+(?:@[^/"]+\/)?[^/"]+\/)dist\/esm\//g, 'require("$1dist/cjs/');
}

/**
 * Rewrites `<packageDir>/dist`: dist/esm with the main entry's chunks joined, imports of the
 * `linked` packages (other packages staged in `modules`) made relative and a package.json marking
 * the folder's files ES modules, then dist/cjs replaced by
 * those files converted to CommonJS (dynamic `import()` becomes a lazy `require()`, as tsc writes
 * it), and with `minify: true` both formats minified (whitespace and syntax; names kept).
 *
 * @example
 * await prepareLayerCode('/tmp/layer/nodejs/node_modules/@lambkit/logger', {
 *   modules: '/tmp/layer/nodejs/node_modules',
 *   linked: ['@lambkit/core'],
 * });
 */
export async function prepareLayerCode(packageDir, { minify = false, modules, linked = [] } = {}) {
  const esmDir = join(packageDir, 'dist', 'esm');
  const cjsDir = join(packageDir, 'dist', 'cjs');
  await prepareEsm(packageDir, { modules, linked });
  const esmMarker = join(esmDir, 'package.json');
  if (!existsSync(esmMarker)) writeFileSync(esmMarker, '{ "type": "module" }\n');
  const sources = jsFiles(esmDir);
  const converted = [];
  for (const file of sources) {
    const cjs = await rewrite(file, {
      ...(minify ? MINIFY : { target: 'node20' }),
      format: 'cjs',
      supported: { 'dynamic-import': false },
    });
    converted.push({ path: join(cjsDir, relative(esmDir, file)), code: linkCommonJs(cjs) });
  }
  const marker = join(cjsDir, 'package.json');
  const markerText = existsSync(marker) ? readFileSync(marker, 'utf8') : '{ "type": "commonjs" }\n';
  rmSync(cjsDir, { recursive: true, force: true });
  mkdirSync(cjsDir, { recursive: true });
  writeFileSync(marker, markerText);
  for (const { path, code } of converted) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, code);
  }
  if (minify) {
    for (const file of sources) writeFileSync(file, await rewrite(file, { ...MINIFY, format: 'esm' }));
  }
  return { files: sources.length };
}
