#!/usr/bin/env node
// `npm run layer:publish -- --region <region> [--public] [--dry-run]`: publishes dist/lambkit-layer.zip
// (build it first with `npm run layer`) as a new version of the layer "lambkit" in one Region, and with
// --public lets every AWS account attach it. Credentials come from the AWS SDK's default chain.
//   --layer-name <name>     default lambkit
//   --zip <file>            default dist/lambkit-layer.zip
//   --endpoint-url <url>    another Lambda endpoint (tests, or a VPC endpoint)
//   --dry-run               print the calls and their parameters, call nothing
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './src/build-layer.mjs';
import { describePlan, PublishOptionError, planPublish, runPublish } from './src/publish-layer.mjs';

let values;
try {
  ({ values } = parseArgs({
    options: {
      region: { type: 'string' },
      public: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      'layer-name': { type: 'string', default: 'lambkit' },
      zip: { type: 'string', default: join(repoRoot, 'dist', 'lambkit-layer.zip') },
      'endpoint-url': { type: 'string' },
    },
  }));
} catch (error) {
  console.error(`layer:publish: ${error.message}`);
  process.exit(2);
}

try {
  const plan = planPublish({
    region: values.region,
    zip: values.zip,
    layerName: values['layer-name'],
    public: values.public,
  });
  if (values['dry-run']) {
    console.log(describePlan(plan).join('\n'));
  } else {
    const result = await runPublish(plan, { endpoint: values['endpoint-url'] });
    console.log(`published ${result.LayerVersionArn} (version ${result.Version})`);
    if (result.Statement !== undefined) console.log(`made public: ${result.Statement}`);
  }
} catch (error) {
  if (!(error instanceof PublishOptionError) && error?.$metadata === undefined) throw error;
  console.error(
    `layer:publish: ${error.name === 'PublishOptionError' ? '' : `${error.name}: `}${error.message}`,
  );
  process.exit(1);
}
