import type { IncomingHttpHeaders } from 'node:http';
import type { OtlpReceiver, XrayDaemon } from '@lambkit/local';

export declare const PRODUCTS_TABLE: string;
export declare const HANDLER: string;

/** One request the local DynamoDB endpoint received. */
export interface DynamoDbRequest {
  target: string;
  body: any;
  headers: IncomingHttpHeaders;
}

/** A local endpoint answering DynamoDB GetItem. */
export interface DynamoDbEndpoint {
  url: string;
  requests: DynamoDbRequest[];
  failNext(count: number, failure: { type?: string; status?: number; message?: string }): void;
  close(): Promise<void>;
}

export declare function startDynamoDbEndpoint(options: {
  tables: Record<string, { key: string; items: Record<string, unknown>[] }>;
}): Promise<DynamoDbEndpoint>;

/** What `setup` started, and the environment pointing the handler at it. */
export interface ObservabilityEnvironment {
  env: Record<string, string>;
  /** For `npm start`: the daemon, its `documents` holding the OTLP spans too (as X-Ray documents). */
  xray: XrayDaemon;
  daemon: XrayDaemon;
  otlp: OtlpReceiver;
  dynamodb: DynamoDbEndpoint;
  close(): Promise<void>;
}

export declare function setup(): Promise<ObservabilityEnvironment>;
