// A small zip writer and reader on node:zlib (deflate, stored entries, no zip64), so building the
// layer needs no `zip` binary and the tests can open what the build wrote without one either.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const VERSION_NEEDED = 20; // 2.0: deflate and directories
const VERSION_MADE_BY = (3 << 8) | 20; // made on Unix, so the external attributes carry file modes
const UTF8_NAMES = 0x0800;
const DEFLATE = 8;
const STORED = 0;
const MAX_ENTRIES = 0xffff;
const MAX_SIZE = 0xffffffff;

const CRC_TABLE = new Int32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  CRC_TABLE[n] = c;
}

/**
 * The CRC-32 of `bytes`, as zip stores it.
 *
 * @example
 * crc32(Buffer.from('hello')); // 0x3610a686
 */
export function crc32(bytes) {
  let crc = -1;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

/** The MS-DOS time and date fields of a Date (local fields, as zip tools read them; 2 s steps). */
function dosDateTime(date) {
  const year = Math.max(1980, date.getFullYear());
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

function checkName(name) {
  if (typeof name !== 'string' || name === '' || name.startsWith('/') || name.split('/').includes('..')) {
    throw new Error(`zip: entry name must be a relative path without "..", got ${JSON.stringify(name)}`);
  }
}

/**
 * Writes a zip archive from entries `{ name, data?, mode? }` (a name ending in "/" is a directory).
 * Every entry gets the same timestamp (`mtime`, default 1980-01-01), so the same input gives the same
 * bytes. Files are deflated unless that makes them larger.
 *
 * @example
 * const zip = writeZip([{ name: 'nodejs/' }, { name: 'nodejs/a.js', data: Buffer.from('1') }]);
 */
export function writeZip(entries, { mtime = new Date(1980, 0, 1) } = {}) {
  if (entries.length > MAX_ENTRIES)
    throw new Error(`zip: ${entries.length} entries, more than ${MAX_ENTRIES}`);
  const { time, date } = dosDateTime(mtime);
  const locals = [];
  const centrals = [];
  const seen = new Set();
  let offset = 0;
  for (const entry of entries) {
    checkName(entry.name);
    if (seen.has(entry.name)) throw new Error(`zip: duplicate entry ${entry.name}`);
    seen.add(entry.name);
    const isDirectory = entry.name.endsWith('/');
    const data = isDirectory ? Buffer.alloc(0) : Buffer.from(entry.data ?? Buffer.alloc(0));
    if (data.length > MAX_SIZE) throw new Error(`zip: ${entry.name} is over 4 GiB`);
    const deflated = data.length > 0 ? deflateRawSync(data, { level: 9 }) : data;
    const method = deflated.length < data.length ? DEFLATE : STORED;
    const body = method === DEFLATE ? deflated : data;
    const crc = crc32(data);
    const name = Buffer.from(entry.name, 'utf8');
    const mode = entry.mode ?? (isDirectory ? 0o40755 : 0o100644);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(VERSION_NEEDED, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL_HEADER, 0);
    central.writeUInt16LE(VERSION_MADE_BY, 4);
    central.writeUInt16LE(VERSION_NEEDED, 6);
    central.writeUInt16LE(UTF8_NAMES, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30); // extra field length
    central.writeUInt16LE(0, 32); // comment length
    central.writeUInt16LE(0, 34); // disk number
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE(((mode << 16) | (isDirectory ? 0x10 : 0)) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + body.length;
    if (offset > MAX_SIZE) throw new Error('zip: archive is over 4 GiB (zip64 is not supported)');
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

function inflate(body, name) {
  try {
    return inflateRawSync(body);
  } catch (error) {
    throw new Error(`zip: cannot inflate ${name}: ${error.message}`);
  }
}

function findEndOfCentralDirectory(zip) {
  const last = Math.max(0, zip.length - 22 - 0xffff);
  for (let at = zip.length - 22; at >= last; at--) {
    if (zip.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  throw new Error('zip: no end of central directory record (not a zip archive, or truncated)');
}

/**
 * Reads a zip archive (deflated and stored entries) into `{ name, data, mode, isDirectory }` entries,
 * checking each entry's CRC-32 and sizes.
 *
 * @example
 * for (const entry of readZip(readFileSync('dist/lambkit-layer.zip'))) console.log(entry.name);
 */
export function readZip(zip) {
  const end = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL_HEADER) throw new Error(`zip: bad central directory entry ${i}`);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const madeOnUnix = zip.readUInt16LE(at + 4) >> 8 === 3;
    const external = zip.readUInt32LE(at + 38);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;

    if (zip.readUInt32LE(localOffset) !== LOCAL_HEADER) throw new Error(`zip: bad local header for ${name}`);
    const dataStart =
      localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const body = zip.subarray(dataStart, dataStart + compressedSize);
    let data;
    if (method === STORED) data = Buffer.from(body);
    else if (method === DEFLATE) data = inflate(body, name);
    else throw new Error(`zip: ${name} uses compression method ${method}; only stored and deflate are read`);
    if (data.length !== size) throw new Error(`zip: ${name} is ${data.length} bytes, header says ${size}`);
    if (crc32(data) !== crc) throw new Error(`zip: CRC-32 mismatch in ${name}`);
    const isDirectory = name.endsWith('/');
    const mode = madeOnUnix ? external >>> 16 : isDirectory ? 0o40755 : 0o100644;
    entries.push({ name, data, mode, isDirectory });
  }
  return entries;
}

/**
 * Unpacks a zip archive into `dir` (created if missing), as Lambda unpacks a layer into /opt.
 * Returns the number of files written.
 *
 * @example
 * extractZip(readFileSync('dist/lambkit-layer.zip'), '/tmp/opt');
 */
export function extractZip(zip, dir) {
  let files = 0;
  for (const entry of readZip(zip)) {
    checkName(entry.name);
    const target = join(dir, entry.name);
    if (entry.isDirectory) {
      mkdirSync(target, { recursive: true });
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, entry.data, { mode: entry.mode & 0o777 });
    files++;
  }
  return files;
}
