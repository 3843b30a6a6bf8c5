// The two published-package linters the pack check runs on every tarball, as users' tools see it:
// - publint (strict, suggestions included): the manifest, the exports map and the files it points at;
// - @arethetypeswrong/core (the library behind `attw`): each entry resolved the way TypeScript does
//   for a CommonJS and an ES module project and a bundler, types and code checked to agree. lambkit
//   gives each condition its own declarations (import -> dist/esm/*.d.ts, require -> dist/cjs/*.d.ts
//   under a "type": "commonjs" package.json), which is what attw asks for.
// attw runs with its `node16` profile: TypeScript's `node10` resolution (moduleResolution "node")
// ignores exports maps, so it cannot see any subpath; TypeScript 6 deprecates it and 7 removes it.
import { readFileSync } from 'node:fs';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import { problemKindInfo } from '@arethetypeswrong/core/problems';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

/** Resolutions attw does not hold against a package (its CLI's `--profile node16`). */
export const ATTW_IGNORED_RESOLUTIONS = ['node10'];

function tarballBytes(tarball) {
  const bytes = readFileSync(tarball);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

/** publint's errors, warnings and suggestions for a packed tarball, one readable line each. */
export async function publintProblems(tarball) {
  const { messages, pkg } = await publint({
    pack: { tarball: tarballBytes(tarball) },
    level: 'suggestion',
    strict: true,
  });
  return messages.map(
    (message) => `publint ${message.type}: ${stripAnsi(formatMessage(message, pkg) ?? message.code)}`,
  );
}

/** attw's problems for a packed tarball (node10 resolution aside), one readable line each. */
export async function attwProblems(tarball) {
  const pkg = createPackageFromTarballData(new Uint8Array(tarballBytes(tarball)));
  const analysis = await checkPackage(pkg);
  if (!analysis.types) return ['attw: the package ships no types'];
  return analysis.problems
    .filter(
      (problem) =>
        !('resolutionKind' in problem && ATTW_IGNORED_RESOLUTIONS.includes(problem.resolutionKind)),
    )
    .map(
      (problem) => `attw ${problem.kind}: ${problemKindInfo[problem.kind].description} (${whereOf(problem)})`,
    );
}

function whereOf(problem) {
  if ('entrypoint' in problem) return `entry ${problem.entrypoint}, ${problem.resolutionKind} resolution`;
  if ('typesFileName' in problem)
    return `${inPackage(problem.typesFileName)} for ${inPackage(problem.implementationFileName)}`;
  if ('fileName' in problem) return inPackage(problem.fileName);
  return 'package';
}

/** attw's virtual path, /node_modules/@lambkit/core/dist/esm/index.d.ts, as dist/esm/index.d.ts. */
function inPackage(path) {
  return path.replace(/^\/node_modules\/(@[^/]+\/)?[^/]+\//, '');
}

function stripAnsi(text) {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape introduces the colour codes removed here
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
