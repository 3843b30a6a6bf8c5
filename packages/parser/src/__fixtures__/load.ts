import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Reads a fixture (an AWS sample event) fresh, so a test may change it freely. */
export function loadFixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(join(__dirname, `${name}.json`), 'utf8')) as T;
}
