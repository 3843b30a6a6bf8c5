import { createSocket } from 'node:dgram';
import { createWaitList } from './wait-list.js';

/** The header line every X-Ray daemon datagram starts with. */
const EXPECTED_HEADER = { format: 'json', version: 1 };

/**
 * One segment or subsegment document as the X-Ray SDK sends it (the part after the header line).
 * Only the fields tests commonly read are typed; every other field is there too.
 */
export interface XrayDocument {
  name: string;
  id: string;
  trace_id: string;
  parent_id?: string;
  start_time: number;
  end_time?: number;
  type?: string;
  namespace?: string;
  in_progress?: boolean;
  annotations?: Record<string, string | number | boolean>;
  metadata?: Record<string, Record<string, unknown>>;
  error?: boolean;
  fault?: boolean;
  throttle?: boolean;
  // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON document that tests read by field
  cause?: { id?: string; working_directory?: string; exceptions?: any[] };
  http?: {
    request?: { url?: string; method?: string };
    response?: { status?: number; content_length?: number };
  };
  aws?: Record<string, unknown>;
  subsegments?: XrayDocument[];
  [field: string]: unknown;
}

/** A datagram the listener could not accept, with the reason. */
export interface RejectedDatagram {
  text: string;
  reason: string;
}

/** A local UDP listener standing in for the X-Ray daemon. */
export interface XrayDaemon {
  /** `127.0.0.1:<port>`, the value for AWS_XRAY_DAEMON_ADDRESS. */
  address: string;
  port: number;
  /** The documents received, header line stripped and parsed, in arrival order. */
  documents: XrayDocument[];
  /** Datagrams without the `{"format":"json","version":1}` header line or with a body that is not JSON. */
  rejected: RejectedDatagram[];
  /** Resolves with every document received once there are at least `count` of them. */
  waitFor(count: number, timeoutMs?: number): Promise<XrayDocument[]>;
  /** Resolves with the first document (already received or yet to come) that satisfies `predicate`. */
  waitFor(predicate: (document: XrayDocument) => boolean, timeoutMs?: number): Promise<XrayDocument>;
  /** Forgets the documents and rejected datagrams received so far. */
  clear(): void;
  close(): Promise<void>;
}

function parseDatagram(text: string): { document?: XrayDocument; reason?: string } {
  const newline = text.indexOf('\n');
  if (newline === -1) return { reason: 'no newline after the header line' };
  let header: unknown;
  try {
    header = JSON.parse(text.slice(0, newline));
  } catch {
    return { reason: `header line is not JSON: ${text.slice(0, newline)}` };
  }
  const { format, version } = (header ?? {}) as Record<string, unknown>;
  if (format !== EXPECTED_HEADER.format || version !== EXPECTED_HEADER.version) {
    return { reason: `unexpected header line: ${text.slice(0, newline)}` };
  }
  try {
    return { document: JSON.parse(text.slice(newline + 1)) as XrayDocument };
  } catch (error) {
    return { reason: `document is not JSON: ${(error as Error).message}` };
  }
}

function describe(documents: XrayDocument[]): string {
  if (documents.length === 0) return 'none';
  return documents.map((document) => JSON.stringify(document.name)).join(', ');
}

/**
 * Starts a UDP listener on 127.0.0.1 (a free port) that parses what the X-Ray SDK sends: each
 * datagram is the header line `{"format":"json","version":1}`, a newline, then one segment or
 * subsegment document. Point AWS_XRAY_DAEMON_ADDRESS at `daemon.address` before aws-xray-sdk-core
 * is loaded, then assert on `daemon.documents`.
 *
 * @example
 * const daemon = await startXrayDaemon();
 * process.env.AWS_XRAY_DAEMON_ADDRESS = daemon.address;
 * // ... invoke a traced handler ...
 * const handlerSegment = await daemon.waitFor((doc) => doc.name === '## index.handler');
 * await daemon.close();
 */
export async function startXrayDaemon(): Promise<XrayDaemon> {
  const socket = createSocket('udp4');
  const documents: XrayDocument[] = [];
  const rejected: RejectedDatagram[] = [];
  const waits = createWaitList();

  socket.on('message', function receiveDatagram(message) {
    const text = message.toString('utf8');
    const { document, reason } = parseDatagram(text);
    if (document === undefined) rejected.push({ text, reason: reason ?? 'unknown' });
    else documents.push(document);
    waits.settle();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const { port } = socket.address();

  function waitFor(
    target: number | ((document: XrayDocument) => boolean),
    timeoutMs = 5000,
  ): Promise<XrayDocument[] | XrayDocument> {
    if (typeof target === 'number' && (!Number.isInteger(target) || target < 0)) {
      throw new TypeError(`waitFor: count must be a whole number >= 0, got ${target}`);
    }
    if (typeof target !== 'number' && typeof target !== 'function') {
      throw new TypeError(`waitFor: expected a count or a predicate, got ${typeof target}`);
    }
    const find =
      typeof target === 'number'
        ? () => (documents.length >= target ? documents.slice() : undefined)
        : () => documents.find(target);
    const wanted = typeof target === 'number' ? `${target} documents` : 'a matching document';
    return waits.wait<XrayDocument[] | XrayDocument>(
      find,
      timeoutMs,
      () =>
        `X-Ray daemon: no ${wanted} within ${timeoutMs} ms; received ${documents.length}: ${describe(documents)}` +
        (rejected.length > 0 ? `; rejected ${rejected.length}: ${rejected[0]?.reason}` : ''),
    );
  }

  return {
    address: `127.0.0.1:${port}`,
    port,
    documents,
    rejected,
    waitFor: waitFor as XrayDaemon['waitFor'],
    clear() {
      documents.length = 0;
      rejected.length = 0;
    },
    close() {
      waits.failAll(new Error('X-Ray daemon closed while waiting'));
      return new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}
