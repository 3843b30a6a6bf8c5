import type { IncomingHttpHeaders } from 'node:http';
import type { ParametersExtension } from '@lambkit/local';

export declare const DB_SECRET_ID: string;
export declare const PARTNER_API_KEY_PARAMETER: string;

/** One request the local database / partner API stand-in received. */
export interface DownstreamRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

/** The local stand-in for the database's HTTP interface and the partner API. */
export interface Downstream {
  url: string;
  requests: DownstreamRequest[];
  close(): Promise<void>;
}

export declare function startDownstream(options: {
  credentials: { username: string; password: string; database: string };
  apiKey: string;
}): Promise<Downstream>;

/** What `setup` started, and the environment pointing the handler at it. */
export interface SecretsConfigEnvironment {
  env: Record<string, string>;
  extension: ParametersExtension;
  downstream: Downstream;
  close(): Promise<void>;
}

export declare function setup(values?: {
  password?: string;
  apiKey?: string;
}): Promise<SecretsConfigEnvironment>;
