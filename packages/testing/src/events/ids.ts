import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';

// Identifiers in the formats AWS uses, so code that parses them (trace ids, sequence numbers compared
// as big integers, S3 sequencers) meets the real thing. Each call returns a fresh value.

export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_ACCOUNT = '123456789012';

export { randomUUID as uuid };

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomFrom(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export function md5Hex(data: string | Uint8Array): string {
  return createHash('md5').update(data).digest('hex');
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** An IAM unique id of a user (AIDA...) as SQS puts in SenderId. */
export function iamUserId(): string {
  return `AIDA${randomFrom(UPPER_ALNUM, 17)}`;
}

/** An API Gateway API id or function URL id: 10 lowercase letters and digits. */
export function apiId(): string {
  return randomFrom(LOWER_ALNUM, 10);
}

/** A Lambda function URL id: 32 lowercase letters and digits. */
export function urlId(): string {
  return randomFrom(LOWER_ALNUM, 32);
}

/** An SQS receipt handle: opaque base64 beginning with AQEB. */
export function receiptHandle(): string {
  return `AQEB${randomBytes(120).toString('base64')}`;
}

/** An S3 request id (16 upper-case hex) and extended request id (x-amz-id-2). */
export function s3RequestId(): string {
  return hex(8).toUpperCase();
}

export function s3HostId(): string {
  return randomBytes(56).toString('base64');
}

/** An S3 canonical principal id as S3 puts in ownerIdentity / userIdentity. */
export function s3PrincipalId(): string {
  return `A${randomFrom(UPPER_ALNUM, 13)}`;
}

/** An API Gateway extended request id: 16 characters ending in '='. */
export function extendedRequestId(): string {
  return `${randomBytes(11).toString('base64').slice(0, 15).replace(/[+/]/g, 'x')}=`;
}

/** An X-Ray trace header root for headers such as X-Amzn-Trace-Id. */
export function traceRoot(nowMs: number): string {
  return `Root=1-${Math.floor(nowMs / 1000).toString(16)}-${hex(12)}`;
}

/** A private-range-free IPv4 address from the documentation ranges (RFC 5737). */
export function sourceIp(): string {
  return `198.51.100.${randomInt(1, 255)}`;
}

/**
 * A run of increasing decimal sequence numbers of a fixed width, starting at a random point, as
 * Kinesis (56 digits), DynamoDB Streams (21 digits) and SQS FIFO (20 digits) hand them out: callers
 * compare them as big integers, so later records must compare greater.
 */
export function sequenceNumbers(digits: number, count: number): string[] {
  let start = BigInt(`1${'0'.repeat(digits - 1)}`);
  start += BigInt(`0x${hex(Math.ceil(digits / 2))}`) % BigInt(`1${'0'.repeat(digits - 3)}`);
  const numbers: string[] = [];
  let previous = -1n;
  for (let i = 0; i < count; i++) {
    let next = start + BigInt(i) * BigInt(randomInt(1, 1000));
    if (next <= previous) next = previous + 1n;
    numbers.push(next.toString());
    previous = next;
  }
  return numbers;
}

/** Increasing S3 sequencers: 18 upper-case hex digits. */
export function s3Sequencers(count: number): string[] {
  const start = BigInt(`0x${hex(8)}`) << 8n;
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push((start + BigInt(i)).toString(16).toUpperCase().padStart(18, '0'));
  return out;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The CLF time API Gateway writes in requestTime / time: 10/Mar/2020:05:16:23 +0000. */
export function clfTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())} +0000`;
}

/** ISO time without milliseconds, as EventBridge writes `time`: 2019-03-01T01:23:45Z. */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
