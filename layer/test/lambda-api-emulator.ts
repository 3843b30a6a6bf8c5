// A local endpoint speaking the part of the Lambda REST API (2018-10-31, restJson1) that publishing a
// layer uses: PublishLayerVersion and AddLayerVersionPermission, with AWS's error shape.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedLambdaCall {
  operation: 'PublishLayerVersion' | 'AddLayerVersionPermission';
  method: string;
  path: string;
  authorization: string | undefined;
  body: any;
}

export interface LambdaApiEmulator {
  url: string;
  calls: RecordedLambdaCall[];
  close(): Promise<void>;
}

const RUNTIMES = new Set(['nodejs20.x', 'nodejs22.x', 'nodejs24.x', 'python3.13', 'java21']);
const ARCHITECTURES = new Set(['x86_64', 'arm64']);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-amzn-requestid': crypto.randomUUID(),
  };
  if (errorType !== undefined) headers['x-amzn-errortype'] = errorType;
  res.writeHead(status, headers);
  res.end(text);
}

function invalid(res: ServerResponse, message: string): void {
  reply(res, 400, { Type: 'User', message }, 'InvalidParameterValueException');
}

/**
 * Starts the emulator on 127.0.0.1. Every layer gets versions 1, 2, ... in publishing order.
 *
 * @example
 * const lambda = await startLambdaApiEmulator({ region: 'eu-west-1' });
 * new LambdaClient({ region: 'eu-west-1', endpoint: lambda.url });
 */
export async function startLambdaApiEmulator({ region = 'us-east-1', accountId = '123456789012' } = {}) {
  const calls: RecordedLambdaCall[] = [];
  const versions = new Map<string, number>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = decodeURIComponent((req.url ?? '').split('?')[0]);
    const text = await readBody(req);
    const body = text === '' ? {} : JSON.parse(text);
    const authorization = req.headers.authorization;
    if (
      !authorization?.startsWith('AWS4-HMAC-SHA256 ') ||
      !authorization.includes(`/${region}/lambda/aws4_request`)
    ) {
      reply(
        res,
        403,
        { message: 'The request signature is missing or not for this Region and service' },
        'InvalidSignatureException',
      );
      return;
    }
    const publish = /^\/2018-10-31\/layers\/([^/]+)\/versions$/.exec(path);
    const permission = /^\/2018-10-31\/layers\/([^/]+)\/versions\/(\d+)\/policy$/.exec(path);
    if (req.method === 'POST' && publish !== null) {
      calls.push({ operation: 'PublishLayerVersion', method: req.method, path, authorization, body });
      const zip = Buffer.from(body.Content?.ZipFile ?? '', 'base64');
      if (zip.length === 0 || zip.readUInt32LE(0) !== 0x04034b50) {
        invalid(res, 'Content.ZipFile is not a zip archive');
        return;
      }
      const unknown = [
        ...(body.CompatibleRuntimes ?? []).filter((runtime: string) => !RUNTIMES.has(runtime)),
        ...(body.CompatibleArchitectures ?? []).filter((arch: string) => !ARCHITECTURES.has(arch)),
      ];
      if (unknown.length > 0) {
        invalid(res, `unknown runtime or architecture: ${unknown.join(', ')}`);
        return;
      }
      const layerName = publish[1];
      const version = (versions.get(layerName) ?? 0) + 1;
      versions.set(layerName, version);
      const layerArn = `arn:aws:lambda:${region}:${accountId}:layer:${layerName}`;
      reply(res, 201, {
        Content: {
          Location: `https://awslambda-${region}-layers.s3.${region}.amazonaws.com/snapshots/${accountId}/${layerName}`,
          CodeSha256: createHash('sha256').update(zip).digest('base64'),
          CodeSize: zip.length,
        },
        LayerArn: layerArn,
        LayerVersionArn: `${layerArn}:${version}`,
        Description: body.Description,
        CreatedDate: new Date().toISOString().replace('Z', '+0000'),
        Version: version,
        CompatibleRuntimes: body.CompatibleRuntimes,
        CompatibleArchitectures: body.CompatibleArchitectures,
        LicenseInfo: body.LicenseInfo,
      });
      return;
    }
    if (req.method === 'POST' && permission !== null) {
      calls.push({ operation: 'AddLayerVersionPermission', method: req.method, path, authorization, body });
      const [, layerName, version] = permission;
      if (Number(version) > (versions.get(layerName) ?? 0)) {
        reply(
          res,
          404,
          { Type: 'User', message: `Layer version ${layerName}:${version} does not exist` },
          'ResourceNotFoundException',
        );
        return;
      }
      const statement = {
        Sid: body.StatementId,
        Effect: 'Allow',
        Principal: body.Principal,
        Action: body.Action,
        Resource: `arn:aws:lambda:${region}:${accountId}:layer:${layerName}:${version}`,
      };
      reply(res, 201, { Statement: JSON.stringify(statement), RevisionId: crypto.randomUUID() });
      return;
    }
    reply(
      res,
      404,
      { Type: 'User', message: `no route for ${req.method} ${path}` },
      'ResourceNotFoundException',
    );
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => reply(res, 500, { message: error.message }, 'ServiceException'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  } satisfies LambdaApiEmulator;
}
