// A Lambda process that claims a key and dies mid-invocation: the crash test kills it (SIGKILL)
// once it prints "started", leaving an INPROGRESS record whose in-progress expiry is IN_PROGRESS_MS.
import { DynamoDBPersistenceLayer } from '../dynamodb/index.js';
import { makeIdempotent } from '../index.js';

const remaining = Number(process.env.IN_PROGRESS_MS);
const context = { getRemainingTimeInMillis: () => remaining } as never;
const handler = makeIdempotent(
  async (_event?: unknown, _context?: unknown) => {
    process.stdout.write('started\n');
    await new Promise(() => {}); // never returns: the process is killed here
  },
  { persistenceStore: new DynamoDBPersistenceLayer({ tableName: process.env.TABLE_NAME as string }) },
);
await handler(JSON.parse(process.env.EVENT as string), context);
