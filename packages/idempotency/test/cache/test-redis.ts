// Test helper (not published): a real redis-server, started by the tests on a free port of the
// loopback, in memory (no RDB, no AOF), stopped after the file; reached by the real `redis` client.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

const INSTALL_HINT =
  'redis-server is not installed: the @lambkit/idempotency cache tests run against a real Redis. ' +
  'Install it with `apt-get install -y redis-server` (Debian, Ubuntu; .ci/run does this) or `brew install redis` (macOS), then run the tests again.';

const ENV: Record<string, string> = { AWS_LAMBDA_FUNCTION_NAME: 'payments' };

function redisClientFor(port: number) {
  return createClient({ socket: { host: '127.0.0.1', port, reconnectStrategy: false } });
}

export type RedisClient = ReturnType<typeof redisClientFor>;

export interface RedisServer {
  port(): number;
  /** A connected `redis` client, shared by the file. */
  client(): RedisClient;
  /** A new connected `redis` client, closed after the file. */
  newClient(): Promise<RedisClient>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts redis-server; rejects with how to install it when it is missing. */
function startServer(port: number): Promise<ChildProcess> {
  const server = spawn(
    process.env.REDIS_SERVER ?? 'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmpdir()],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new Error(INSTALL_HINT, { cause: error }) : error);
    });
    server.once('exit', (code) =>
      reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)),
    );
    server.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve(server);
    });
  });
}

/** Starts redis-server for the test file, empties it before each test, and sets the function name `payments`. */
export function useRedis(): RedisServer {
  let server: ChildProcess | undefined;
  let port = 0;
  let shared: RedisClient;
  const clients: RedisClient[] = [];
  let saved: Record<string, string | undefined> = {};

  async function newClient(): Promise<RedisClient> {
    const client = redisClientFor(port);
    client.on('error', () => {}); // a closed server at the end of the file is not a test failure
    clients.push(client);
    await client.connect();
    return client;
  }

  beforeAll(async () => {
    port = await freePort();
    server = await startServer(port);
    shared = await newClient();
  }, 20_000);
  afterAll(async () => {
    await Promise.allSettled(clients.map((client) => (client.isOpen ? client.quit() : undefined)));
    if (server?.exitCode === null) {
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
  });
  beforeEach(async () => {
    saved = Object.fromEntries(Object.keys(ENV).map((key) => [key, process.env[key]]));
    Object.assign(process.env, ENV);
    await shared.flushAll();
  });
  afterEach(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  return { port: () => port, client: () => shared, newClient };
}
