// Publishes dist/lambkit-layer.zip as a new version of a Lambda layer (PublishLayerVersion) and, on
// request, lets every AWS account use it (AddLayerVersionPermission), through @aws-sdk/client-lambda.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatBytes, repoRoot } from './build-layer.mjs';

export const COMPATIBLE_RUNTIMES = ['nodejs20.x', 'nodejs22.x', 'nodejs24.x'];
export const COMPATIBLE_ARCHITECTURES = ['x86_64', 'arm64'];
/** Lambda takes a layer zip of up to 50 MB in the request itself (larger ones go through S3). */
const DIRECT_UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;
const LAYER_NAME = /^[a-zA-Z0-9-_]{1,140}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** A publish option that cannot work; the CLI prints only the message. */
export class PublishOptionError extends Error {
  constructor(message) {
    super(message);
    this.name = 'PublishOptionError';
  }
}

function lambkitVersion(root) {
  return JSON.parse(readFileSync(join(root, 'packages', 'core', 'package.json'), 'utf8')).version;
}

/**
 * Checks the options and reads the zip; returns the PublishLayerVersion and AddLayerVersionPermission
 * inputs (the permission only with `public`). Throws PublishOptionError naming what is wrong.
 *
 * @example
 * const plan = planPublish({ region: 'eu-west-1', zip: 'dist/lambkit-layer.zip', public: true });
 */
export function planPublish({
  region,
  zip,
  layerName = 'lambkit',
  public: isPublic = false,
  root = repoRoot,
}) {
  if (region === undefined || region === '') {
    throw new PublishOptionError(
      'a region is required: pass --region <region> (a layer version lives in one Region; publish once per Region)',
    );
  }
  if (!REGION.test(region))
    throw new PublishOptionError(`--region ${JSON.stringify(region)} is not a Region name such as eu-west-1`);
  if (!LAYER_NAME.test(layerName)) {
    throw new PublishOptionError(
      `--layer-name ${JSON.stringify(layerName)} must be 1 to 140 letters, digits, hyphens or underscores`,
    );
  }
  if (!existsSync(zip))
    throw new PublishOptionError(`no layer zip at ${zip}; build it with \`npm run layer\``);
  const bytes = readFileSync(zip);
  if (bytes.length > DIRECT_UPLOAD_LIMIT_BYTES) {
    throw new PublishOptionError(
      `${zip} is ${formatBytes(bytes.length)}, over the ${formatBytes(DIRECT_UPLOAD_LIMIT_BYTES)} Lambda takes in the request; upload it to S3 and publish from there`,
    );
  }
  const version = lambkitVersion(root);
  const publish = {
    LayerName: layerName,
    Description: `lambkit ${version}: @lambkit/* middlewares for Node.js (ES modules and CommonJS)`,
    Content: { ZipFile: bytes },
    CompatibleRuntimes: COMPATIBLE_RUNTIMES,
    CompatibleArchitectures: COMPATIBLE_ARCHITECTURES,
    LicenseInfo: 'MIT',
  };
  const permission = isPublic
    ? {
        LayerName: layerName,
        StatementId: 'lambkit-public',
        Action: 'lambda:GetLayerVersion',
        Principal: '*',
      }
    : undefined;
  return {
    region,
    zip,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('base64'),
    publish,
    permission,
  };
}

/**
 * The lines `--dry-run` prints: each call with its parameters, the zip summarised.
 *
 * @example
 * console.log(describePlan(planPublish({ region: 'eu-west-1', zip })).join('\n'));
 */
export function describePlan(plan) {
  const { Content, ...publish } = plan.publish;
  const lines = [
    `would call PublishLayerVersion in ${plan.region}:`,
    ...Object.entries(publish).map(
      ([key, value]) => `  ${key}: ${Array.isArray(value) ? value.join(', ') : value}`,
    ),
    `  Content.ZipFile: ${plan.zip} (${formatBytes(plan.bytes)}, sha256 ${plan.sha256})`,
  ];
  if (plan.permission !== undefined) {
    lines.push(
      `would call AddLayerVersionPermission in ${plan.region} on the new version:`,
      ...Object.entries(plan.permission).map(([key, value]) => `  ${key}: ${value}`),
    );
  } else {
    lines.push('the new version stays private to this account (add --public to share it with every account)');
  }
  return lines;
}

/**
 * Runs the plan with the AWS SDK's Lambda client (credentials from the usual provider chain;
 * `endpoint` overrides the service URL). Returns the new version's ARN and number, and the policy
 * statement when it was made public.
 *
 * @example
 * const { LayerVersionArn } = await runPublish(planPublish({ region: 'eu-west-1', zip }));
 */
export async function runPublish(plan, { endpoint } = {}) {
  const { AddLayerVersionPermissionCommand, LambdaClient, PublishLayerVersionCommand } = await import(
    '@aws-sdk/client-lambda'
  );
  const client = new LambdaClient({ region: plan.region, ...(endpoint === undefined ? {} : { endpoint }) });
  try {
    const published = await client.send(new PublishLayerVersionCommand(plan.publish));
    const result = { LayerVersionArn: published.LayerVersionArn, Version: published.Version };
    if (plan.permission !== undefined) {
      const granted = await client.send(
        new AddLayerVersionPermissionCommand({ ...plan.permission, VersionNumber: published.Version }),
      );
      result.Statement = granted.Statement;
    }
    return result;
  } finally {
    client.destroy();
  }
}
