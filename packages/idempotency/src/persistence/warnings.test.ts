// The warnings a persistence layer writes, each once per process: this file's first test must be the
// first in its process to configure a store twice.
import { captureOutput, createContext } from '@lambkit/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MapStore } from '../../test/persistence/test-map-store.js';
import { IdempotencyConfig, makeIdempotent } from '../index.js';

beforeEach(() => {
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'payments');
  return () => vi.unstubAllEnvs();
});

function charging() {
  return vi.fn(async (_event: unknown, _context?: unknown) => 'charged');
}

function warningsOf(lines: { text: string }[], code: string): Record<string, unknown>[] {
  return lines.map((line) => JSON.parse(line.text)).filter((line) => line.code === code);
}

describe('persistence layer warnings', () => {
  it('writes nothing for a second config with the same settings', async () => {
    const store = new MapStore();
    makeIdempotent(charging(), { persistenceStore: store, config: new IdempotencyConfig({}) });

    const output = await captureOutput(() => {
      makeIdempotent(charging(), { persistenceStore: store, config: new IdempotencyConfig({}) });
      makeIdempotent(charging(), { persistenceStore: store });
    });

    expect(output.stderrLines).toEqual([]);
  });

  it('writes IDEMPOTENCY_CONFIG_MISMATCH of @lambkit/idempotency for a second config that differs', async () => {
    const store = new MapStore();
    makeIdempotent(charging(), { persistenceStore: store, config: new IdempotencyConfig({}) });

    const output = await captureOutput(() => {
      makeIdempotent(charging(), {
        persistenceStore: store,
        config: new IdempotencyConfig({ expiresAfterSeconds: 11 }),
      });
    });

    const warnings = warningsOf(output.stderrLines, 'IDEMPOTENCY_CONFIG_MISMATCH');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 'WARN', package: '@lambkit/idempotency' });
  });

  it('writes IDEMPOTENCY_NO_KEY of @lambkit/idempotency with the expression for a key that is empty', async () => {
    const handler = makeIdempotent(charging(), {
      persistenceStore: new MapStore(),
      config: new IdempotencyConfig({ eventKeyJmesPath: 'emptyOrderId' }),
    });

    const output = await captureOutput(() => handler({ emptyOrderId: '' }, createContext()));

    const warnings = warningsOf(output.stderrLines, 'IDEMPOTENCY_NO_KEY');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      level: 'WARN',
      package: '@lambkit/idempotency',
      eventKeyJmesPath: 'emptyOrderId',
    });
  });
});
