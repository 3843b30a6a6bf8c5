import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { createWaitList } from './wait-list.js';

/** An attribute value as OTLP/JSON carries it, decoded to a plain value. */
export type OtlpValue = string | number | boolean | null | OtlpValue[] | { [key: string]: OtlpValue };

/** A span as it arrived at the receiver, decoded from OTLP/JSON into plain values. */
export interface OtlpSpan {
  /** 32 hex digits. */
  traceId: string;
  /** 16 hex digits. */
  spanId: string;
  /** 16 hex digits; undefined for a root span. */
  parentSpanId: string | undefined;
  name: string;
  kind: 'UNSPECIFIED' | 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';
  /** Epoch milliseconds (fractional). */
  startTimeMs: number;
  endTimeMs: number;
  attributes: Record<string, OtlpValue>;
  events: Array<{ name: string; attributes: Record<string, OtlpValue> }>;
  status: { code: 'UNSET' | 'OK' | 'ERROR'; message?: string };
  /** The resource's attributes (service.name, cloud.region...). */
  resource: Record<string, OtlpValue>;
  /** The instrumentation scope's name (the library that made the span). */
  scope: string;
}

/** A local OTLP/HTTP endpoint standing in for a collector (the ADOT layer's, or any). */
export interface OtlpReceiver {
  /** The base URL, e.g. `http://127.0.0.1:4318`: the value for OTEL_EXPORTER_OTLP_ENDPOINT. */
  url: string;
  /** The traces URL (`<url>/v1/traces`), the OTLPTraceExporter's `url` option. */
  tracesUrl: string;
  /** Every span received, in arrival order. */
  spans: OtlpSpan[];
  /** Requests the receiver refused, with the reason (not JSON, wrong path, not OTLP). */
  rejected: string[];
  /** Resolves with the first span (already received or yet to come) that satisfies `predicate`. */
  waitFor(predicate: (span: OtlpSpan) => boolean, timeoutMs?: number): Promise<OtlpSpan>;
  /** Resolves with every span received once there are at least `count` of them. */
  waitForCount(count: number, timeoutMs?: number): Promise<OtlpSpan[]>;
  clear(): void;
  close(): Promise<void>;
}

const KINDS: OtlpSpan['kind'][] = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const STATUS: OtlpSpan['status']['code'][] = ['UNSET', 'OK', 'ERROR'];

interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
  bytesValue?: string;
}

interface KeyValue {
  key: string;
  value?: AnyValue;
}

function decodeValue(value: AnyValue | undefined): OtlpValue {
  if (value === undefined) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(decodeValue);
  if (value.kvlistValue !== undefined) return decodeAttributes(value.kvlistValue.values);
  return value.bytesValue ?? null;
}

function decodeAttributes(list: KeyValue[] | undefined): Record<string, OtlpValue> {
  const attributes: Record<string, OtlpValue> = {};
  for (const { key, value } of list ?? []) attributes[key] = decodeValue(value);
  return attributes;
}

/** OTLP/JSON ids are hex; protobuf-style base64 is accepted too. */
function hexId(id: string | undefined): string | undefined {
  if (id === undefined || id === '') return undefined;
  return /^[0-9a-f]+$/i.test(id) ? id.toLowerCase() : Buffer.from(id, 'base64').toString('hex');
}

function nanosToMs(nanos: string | number | undefined): number {
  return nanos === undefined ? 0 : Number(BigInt(nanos) / 1000n) / 1000;
}

interface ExportRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: Array<{
      scope?: { name?: string };
      spans?: Array<{
        traceId?: string;
        spanId?: string;
        parentSpanId?: string;
        name?: string;
        kind?: number;
        startTimeUnixNano?: string;
        endTimeUnixNano?: string;
        attributes?: KeyValue[];
        events?: Array<{ name?: string; attributes?: KeyValue[] }>;
        status?: { code?: number; message?: string };
      }>;
    }>;
  }>;
}

/**
 * Decodes one OTLP/JSON ExportTraceServiceRequest into spans.
 *
 * @example
 * const spans = decodeOtlpTraces(JSON.parse(body));
 */
export function decodeOtlpTraces(request: ExportRequest): OtlpSpan[] {
  const spans: OtlpSpan[] = [];
  for (const resourceSpans of request.resourceSpans ?? []) {
    const resource = decodeAttributes(resourceSpans.resource?.attributes);
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        spans.push({
          traceId: hexId(span.traceId) ?? '',
          spanId: hexId(span.spanId) ?? '',
          parentSpanId: hexId(span.parentSpanId),
          name: span.name ?? '',
          kind: KINDS[span.kind ?? 0] ?? 'UNSPECIFIED',
          startTimeMs: nanosToMs(span.startTimeUnixNano),
          endTimeMs: nanosToMs(span.endTimeUnixNano),
          attributes: decodeAttributes(span.attributes),
          events: (span.events ?? []).map((event) => ({
            name: event.name ?? '',
            attributes: decodeAttributes(event.attributes),
          })),
          status: {
            code: STATUS[span.status?.code ?? 0] ?? 'UNSET',
            ...(span.status?.message ? { message: span.status.message } : {}),
          },
          resource,
          scope: scopeSpans.scope?.name ?? '',
        });
      }
    }
  }
  return spans;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * Starts a local OTLP/HTTP receiver (JSON encoding, as @opentelemetry/exporter-trace-otlp-http
 * sends it; gzip accepted) on 127.0.0.1 and a free port. It answers `POST /v1/traces` with an empty
 * ExportTraceServiceResponse and keeps the spans, decoded; anything else is refused (and listed in
 * `rejected`), so an exporter misconfigured in a test fails it.
 *
 * @example
 * const otlp = await startOtlpReceiver();
 * const exporter = new OTLPTraceExporter({ url: otlp.tracesUrl });
 * const span = await otlp.waitFor((s) => s.name === '## index.handler');
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: OtlpSpan[] = [];
  const rejected: string[] = [];
  const waits = createWaitList();

  function refuse(response: ServerResponse, status: number, reason: string): void {
    rejected.push(reason);
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ code: 3, message: reason }));
  }

  async function receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST' || request.url !== '/v1/traces') {
      refuse(response, 404, `${request.method} ${request.url}: only POST /v1/traces is served`);
      return;
    }
    let body = await readBody(request);
    if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
    if (!String(request.headers['content-type']).startsWith('application/json')) {
      refuse(response, 415, `content-type ${request.headers['content-type']}: only OTLP/JSON is decoded`);
      return;
    }
    let decoded: OtlpSpan[];
    try {
      decoded = decodeOtlpTraces(JSON.parse(body.toString('utf8')) as ExportRequest);
    } catch (error) {
      refuse(response, 400, `body is not an OTLP/JSON trace export: ${(error as Error).message}`);
      return;
    }
    spans.push(...decoded);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{}');
    waits.settle();
  }

  const server = createServer((request, response) => {
    receive(request, response).catch((error: unknown) => refuse(response, 500, String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function wait<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return waits.wait(
      find,
      timeoutMs,
      () => `OTLP receiver: ${what} not received within ${timeoutMs} ms (${spans.length} spans so far)`,
    );
  }

  return {
    url,
    tracesUrl: `${url}/v1/traces`,
    spans,
    rejected,
    waitFor(predicate, timeoutMs = 5000) {
      return wait(() => spans.find(predicate), timeoutMs, 'a matching span');
    },
    waitForCount(count, timeoutMs = 5000) {
      return wait(() => (spans.length >= count ? spans.slice() : undefined), timeoutMs, `${count} spans`);
    },
    clear() {
      spans.length = 0;
      rejected.length = 0;
    },
    close() {
      waits.failAll(new Error('OTLP receiver closed'));
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
