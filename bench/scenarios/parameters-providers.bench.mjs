// @lambkit/parameters' Powertools providers: a cached get from each provider next to Powertools'
// provider of the same name, and an AppConfig fetch through the AppConfig agent extension versus
// the AppConfigData session flow (lambkit and Powertools). Values come from local emulators the
// real SDK clients talk to (@lambkit/local) and from dynalite (a DynamoDB in memory), so every
// fetch is a real HTTP round trip.
import { createRequire } from 'node:module';
import { AppConfigProvider as PtAppConfigProvider } from '@aws-lambda-powertools/parameters/appconfig';
import { DynamoDBProvider as PtDynamoDBProvider } from '@aws-lambda-powertools/parameters/dynamodb';
import { SecretsProvider as PtSecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { SSMProvider as PtSSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { startAppConfigAgent, startAppConfigDataEndpoint, startAwsEndpoint } from '@lambkit/local';
import { AppConfigProvider } from '@lambkit/parameters/appconfig';
import { DynamoDBProvider } from '@lambkit/parameters/dynamodb';
import { SecretsProvider } from '@lambkit/parameters/secrets';
import { SSMProvider } from '@lambkit/parameters/ssm';
import { Group, report } from '../lib/harness.mjs';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite');

const FLAGS = { 'shop/prod/flags': '{"beta":true,"limit":3}' };
process.env.POWERTOOLS_PARAMETERS_MAX_AGE = '3600';
const aws = await startAwsEndpoint({
  parameters: { '/bench/flag': 'on' },
  secrets: { 'bench/secret': 'hunter2' },
});
const agent = await startAppConfigAgent({ configurations: FLAGS });
const data = await startAppConfigDataEndpoint({ configurations: FLAGS });
// Read once per execution environment, with the other defaults: set before the first fetch.
process.env.AWS_APPCONFIG_EXTENSION_HTTP_PORT = String(agent.port);
const dynamo = dynalite({ createTableMs: 0 });
await new Promise((resolve) => dynamo.listen(0, '127.0.0.1', resolve));
const dynamoConfig = {
  endpoint: `http://127.0.0.1:${dynamo.address().port}`,
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'dynalite' },
};
const writer = new DynamoDBClient(dynamoConfig);
await writer.send(
  new CreateTableCommand({
    TableName: 'bench-params',
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  }),
);
await writer.send(
  new PutItemCommand({ TableName: 'bench-params', Item: { id: { S: 'flag' }, value: { S: 'on' } } }),
);

const where = { application: 'shop', environment: 'prod' };
const sdk = { transport: 'sdk' };
const lk = {
  ssm: new SSMProvider({ clientConfig: aws.clientConfig, ...sdk }),
  secrets: new SecretsProvider({ clientConfig: aws.clientConfig, ...sdk }),
  appconfig: new AppConfigProvider({ ...where, clientConfig: data.clientConfig, ...sdk }),
  dynamo: new DynamoDBProvider({ tableName: 'bench-params', clientConfig: dynamoConfig }),
};
const pt = {
  ssm: new PtSSMProvider({ clientConfig: aws.clientConfig }),
  secrets: new PtSecretsProvider({ clientConfig: aws.clientConfig }),
  appconfig: new PtAppConfigProvider({ ...where, clientConfig: data.clientConfig }),
  dynamo: new PtDynamoDBProvider({ tableName: 'bench-params', clientConfig: dynamoConfig }),
};
for (const providers of [lk, pt]) {
  await providers.ssm.get('/bench/flag');
  await providers.secrets.get('bench/secret');
  await providers.appconfig.get('flags', { transform: 'json' });
  await providers.dynamo.get('flag');
}

report(
  await new Group('parameters providers: cached get (a warm invocation)')
    .lambkit('await SSMProvider.get', () => lk.ssm.get('/bench/flag'), { async: true })
    .anchor('powertools: await SSMProvider.get', () => pt.ssm.get('/bench/flag'), { async: true })
    .lambkit('await SecretsProvider.get', () => lk.secrets.get('bench/secret'), { async: true })
    .anchor('powertools: await SecretsProvider.get', () => pt.secrets.get('bench/secret'), { async: true })
    .lambkit('await AppConfigProvider.get(json)', () => lk.appconfig.get('flags', { transform: 'json' }), {
      async: true,
    })
    .anchor(
      'powertools: await AppConfigProvider.get(json)',
      () => pt.appconfig.get('flags', { transform: 'json' }),
      {
        async: true,
      },
    )
    .lambkit('await DynamoDBProvider.get', () => lk.dynamo.get('flag'), { async: true })
    .anchor('powertools: await DynamoDBProvider.get', () => pt.dynamo.get('flag'), { async: true })
    .run(),
);

// An uncached AppConfig read: the agent is a loopback GET, the SDK flow a signed GetLatestConfiguration.
const throughAgent = new AppConfigProvider({ ...where, transport: 'extension' });
await throughAgent.get('flags', { maxAge: 0 });
report(
  await new Group('parameters providers: AppConfig fetch (forceFetch)')
    .lambkit(
      'agent extension: AppConfigProvider.get',
      () => throughAgent.get('flags', { forceFetch: true }),
      {
        async: true,
      },
    )
    .lambkit(
      'AppConfigData SDK: AppConfigProvider.get',
      () => lk.appconfig.get('flags', { forceFetch: true }),
      {
        async: true,
      },
    )
    .anchor(
      'powertools: AppConfigProvider.get (SDK)',
      () => pt.appconfig.get('flags', { forceFetch: true }),
      {
        async: true,
      },
    )
    .run(),
);

writer.destroy();
await Promise.all([
  aws.close(),
  agent.close(),
  data.close(),
  new Promise((resolve) => dynamo.close(resolve)),
]);
