import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureLogs } from '../test/test-helpers.js';
import { Logger } from './index.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

const STAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})([+-]\d{2}:\d{2}|Z)$/;

/** The offset Intl gives `zone` at `instant`, as ISO 8601 writes it ('+05:30', '-03:30'). */
function offsetOf(zone: string, instant: number): string {
  const name = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(instant)
    .find((part) => part.type === 'timeZoneName')?.value;
  return name === 'GMT' ? '+00:00' : String(name).slice(3);
}

/** The local date and time Intl gives `zone` at `instant`, to the second. */
function localTimeOf(zone: string, instant: number): string {
  const parts: Record<string, string> = {};
  const format = new Intl.DateTimeFormat('en', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  for (const part of format.formatToParts(instant)) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

/** The timestamp of one line written by a Logger created with TZ set to `zone`. */
async function stampWith(
  zone: string | undefined,
): Promise<{ stamp: string; before: number; after: number }> {
  vi.stubEnv('TZ', zone);
  const logger = new Logger({ serviceName: 'orders' });
  const before = Date.now();
  const { lines } = await captureLogs(() => logger.info('tick'));
  return { stamp: lines[0].timestamp, before, after: Date.now() };
}

describe('a line’s timestamp', () => {
  it.each([
    ['unset', undefined],
    ['Lambda’s :UTC', ':UTC'],
    ['Etc/UTC', 'Etc/UTC'],
  ])('is written in UTC with a Z when TZ is %s', async (_name, zone) => {
    const { stamp } = await stampWith(zone);

    expect(stamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it.each([
    ['east of UTC, with minutes', 'Asia/Kolkata'],
    ['west of UTC', 'America/New_York'],
    ['west of UTC, with minutes', 'America/St_Johns'],
  ])(
    'is written in the local time and offset of the zone TZ names (%s), as Powertools writes it',
    async (_name, zone) => {
      const { stamp, before, after } = await stampWith(zone);

      const [, local, offset] = STAMP.exec(stamp) ?? [];
      const instant = Date.parse(stamp);
      expect(instant).toBeGreaterThanOrEqual(before);
      expect(instant).toBeLessThanOrEqual(after);
      expect(offset).toBe(offsetOf(zone, instant));
      expect(local.slice(0, 19)).toBe(localTimeOf(zone, instant));
    },
  );

  it('is written in UTC as +00:00, with one warning naming TZ, its value and the fallback, when TZ names no zone', async () => {
    vi.stubEnv('TZ', 'Nowhere/Lambkit_Test');

    const { lines, streams } = await captureLogs(() => {
      const logger = new Logger({ serviceName: 'orders' });
      logger.info('first');
      new Logger({ serviceName: 'orders' }).info('second');
    });

    const warnings = lines.filter((line) => line.level === 'WARN');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ variable: 'TZ', value: 'Nowhere/Lambkit_Test', fallback: 'UTC' });
    expect(streams[lines.indexOf(warnings[0])]).toBe('stderr');
    const stamps = lines.filter((line) => line.level === 'INFO').map((line) => line.timestamp);
    expect(stamps).toHaveLength(2);
    for (const stamp of stamps) expect(stamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/);
  });

  it('follows the TZ the Logger was created with: TZ is read once, at INIT', async () => {
    vi.stubEnv('TZ', 'Asia/Kolkata');
    const logger = new Logger({ serviceName: 'orders' });
    vi.stubEnv('TZ', 'America/New_York');

    const { lines } = await captureLogs(() => logger.info('tick'));

    expect(lines[0].timestamp).toMatch(/\+05:30$/);
  });
});
