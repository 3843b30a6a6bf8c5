import { warnInvalidEnv } from '@lambkit/core';

// Timestamps as Powertools writes them: ISO 8601 in UTC ('Z'), or, when TZ names another zone, the
// zone's local time with its offset ('2024-05-02T15:31:02.345+05:30'), as its formatTimestamp does.

let lastMs = -1;
let lastZone: string | undefined;
let lastText = '';

/**
 * The zone the default line's timestamps are written in, read from TZ once, at INIT: undefined for
 * UTC ('Z': TZ unset, blank, or naming UTC, as Lambda's ':UTC' does), else the zone TZ names. A
 * zone Intl cannot resolve gives 'UTC' (written '+00:00', as Powertools falls back), with one
 * warning naming the variable, the value and the fallback.
 *
 * @example
 * resolveTimeZone('Asia/Kolkata'); // 'Asia/Kolkata'
 * resolveTimeZone(':UTC'); // undefined
 */
export function resolveTimeZone(value = process.env.TZ): string | undefined {
  const zone = value?.trim();
  if (!zone || zone.includes('UTC')) return undefined;
  if (isResolvable(zone)) return zone;
  warnInvalidEnv('TZ', zone, 'expected a time zone name Intl can resolve, e.g. Europe/Paris', 'UTC');
  return 'UTC';
}

/**
 * Whether Intl knows `zone` (canonical names and their aliases).
 *
 * @example
 * isResolvable('Asia/Calcutta'); // true
 */
export function isResolvable(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The current time for a line, in UTC or in `zone` (from resolveTimeZone). Lines written in the
 * same millisecond share one Date and toISOString call (~120 ns each), which a burst of lines does
 * often.
 *
 * @example
 * lineTimestamp(undefined); // '2024-05-02T10:01:02.345Z'
 * lineTimestamp('Asia/Kolkata'); // '2024-05-02T15:31:02.345+05:30'
 */
export function lineTimestamp(zone: string | undefined): string {
  const now = Date.now();
  if (now !== lastMs || zone !== lastZone) {
    lastMs = now;
    lastZone = zone;
    const date = new Date(now);
    lastText = zone === undefined ? date.toISOString() : zonedTimestamp(date, zone);
  }
  return lastText;
}

/**
 * `date` as the local time of `zone` (from resolveTimeZone; 'UTC' gives +00:00) with its offset,
 * milliseconds included. Powertools formats the digits with Intl and takes the offset from the
 * process's zone; both come from Intl here, so a Logger keeps the zone TZ named at INIT. A negative
 * offset with minutes is written as it is (St. John's: -03:30), where Powertools writes -04:30.
 *
 * @example
 * zonedTimestamp(new Date(0), 'Asia/Kolkata'); // '1970-01-01T05:30:00.000+05:30'
 */
export function zonedTimestamp(date: Date, zone: string): string {
  const ms = date.getTime();
  const offset = zone === 'UTC' ? 0 : offsetMinutes(zone, ms);
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 23);
  const minutes = Math.abs(offset);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${local}${offset < 0 ? '-' : '+'}${hh}:${mm}`;
}

/** A zone's formatter and the offset it gave for one quarter hour. */
interface ZoneOffset {
  format: Intl.DateTimeFormat;
  quarter: number;
  minutes: number;
}

const QUARTER_HOUR_MS = 900_000;
const zoneOffsets = new Map<string, ZoneOffset>();

/**
 * The offset of `zone` at `ms`, in minutes. Offsets change only at quarter hours of UTC (every
 * zone's offset is a multiple of 15 minutes and changes at a local hour or half hour), so one Intl
 * call (~2 us) serves every line of the same quarter hour.
 */
function offsetMinutes(zone: string, ms: number): number {
  let entry = zoneOffsets.get(zone);
  if (entry === undefined) {
    const format = new Intl.DateTimeFormat('en', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    entry = { format, quarter: Number.NaN, minutes: 0 };
    zoneOffsets.set(zone, entry);
  }
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  if (entry.quarter !== quarter) {
    entry.quarter = quarter;
    entry.minutes = intlOffset(entry.format, ms);
  }
  return entry.minutes;
}

/** The offset in minutes that `format`'s zone has at `ms`: its local time read as UTC, minus `ms`. */
function intlOffset(format: Intl.DateTimeFormat, ms: number): number {
  // formatToParts gives every part the format asks for; the defaults only satisfy the compiler.
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of format.formatToParts(ms)) parts[part.type] = Number(part.value);
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second: secondOfMinute = 0 } = parts;
  const local = Date.UTC(year, month - 1, day, hour, minute, secondOfMinute);
  const second = ms - (((ms % 1000) + 1000) % 1000);
  return Math.round((local - second) / 60_000);
}
