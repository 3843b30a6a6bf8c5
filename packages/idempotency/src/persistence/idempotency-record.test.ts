import { afterEach, describe, expect, it, vi } from 'vitest';
import { IdempotencyInvalidStatusError, IdempotencyRecordStatus } from '../index.js';
import { IdempotencyRecord } from './index.js';

afterEach(() => {
  vi.useRealTimers();
});

function recordExpiringAt(
  expiryTimestamp: number | undefined,
  status: string = IdempotencyRecordStatus.COMPLETED,
) {
  return new IdempotencyRecord({ idempotencyKey: 'payments#k', status: status as never, expiryTimestamp });
}

describe('IdempotencyRecord', () => {
  it('is not expired up to its expiry second, and expired after it', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const record = recordExpiringAt(1_800_000_000);

    vi.setSystemTime(1_800_000_000_000);
    const atExpiry = [record.isExpired(), record.getStatus()];
    vi.setSystemTime(1_800_000_000_001);
    const after = [record.isExpired(), record.getStatus()];

    expect(atExpiry).toEqual([false, IdempotencyRecordStatus.COMPLETED]);
    expect(after).toEqual([true, IdempotencyRecordStatus.EXPIRED]);
  });

  it('never expires without an expiry', () => {
    const record = recordExpiringAt(undefined, IdempotencyRecordStatus.INPROGRESS);

    expect(record.isExpired()).toBe(false);
    expect(record.getStatus()).toBe(IdempotencyRecordStatus.INPROGRESS);
  });

  it('is EXPIRED once expired, whatever status it holds', () => {
    const record = recordExpiringAt(Date.now() / 1000 - 1, 'DONE' as never);

    expect(record.getStatus()).toBe(IdempotencyRecordStatus.EXPIRED);
  });

  it('throws IdempotencyInvalidStatusError naming the key and a status it does not know', () => {
    const record = recordExpiringAt(Date.now() / 1000 + 60, 'DONE' as never);

    expect(() => record.getStatus()).toThrow(IdempotencyInvalidStatusError);
    expect(() => record.getStatus()).toThrow(
      'Idempotency record payments#k has the status "DONE", expected INPROGRESS or COMPLETED',
    );
  });

  it('keeps every field it is given', () => {
    const record = new IdempotencyRecord({
      idempotencyKey: 'payments#k',
      sortKey: 'sk',
      status: IdempotencyRecordStatus.INPROGRESS,
      expiryTimestamp: 1,
      inProgressExpiryTimestamp: 2,
      responseData: { ok: true },
      payloadHash: 'h',
    });

    expect({ ...record }).toEqual({
      idempotencyKey: 'payments#k',
      sortKey: 'sk',
      status: 'INPROGRESS',
      expiryTimestamp: 1,
      inProgressExpiryTimestamp: 2,
      responseData: { ok: true },
      payloadHash: 'h',
    });
    expect(record.getResponse()).toEqual({ ok: true });
  });
});
