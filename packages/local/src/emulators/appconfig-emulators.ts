// Two local stand-ins for AWS AppConfig, answering from one in-memory set of configurations: the
// AWS AppConfig Agent Lambda extension's HTTP API, and the AppConfigData REST-JSON API that the real
// @aws-sdk/client-appconfigdata talks to (sessions, single-use tokens, empty body = unchanged).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLocally } from './local-http-server.js';

/** A configuration's content (text or bytes) and content type (default application/json). */
export type AppConfigSeed = string | Uint8Array | { content: string | Uint8Array; contentType?: string };

/** Options of the AppConfig emulators: configurations by 'application/environment/profile'. */
export interface AppConfigEmulatorOptions {
  configurations?: Record<string, AppConfigSeed>;
}

/** A running AppConfig emulator. */
export interface AppConfigEmulator {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** Requests received, as `METHOD path`. */
  readonly requests: string[];
  readonly requestCount: number;
  /** Sets (deploys) a configuration: a new version, which the next poll of every session sees. */
  setConfiguration(path: string, seed: AppConfigSeed): void;
  close(): Promise<void>;
}

/** The agent extension emulator, with the environment that points lambkit at it. */
export interface AppConfigAgent extends AppConfigEmulator {
  /** `{ AWS_APPCONFIG_EXTENSION_HTTP_PORT }`. */
  readonly env: Record<string, string>;
}

/** The AppConfigData endpoint, with a configuration for the real SDK client. */
export interface AppConfigDataEndpoint extends AppConfigEmulator {
  readonly clientConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    maxAttempts: number;
  };
  /** How many requests each operation had ('StartConfigurationSession', 'GetLatestConfiguration'). */
  countOf(operation: 'StartConfigurationSession' | 'GetLatestConfiguration'): number;
  /** Answer the next `count` requests with this AWS error (e.g. InvalidSignatureException, 403). */
  failNext(count: number, failure: { type: string; status?: number }): void;
}

interface Stored {
  content: Uint8Array;
  contentType: string;
  version: number;
}

function toStored(seed: AppConfigSeed, version: number): Stored {
  const raw = typeof seed === 'string' || seed instanceof Uint8Array ? { content: seed } : seed;
  const content = typeof raw.content === 'string' ? Buffer.from(raw.content, 'utf8') : raw.content;
  return { content, contentType: raw.contentType ?? 'application/json', version };
}

function createModel(options: AppConfigEmulatorOptions) {
  const configurations = new Map<string, Stored>();
  function set(path: string, seed: AppConfigSeed): void {
    const previous = configurations.get(path);
    configurations.set(path, toStored(seed, (previous?.version ?? 0) + 1));
  }
  for (const [path, seed] of Object.entries(options.configurations ?? {})) set(path, seed);
  return { configurations, set };
}

const AGENT_PATH = /^\/applications\/([^/]+)\/environments\/([^/]+)\/configurations\/([^/?]+)(?:\?.*)?$/;

/**
 * Starts a local AWS AppConfig Agent Lambda extension: `GET /applications/{application}/
 * environments/{environment}/configurations/{profile}` answers the configuration's body with its
 * Content-Type, 404 when there is none, 400 for any other request. Point lambkit at it with `env`.
 *
 * @example
 * const agent = await startAppConfigAgent({ configurations: { 'shop/prod/flags': '{"beta":true}' } });
 * Object.assign(process.env, agent.env);
 * await getAppConfig('flags', { application: 'shop', environment: 'prod', transform: 'json' }); // { beta: true }
 * await agent.close();
 */
export async function startAppConfigAgent(options: AppConfigEmulatorOptions = {}): Promise<AppConfigAgent> {
  const model = createModel(options);
  const requests: string[] = [];
  const running = await listenLocally(async (request, response) => {
    requests.push(`${request.method} ${request.url}`);
    const match = request.method === 'GET' ? AGENT_PATH.exec(request.url ?? '') : null;
    if (match === null) {
      response.writeHead(400, { 'content-type': 'text/plain' });
      response.end('Bad Request');
      return;
    }
    const path = match.slice(1, 4).map(decodeURIComponent).join('/');
    const stored = model.configurations.get(path);
    if (stored === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end(`ResourceNotFoundException: ${path}`);
      return;
    }
    response.writeHead(200, { 'content-type': stored.contentType, 'content-length': stored.content.length });
    response.end(stored.content);
  });
  return {
    url: `http://127.0.0.1:${running.port}`,
    port: running.port,
    env: { AWS_APPCONFIG_EXTENSION_HTTP_PORT: String(running.port) },
    requests,
    get requestCount() {
      return requests.length;
    },
    setConfiguration: model.set,
    close: running.close,
  };
}

interface Session {
  path: string;
  /** The version this session last returned (0: none yet). */
  seen: number;
}

function sendError(response: ServerResponse, status: number, type: string, message: string): void {
  const body = JSON.stringify({ Message: message, message });
  response.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-errortype': type,
    'x-amzn-requestid': randomUUID(),
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const SIGNED_FOR_APPCONFIG = /^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[^/]+\/appconfig\/aws4_request, /;

/**
 * Starts a local AppConfigData endpoint for the real @aws-sdk/client-appconfigdata:
 * StartConfigurationSession (`POST /configurationsessions`) gives an initial token;
 * GetLatestConfiguration (`GET /configuration?configuration_token=`) takes each token once, answers
 * the configuration the first time and after each new deployment, an empty body otherwise, and the
 * next token. Requests must be signed for 'appconfig'; errors come the AWS REST-JSON way.
 *
 * @example
 * const data = await startAppConfigDataEndpoint({ configurations: { 'shop/prod/flags': '{"beta":true}' } });
 * const client = new AppConfigDataClient(data.clientConfig);
 * await data.close();
 */
export async function startAppConfigDataEndpoint(
  options: AppConfigEmulatorOptions = {},
): Promise<AppConfigDataEndpoint> {
  const model = createModel(options);
  const requests: string[] = [];
  const sessions = new Map<string, Session>();
  const failure = { remaining: 0, type: 'InternalServerException', status: 500 };

  function nextToken(session: Session): string {
    const token = randomUUID();
    sessions.set(token, session);
    return token;
  }

  const running = await listenLocally(async (request, response) => {
    const raw = await readBody(request);
    requests.push(`${request.method} ${request.url}`);
    if (!SIGNED_FOR_APPCONFIG.test(String(request.headers.authorization ?? ''))) {
      sendError(
        response,
        403,
        'IncompleteSignatureException',
        'Request must be signed with SigV4 for appconfig',
      );
      return;
    }
    if (failure.remaining > 0) {
      failure.remaining--;
      sendError(response, failure.status, failure.type, 'Injected failure');
      return;
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method === 'POST' && url.pathname === '/configurationsessions') {
      const body = JSON.parse(raw || '{}');
      const path = `${body.ApplicationIdentifier}/${body.EnvironmentIdentifier}/${body.ConfigurationProfileIdentifier}`;
      if (!model.configurations.has(path)) {
        sendError(response, 404, 'ResourceNotFoundException', 'Resource not found');
        return;
      }
      const payload = JSON.stringify({ InitialConfigurationToken: nextToken({ path, seen: 0 }) });
      response.writeHead(201, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() });
      response.end(payload);
      return;
    }
    if (request.method === 'GET' && url.pathname === '/configuration') {
      const token = url.searchParams.get('configuration_token') ?? '';
      const session = sessions.get(token);
      if (session === undefined) {
        sendError(response, 400, 'BadRequestException', 'Request contains invalid or expired token');
        return;
      }
      sessions.delete(token);
      const stored = model.configurations.get(session.path) as Stored;
      const changed = stored.version !== session.seen;
      session.seen = stored.version;
      response.writeHead(200, {
        'content-type': stored.contentType,
        'next-poll-configuration-token': nextToken(session),
        'next-poll-interval-in-seconds': '60',
        'version-label': `v${stored.version}`,
        'x-amzn-requestid': randomUUID(),
      });
      response.end(changed ? stored.content : Buffer.alloc(0));
      return;
    }
    sendError(
      response,
      404,
      'UnknownOperationException',
      `Unknown operation ${request.method} ${url.pathname}`,
    );
  });
  const url = `http://127.0.0.1:${running.port}`;
  return {
    url,
    port: running.port,
    clientConfig: {
      endpoint: url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'emulator-secret-access-key' },
      maxAttempts: 1,
    },
    requests,
    get requestCount() {
      return requests.length;
    },
    countOf(operation) {
      const prefix =
        operation === 'StartConfigurationSession' ? 'POST /configurationsessions' : 'GET /configuration?';
      return requests.filter((entry) => entry.startsWith(prefix)).length;
    },
    failNext(count, { type, status = 400 }) {
      failure.remaining = count;
      failure.type = type;
      failure.status = status;
    },
    setConfiguration: model.set,
    close: running.close,
  };
}
