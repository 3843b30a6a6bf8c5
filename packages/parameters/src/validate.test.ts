// The edges of every rule a call is checked against: each value just inside a rule reaches the
// extension, each value just outside is refused with a message naming the option and the rule.
import { beforeEach, describe, expect, it } from 'vitest';
import { useEmulators } from '../test/test-helpers.js';
import { getParameter, getParameters, getSecret, ParameterOptionsError } from './index.js';

const emulators = useEmulators();
let extension: Awaited<ReturnType<typeof emulators.extension>> | undefined;

beforeEach(() => {
  extension = undefined;
});

/** What a call led to: the message of its ParameterOptionsError, or the request the extension got. */
async function outcome(call: () => Promise<unknown>): Promise<string> {
  extension ??= await emulators.extension({ parameters: { '/app/flag': 'on' }, secrets: { db: 'pw' } });
  const before = extension.requestCount;
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof ParameterOptionsError) {
    expect(extension.requestCount).toBe(before);
    return error.message;
  }
  expect(extension.requestCount).toBe(before + 1);
  return `asked ${JSON.stringify(extension.requests[before].query)}`;
}

const LETTERS =
  'a parameter name may only contain letters, digits, ".", "-", "_" and "/" (or be an ssm parameter ARN)';
const ARN = 'arn:aws:ssm:eu-west-1:123456789012:parameter';

describe('parameter names', () => {
  it('accepts a name of 2048 characters and refuses one of 2049, quoting only its first 64', async () => {
    const longest = `/${'a'.repeat(2047)}`;

    expect(await outcome(() => getParameter(longest))).toBe(`asked ${JSON.stringify({ name: longest })}`);
    expect(await outcome(() => getParameter(`${longest}b`))).toBe(
      `Invalid name for "${longest.slice(0, 64)}": must be at most 2048 characters`,
    );
  });

  it('refuses a character outside the allowed set at the start, in the middle or at the end', async () => {
    for (const name of [' /app/flag', '/app/fl ag', '/app/flag ', '/app/flag\n', '#']) {
      expect(await outcome(() => getParameter(name))).toBe(
        `Invalid name for ${JSON.stringify(name)}: ${LETTERS}`,
      );
    }
  });

  it('accepts every allowed character: letters, digits, ".", "-", "_" and "/"', async () => {
    const name = '/Az09_.-/x';

    expect(await outcome(() => getParameter(name))).toBe(`asked ${JSON.stringify({ name })}`);
  });

  it('accepts parameter ARNs of every partition, with or without a slash before the name', async () => {
    for (const arn of [
      `${ARN}/app/flag`,
      'arn:aws-cn:ssm:cn-north-1:123456789012:parameter/app/flag',
      'arn:aws-us-gov:ssm:us-gov-west-1:123456789012:parameter/flag',
      `${ARN}flag`,
    ]) {
      expect(await outcome(() => getParameter(arn))).toBe(`asked ${JSON.stringify({ name: arn })}`);
    }
  });

  it('refuses ARNs of another service, with a short account, without a name or with a bad character', async () => {
    for (const arn of [
      'arn:aws:secretsmanager:eu-west-1:123456789012:parameter/app/flag',
      'arn:aws:ssm:eu-west-1:12345678901:parameter/app/flag',
      'arn:aws:ssm:eu-west-1:1234567890123:parameter/app/flag',
      `${ARN}/`.slice(0, -1),
      `${ARN}/app/fl ag`,
      `arn:${ARN}/app/flag`,
      'arn:aws:ssm::123456789012:parameter/app/flag',
      'arn:aws:ssm:EU-WEST-1:123456789012:parameter/app/flag',
      'arn:awsX:ssm:eu-west-1:123456789012:parameter/app/flag',
    ]) {
      expect(await outcome(() => getParameter(arn))).toBe(
        `Invalid name for ${JSON.stringify(arn)}: ${LETTERS}`,
      );
    }
  });

  it('accepts a Secrets Manager reference with characters a parameter name cannot have, and decrypts it', async () => {
    const name = '/aws/reference/secretsmanager/db+admin@prod=1';

    expect(await outcome(() => getParameter(name))).toBe(
      `asked ${JSON.stringify({ name, withDecryption: 'true' })}`,
    );
  });

  it('refuses a Secrets Manager reference without a secret, or with a character no secret id has', async () => {
    for (const name of ['/aws/reference/secretsmanager/', '/aws/reference/secretsmanager/db password']) {
      expect(await outcome(() => getParameter(name))).toBe(
        `Invalid name for ${JSON.stringify(name)}: a Secrets Manager reference must name a secret after /aws/reference/secretsmanager/`,
      );
    }
  });

  it('names the option "path" for a bad path of getParameters', async () => {
    expect(await outcome(() => getParameters(''))).toBe(
      'Invalid path for "": must be a non-empty string, got an empty string',
    );
    expect(await outcome(() => getParameters('/app path'))).toBe(`Invalid path for "/app path": ${LETTERS}`);
  });
});

describe('secret ids', () => {
  it('accepts every character a secret id may have', async () => {
    const id = 'Az09/_+=.@:-';

    expect(await outcome(() => getSecret(id))).toBe(`asked ${JSON.stringify({ secretId: id })}`);
  });

  it('refuses a character outside the set at the start, in the middle or at the end', async () => {
    for (const id of [' db', 'd b', 'db ', 'db#']) {
      expect(await outcome(() => getSecret(id))).toBe(
        `Invalid secretId for ${JSON.stringify(id)}: a secret id may only contain letters, digits and /_+=.@- (or be a secret ARN)`,
      );
    }
  });

  it('refuses an id that is not a string, naming its type', async () => {
    expect(await outcome(() => getSecret(undefined as never))).toBe(
      'Invalid secretId for "undefined": must be a non-empty string, got undefined',
    );
  });
});

describe('maxAge, transport and timeoutMs', () => {
  it('accepts maxAge 0 and Infinity, and refuses NaN and a string', async () => {
    expect(await outcome(() => getParameter('/app/flag', { maxAge: 0 }))).toMatch(/^asked/);
    expect(await outcome(() => getParameter('/app/flag', { maxAge: Infinity }))).toMatch(/^asked/);
    expect(await outcome(() => getParameter('/app/flag', { maxAge: Number.NaN }))).toBe(
      'Invalid maxAge for "/app/flag": must be a number of seconds >= 0 (or Infinity), got NaN',
    );
    expect(await outcome(() => getParameter('/app/flag', { maxAge: '5' as never }))).toBe(
      'Invalid maxAge for "/app/flag": must be a number of seconds >= 0 (or Infinity), got 5',
    );
  });

  it('accepts every transform and every transport by name', async () => {
    for (const transform of ['json', 'binary', 'auto'] as const) {
      expect(await outcome(() => getParameter('/app/flag', { transform }))).toMatch(/^asked/);
    }
    for (const transport of ['auto', 'extension'] as const) {
      expect(await outcome(() => getParameter('/app/flag', { transport }))).toMatch(/^asked/);
    }
  });

  it('accepts a timeoutMs of 5000 and refuses 0, a negative, Infinity and a string', async () => {
    expect(await outcome(() => getParameter('/app/flag', { timeoutMs: 5000 }))).toMatch(/^asked/);
    for (const [timeoutMs, shown] of [
      [0, '0'],
      [-1, '-1'],
      [Infinity, 'Infinity'],
      ['100', '100'],
    ] as const) {
      expect(await outcome(() => getParameter('/app/flag', { timeoutMs: timeoutMs as never }))).toBe(
        `Invalid timeoutMs for "/app/flag": must be a number of milliseconds > 0, got ${shown}`,
      );
    }
  });

  it('refuses a decrypt that is not a boolean', async () => {
    expect(await outcome(() => getParameter('/app/flag', { decrypt: 'yes' as never }))).toBe(
      'Invalid decrypt for "/app/flag": must be a boolean, got yes',
    );
  });
});

describe('version and label', () => {
  it('accepts version 1 and refuses 1.5 and a string', async () => {
    expect(await outcome(() => getParameter('/app/flag', { version: 1 }))).toBe(
      `asked ${JSON.stringify({ name: '/app/flag', version: '1' })}`,
    );
    for (const version of [1.5, '2']) {
      expect(await outcome(() => getParameter('/app/flag', { version: version as never }))).toBe(
        `Invalid version for "/app/flag": must be a whole number >= 1, got ${version}`,
      );
    }
  });

  it('accepts a label of 100 allowed characters and refuses 101, an empty one and a bad character', async () => {
    const label = `Az09_.-${'x'.repeat(93)}`;

    expect(await outcome(() => getParameter('/app/flag', { label }))).toBe(
      `asked ${JSON.stringify({ name: '/app/flag', label })}`,
    );
    for (const bad of [`${label}y`, '', ' prod', 'prod ', 'pr od', 7]) {
      expect(await outcome(() => getParameter('/app/flag', { label: bad as never }))).toBe(
        `Invalid label for "/app/flag": must be 1-100 letters, digits, ".", "-" or "_", got ${JSON.stringify(bad)}`,
      );
    }
  });
});

describe('versionStage and versionId', () => {
  it('accepts 256 allowed characters in either and refuses 257, an empty one and a bad character', async () => {
    const longest = `Az09_.-${'x'.repeat(249)}`;

    expect(await outcome(() => getSecret('db', { versionStage: longest }))).toBe(
      `asked ${JSON.stringify({ secretId: 'db', versionStage: longest })}`,
    );
    expect(await outcome(() => getSecret('db', { versionId: longest }))).toBe(
      `asked ${JSON.stringify({ secretId: 'db', versionId: longest })}`,
    );
    for (const option of ['versionStage', 'versionId'] as const) {
      for (const bad of [`${longest}y`, '', ' a', 'a ', 'a b', 3]) {
        expect(await outcome(() => getSecret('db', { [option]: bad as never }))).toBe(
          `Invalid ${option} for "db": must be a non-empty string of letters, digits, ".", "-" or "_", got ${JSON.stringify(bad)}`,
        );
      }
    }
  });

  it('refuses a fetchRotationDate that is not a boolean, naming its type', async () => {
    expect(await outcome(() => getSecret('db', { fetchRotationDate: 1 as never }))).toBe(
      'Invalid fetchRotationDate for "db": must be a boolean, got number',
    );
  });
});

describe('a warm cache', () => {
  it('refuses a bad maxAge or timeoutMs of a call whose value is cached, as it does on a cold one', async () => {
    await outcome(() => getParameter('/app/flag'));
    await outcome(() => getSecret('db'));

    expect(await outcome(() => getParameter('/app/flag', { maxAge: -1 }))).toBe(
      'Invalid maxAge for "/app/flag": must be a number of seconds >= 0 (or Infinity), got -1',
    );
    expect(await outcome(() => getSecret('db', { timeoutMs: 0 }))).toBe(
      'Invalid timeoutMs for "db": must be a number of milliseconds > 0, got 0',
    );
  });
});
