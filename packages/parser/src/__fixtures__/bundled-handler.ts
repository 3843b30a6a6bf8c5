// A handler for the bundling test: the CloudWatch Logs envelope loads node:zlib through the module
// loader that used to be imported as `createRequire`.
import { CloudWatchEnvelope, parse } from '@lambkit/parser';

const anyText = {
  '~standard': { version: 1, vendor: 'test', validate: (value: unknown) => ({ value }) },
} as const;

export async function handler(event: unknown): Promise<unknown> {
  return parse(event, CloudWatchEnvelope, anyText, { payload: 'text' });
}
