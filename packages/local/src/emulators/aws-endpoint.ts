import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLocally } from './local-http-server.js';
import {
  createParameterStore,
  type EmulatedStore,
  type ParameterSeed,
  type SecretSeed,
  type StoreOptions,
} from './parameter-store-model.js';

/** Options of `startAwsEndpoint`. */
export interface AwsEndpointOptions extends StoreOptions {
  /** The most parameters one GetParametersByPath page holds (AWS: MaxResults, at most 10). Default 10. */
  pageSize?: number;
}

/** One request the endpoint received. */
export interface RecordedAwsRequest {
  /** The X-Amz-Target header, e.g. 'AmazonSSM.GetParameter'. */
  target: string;
  /** The parsed JSON body. */
  // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON request body of any emulated AWS operation, read by field
  body: any;
  /** The signing service named in the Authorization header's credential scope ('ssm', 'secretsmanager'). */
  signingService: string | undefined;
  status: number;
}

/** A failure to answer with instead of the real result. */
export interface AwsFailure {
  /** The AWS error code, e.g. 'AccessDeniedException'. */
  type: string;
  status?: number;
  message?: string;
}

/** A running local AWS endpoint for SSM and Secrets Manager. */
export interface AwsEndpoint {
  /** `http://127.0.0.1:<port>`: give it as `endpoint` to an @aws-sdk client. */
  readonly url: string;
  readonly region: string;
  /** A client configuration for the real @aws-sdk clients: this endpoint, the region and dummy credentials. */
  readonly clientConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    maxAttempts: number;
  };
  readonly requests: RecordedAwsRequest[];
  readonly requestCount: number;
  /** How many requests had this X-Amz-Target ('AmazonSSM.GetParameter', 'secretsmanager.GetSecretValue', ...). */
  countOf(target: string): number;
  setParameter(name: string, seed: ParameterSeed): void;
  deleteParameter(name: string): void;
  setSecret(id: string, seed: SecretSeed): void;
  /** Answer the next `count` requests with this AWS error. */
  failNext(count: number, failure: AwsFailure): void;
  close(): Promise<void>;
}

const JSON_1_1 = 'application/x-amz-json-1.1';

const SERVICE_OF_TARGET: Record<string, string> = {
  'AmazonSSM.GetParameter': 'ssm',
  'AmazonSSM.GetParameters': 'ssm',
  'AmazonSSM.GetParametersByPath': 'ssm',
  'AmazonSSM.PutParameter': 'ssm',
  'secretsmanager.GetSecretValue': 'secretsmanager',
  'secretsmanager.DescribeSecret': 'secretsmanager',
};

const PARAMETER_TYPES = new Set(['String', 'StringList', 'SecureString']);

class AwsError {
  constructor(
    readonly type: string,
    readonly message: string,
    readonly status = 400,
  ) {}
}

function signingServiceOf(authorization: string | undefined): string | undefined {
  // AWS4-HMAC-SHA256 Credential=AKID/20240115/us-east-1/ssm/aws4_request, SignedHeaders=..., Signature=...
  const match =
    /^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/.exec(
      authorization ?? '',
    );
  return match?.[1];
}

// biome-ignore lint/suspicious/noExplicitAny: a parsed JSON request body of any emulated AWS operation, read by field
function requireString(body: any, field: string): string {
  const value = body?.[field];
  if (typeof value !== 'string' || value === '') {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64');
}

function decodeToken(token: unknown): number {
  if (token === undefined) return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(String(token), 'base64').toString('utf8'));
    if (Number.isInteger(offset) && offset >= 0) return offset;
  } catch {}
  throw new AwsError('InvalidNextToken', 'The specified token is not valid.');
}

// biome-ignore lint/suspicious/noExplicitAny: a parsed JSON request body of any emulated AWS operation, read by field
function operations(store: EmulatedStore, pageSize: number): Record<string, (body: any) => unknown> {
  return {
    'AmazonSSM.GetParameter'(body) {
      const outcome = store.getParameter(requireString(body, 'Name'), {
        decrypt: body.WithDecryption === true,
        dates: 'epoch',
      });
      if (outcome.error !== undefined) throw new AwsError(outcome.error, outcome.message);
      return { Parameter: outcome.result };
    },
    'AmazonSSM.GetParameters'(body) {
      const names: unknown = body?.Names;
      if (!Array.isArray(names) || names.length === 0 || names.length > 10) {
        throw new AwsError(
          'ValidationException',
          "1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length less than or equal to 10 and greater than or equal to 1",
        );
      }
      const Parameters: unknown[] = [];
      const InvalidParameters: string[] = [];
      for (const name of names) {
        const outcome = store.getParameter(String(name), {
          decrypt: body.WithDecryption === true,
          dates: 'epoch',
        });
        if (outcome.error === undefined) Parameters.push(outcome.result);
        else InvalidParameters.push(String(name));
      }
      return { InvalidParameters, Parameters };
    },
    'AmazonSSM.GetParametersByPath'(body) {
      const path = requireString(body, 'Path');
      if (!path.startsWith('/'))
        throw new AwsError('ValidationException', 'The parameter path must begin with a slash (/).');
      const max = body.MaxResults ?? 10;
      if (!Number.isInteger(max) || max < 1 || max > 10) {
        throw new AwsError(
          'ValidationException',
          "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10",
        );
      }
      const all = store.parametersByPath(
        path,
        body.Recursive === true,
        body.WithDecryption === true,
        'epoch',
      );
      const offset = decodeToken(body.NextToken);
      const end = offset + Math.min(max, pageSize);
      const page: Record<string, unknown> = { Parameters: all.slice(offset, end) };
      if (end < all.length) page.NextToken = encodeToken(end);
      return page;
    },
    'AmazonSSM.PutParameter'(body) {
      const name = requireString(body, 'Name');
      if (typeof body.Value !== 'string') requireString(body, 'Value');
      const type = body.Type ?? 'String';
      if (!PARAMETER_TYPES.has(type)) {
        throw new AwsError(
          'ValidationException',
          "1 validation error detected: Value at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]",
        );
      }
      const outcome = store.putParameter({
        name,
        value: body.Value,
        type,
        overwrite: body.Overwrite === true,
      });
      if (outcome.error !== undefined) throw new AwsError(outcome.error, outcome.message);
      return outcome.result;
    },
    'secretsmanager.DescribeSecret'(body) {
      const outcome = store.describeSecret(requireString(body, 'SecretId'), 'epoch');
      if (outcome.error !== undefined) throw new AwsError(outcome.error, outcome.message);
      return outcome.result;
    },
    'secretsmanager.GetSecretValue'(body) {
      const outcome = store.getSecret(requireString(body, 'SecretId'), {
        versionId: body.VersionId,
        versionStage: body.VersionStage,
        dates: 'epoch',
      });
      if (outcome.error !== undefined) throw new AwsError(outcome.error, outcome.message);
      return outcome.result;
    },
  };
}

function send(response: ServerResponse, status: number, payload: unknown, errorType?: string): void {
  const body = JSON.stringify(payload);
  const headers: Record<string, string | number> = {
    'content-type': JSON_1_1,
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': randomUUID(),
  };
  if (errorType !== undefined) headers['x-amzn-errortype'] = errorType;
  response.writeHead(status, headers);
  response.end(body);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts a local HTTP endpoint that speaks the AWS JSON 1.1 protocol for SSM (GetParameter,
 * GetParameters, GetParametersByPath with NextToken paging, PutParameter) and Secrets Manager
 * (GetSecretValue, DescribeSecret with NextRotationDate), so
 * the real @aws-sdk/client-ssm and @aws-sdk/client-secrets-manager run their own serialization and
 * SigV4 signing against it. It checks the method, Content-Type, X-Amz-Target and that the request is
 * signed for the right service, and answers errors the AWS way (HTTP 400, x-amzn-ErrorType and a
 * `__type` body: ParameterNotFound, ResourceNotFoundException, ValidationException, ...).
 *
 * @example
 * const aws = await startAwsEndpoint({ parameters: { '/app/db-url': 'postgres://db' } });
 * const ssm = new SSMClient(aws.clientConfig);
 * await ssm.send(new GetParameterCommand({ Name: '/app/db-url' })); // { Parameter: { Value: 'postgres://db', ... } }
 * await aws.close();
 */
export async function startAwsEndpoint(options: AwsEndpointOptions = {}): Promise<AwsEndpoint> {
  const store = createParameterStore(options);
  const handlers = operations(store, Math.min(10, Math.max(1, options.pageSize ?? 10)));
  const requests: RecordedAwsRequest[] = [];
  const failure = { remaining: 0, error: new AwsError('InternalServerError', '', 500) };

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const target = String(request.headers['x-amz-target'] ?? '');
    const signingService = signingServiceOf(request.headers.authorization);
    const record: RecordedAwsRequest = { target, body: undefined, signingService, status: 200 };
    requests.push(record);
    try {
      if (request.method !== 'POST' || request.url !== '/')
        throw new AwsError('UnknownOperationException', '', 404);
      if (request.headers['content-type'] !== JSON_1_1) {
        throw new AwsError('SerializationException', `Content-Type must be ${JSON_1_1}`);
      }
      const handler = handlers[target];
      if (handler === undefined)
        throw new AwsError('UnknownOperationException', `Unknown operation ${target}`);
      if (signingService !== SERVICE_OF_TARGET[target]) {
        throw new AwsError(
          'IncompleteSignatureException',
          `Request must be signed with SigV4 for ${SERVICE_OF_TARGET[target]}`,
          403,
        );
      }
      try {
        record.body = JSON.parse(raw);
      } catch {
        throw new AwsError('SerializationException', 'The request body is not valid JSON');
      }
      if (failure.remaining > 0) {
        failure.remaining--;
        throw failure.error;
      }
      send(response, 200, handler(record.body));
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      record.status = error.status;
      send(response, error.status, { __type: error.type, message: error.message }, error.type);
    }
  }

  const { port, close } = await listenLocally(answer);
  const url = `http://127.0.0.1:${port}`;
  const region = options.region ?? 'us-east-1';

  return {
    url,
    region,
    clientConfig: {
      endpoint: url,
      region,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'emulator-secret-access-key' },
      maxAttempts: 1,
    },
    requests,
    get requestCount() {
      return requests.length;
    },
    countOf: (target) => requests.filter((request) => request.target === target).length,
    setParameter: (name, seed) => store.setParameter(name, seed),
    deleteParameter: (name) => store.deleteParameter(name),
    setSecret: (id, seed) => store.setSecret(id, seed),
    failNext(count, { type, status = 400, message = '' }) {
      failure.remaining = count;
      failure.error = new AwsError(type, message, status);
    },
    close,
  };
}
