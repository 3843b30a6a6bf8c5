#!/usr/bin/env node
// `npm run layer`: builds dist/lambkit-layer.zip from the packages' build output (the npm script
// runs `npm run build` first) and prints the zip size and each package's size.
//   node layer/build.mjs [--out <file>] [--minify]
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { buildLayer, formatBytes, LayerBuildError, repoRoot } from './src/build-layer.mjs';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: join(repoRoot, 'dist', 'lambkit-layer.zip') },
    minify: { type: 'boolean', default: false },
  },
});

try {
  const layer = await buildLayer({ outFile: values.out, minify: values.minify });
  const width = Math.max(...layer.packages.map((row) => row.name.length));
  console.log(`${relative(process.cwd(), layer.outFile) || layer.outFile}`);
  console.log(`  zip ${formatBytes(layer.zipBytes)}, unzipped ${formatBytes(layer.unzippedBytes)}`);
  for (const row of layer.packages)
    console.log(`  ${row.name.padEnd(width)}  ${formatBytes(row.bytes).padStart(9)}`);
} catch (error) {
  if (!(error instanceof LayerBuildError)) throw error;
  console.error(`layer build failed: ${error.message}`);
  process.exit(1);
}
