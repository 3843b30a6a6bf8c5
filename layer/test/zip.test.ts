import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32, extractZip, readZip, writeZip } from '../src/zip.mjs';

let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'lambkit-zip-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const entries = [
  { name: 'nodejs/' },
  { name: 'nodejs/node_modules/' },
  { name: 'nodejs/node_modules/a/index.js', data: Buffer.from('module.exports = 1;\n'.repeat(50)) },
  { name: 'nodejs/node_modules/a/bin.js', data: Buffer.from('#!/usr/bin/env node\n'), mode: 0o100755 },
  { name: 'nodejs/node_modules/a/empty.txt', data: Buffer.alloc(0) },
  { name: 'nodejs/node_modules/ü/ß.json', data: Buffer.from('{"ok":true}') },
];

describe('writeZip and readZip', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });

  it('reads back every entry it wrote, with its bytes and file mode', () => {
    const zip = writeZip(entries);

    const read = readZip(zip);

    expect(read.map((entry) => [entry.name, entry.data.toString(), entry.mode.toString(8)])).toEqual([
      ['nodejs/', '', '40755'],
      ['nodejs/node_modules/', '', '40755'],
      ['nodejs/node_modules/a/index.js', 'module.exports = 1;\n'.repeat(50), '100644'],
      ['nodejs/node_modules/a/bin.js', '#!/usr/bin/env node\n', '100755'],
      ['nodejs/node_modules/a/empty.txt', '', '100644'],
      ['nodejs/node_modules/ü/ß.json', '{"ok":true}', '100644'],
    ]);
  });

  it('round-trips any set of files', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            name: fc.stringMatching(/^[a-z0-9_-]{1,12}(\/[a-z0-9_-][a-z0-9_.-]{0,11}){0,3}$/),
            data: fc.uint8Array({ maxLength: 2000 }),
          }),
          { selector: (entry) => entry.name, maxLength: 12 },
        ),
        (files) => {
          const read = readZip(writeZip(files.map(({ name, data }) => ({ name, data: Buffer.from(data) }))));
          expect(read.map(({ name, data }) => ({ name, data: new Uint8Array(data) }))).toEqual(files);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('writes the same bytes for the same entries', () => {
    expect(writeZip(entries).equals(writeZip(entries))).toBe(true);
  });

  it('writes an archive that Python’s zipfile module tests and extracts', () => {
    const file = join(work, 'python.zip');
    writeFileSync(file, writeZip(entries));

    const tested = spawnSync('python3', ['-m', 'zipfile', '-t', file], { encoding: 'utf8' });
    const out = join(work, 'python-out');
    const extracted = spawnSync('python3', ['-m', 'zipfile', '-e', file, out], { encoding: 'utf8' });

    expect(tested.status, tested.stderr).toBe(0);
    expect(extracted.status, extracted.stderr).toBe(0);
    expect(readFileSync(join(out, 'nodejs/node_modules/ü/ß.json'), 'utf8')).toBe('{"ok":true}');
  });

  it('refuses an archive whose data does not match its CRC-32, naming the entry', () => {
    const zip = writeZip([{ name: 'a.txt', data: Buffer.from('hello hello hello') }]);
    const corrupt = Buffer.from(zip);
    corrupt[30 + 'a.txt'.length] ^= 0xff; // the first byte of the entry's data

    expect(() => readZip(corrupt)).toThrow(/a\.txt/);
  });

  it('refuses bytes that are not a zip archive', () => {
    expect(() => readZip(Buffer.from('not a zip at all, just some text'))).toThrow(
      'zip: no end of central directory record (not a zip archive, or truncated)',
    );
  });

  it.each([['/etc/passwd'], ['nodejs/../../escape.js'], ['']])('refuses the entry name %j', (name) => {
    expect(() => writeZip([{ name, data: Buffer.from('x') }])).toThrow(
      `zip: entry name must be a relative path without "..", got ${JSON.stringify(name)}`,
    );
  });

  it('refuses two entries with the same name', () => {
    expect(() =>
      writeZip([{ name: 'a.js' }, { name: 'a.js' }].map((e) => ({ ...e, data: Buffer.from('1') }))),
    ).toThrow('zip: duplicate entry a.js');
  });
});

describe('extractZip', () => {
  it('unpacks files and directories with their modes, as Lambda unpacks a layer into /opt', () => {
    const opt = join(work, 'opt');

    const files = extractZip(writeZip(entries), opt);

    expect(files).toBe(4);
    expect(readFileSync(join(opt, 'nodejs/node_modules/a/index.js'), 'utf8')).toBe(
      'module.exports = 1;\n'.repeat(50),
    );
    expect(statSync(join(opt, 'nodejs/node_modules/a/bin.js')).mode & 0o777).toBe(0o755);
    expect(statSync(join(opt, 'nodejs/node_modules')).isDirectory()).toBe(true);
  });
});
