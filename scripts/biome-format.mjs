// Formats text as `npm run lint` (Biome) wants it, so a file a script writes passes lint as written.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const biome = join(fileURLToPath(new URL('..', import.meta.url)), 'node_modules/@biomejs/biome/bin/biome');

/**
 * `text` formatted by Biome as the file at `path` (its extension picks the language).
 *
 * @example
 * writeFileSync(page, formatWithBiome(markdown, page));
 */
export function formatWithBiome(text, path) {
  const result = spawnSync(process.execPath, [biome, 'format', `--stdin-file-path=${path}`], {
    input: text,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`biome could not format ${path}: ${result.stderr}`);
  return result.stdout;
}
