import {
  AppConfigDataClient,
  GetLatestConfigurationCommand,
  StartConfigurationSessionCommand,
} from '@aws-sdk/client-appconfigdata';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AppConfigAgent,
  type AppConfigDataEndpoint,
  startAppConfigAgent,
  startAppConfigDataEndpoint,
} from '../index.js';

const PATH = '/applications/shop/environments/prod/configurations/flags';

describe('startAppConfigAgent', () => {
  let agent: AppConfigAgent;
  afterEach(() => agent.close());

  it('answers a configuration with its content type, and the new one after a deployment', async () => {
    agent = await startAppConfigAgent({
      configurations: {
        'shop/prod/flags': '{"beta":true}',
        'shop/prod/banner': { content: 'hi', contentType: 'text/plain' },
      },
    });
    const port = agent.env.AWS_APPCONFIG_EXTENSION_HTTP_PORT;

    const first = await fetch(`http://127.0.0.1:${port}${PATH}`);
    const banner = await fetch(`${agent.url}/applications/shop/environments/prod/configurations/banner`);
    agent.setConfiguration('shop/prod/flags', new TextEncoder().encode('{"beta":false}'));
    const second = await fetch(`${agent.url}${PATH}`);

    expect([first.headers.get('content-type'), await first.json()]).toEqual([
      'application/json',
      { beta: true },
    ]);
    expect([banner.headers.get('content-type'), await banner.text()]).toEqual(['text/plain', 'hi']);
    expect(await second.json()).toEqual({ beta: false });
    expect(agent.requestCount).toBe(3);
    expect(agent.requests[0]).toBe(`GET ${PATH}`);
  });

  it('answers 404 for a configuration it does not have and 400 for any other request', async () => {
    agent = await startAppConfigAgent();

    const missing = await fetch(`${agent.url}${PATH}`);
    const other = await fetch(`${agent.url}/other`, { method: 'POST' });

    expect([missing.status, await missing.text()]).toEqual([
      404,
      'ResourceNotFoundException: shop/prod/flags',
    ]);
    expect(other.status).toBe(400);
  });
});

describe('startAppConfigDataEndpoint', () => {
  let data: AppConfigDataEndpoint;
  afterEach(() => data.close());

  const session = {
    ApplicationIdentifier: 'shop',
    EnvironmentIdentifier: 'prod',
    ConfigurationProfileIdentifier: 'flags',
  };

  it('serves the real SDK client: the configuration once, then empty until a new deployment', async () => {
    data = await startAppConfigDataEndpoint({ configurations: { 'shop/prod/flags': '{"beta":true}' } });
    const client = new AppConfigDataClient(data.clientConfig);

    const started = await client.send(new StartConfigurationSessionCommand(session));
    const first = await client.send(
      new GetLatestConfigurationCommand({ ConfigurationToken: started.InitialConfigurationToken }),
    );
    const unchanged = await client.send(
      new GetLatestConfigurationCommand({ ConfigurationToken: first.NextPollConfigurationToken }),
    );
    data.setConfiguration('shop/prod/flags', '{"beta":false}');
    const deployed = await client.send(
      new GetLatestConfigurationCommand({ ConfigurationToken: unchanged.NextPollConfigurationToken }),
    );

    expect(new TextDecoder().decode(first.Configuration)).toBe('{"beta":true}');
    expect(first.VersionLabel).toBe('v1');
    expect(unchanged.Configuration?.length ?? 0).toBe(0);
    expect(new TextDecoder().decode(deployed.Configuration)).toBe('{"beta":false}');
    expect([data.countOf('StartConfigurationSession'), data.countOf('GetLatestConfiguration')]).toEqual([
      1, 3,
    ]);
    expect(data.requestCount).toBe(4);
  });

  it('refuses a used token, an unknown configuration, an unsigned request and an unknown operation', async () => {
    data = await startAppConfigDataEndpoint({ configurations: { 'shop/prod/flags': '{}' } });
    const client = new AppConfigDataClient(data.clientConfig);
    const started = await client.send(new StartConfigurationSessionCommand(session));
    await client.send(
      new GetLatestConfigurationCommand({ ConfigurationToken: started.InitialConfigurationToken }),
    );

    await expect(
      client.send(
        new GetLatestConfigurationCommand({ ConfigurationToken: started.InitialConfigurationToken }),
      ),
    ).rejects.toMatchObject({ name: 'BadRequestException' });
    await expect(
      client.send(
        new StartConfigurationSessionCommand({ ...session, ConfigurationProfileIdentifier: 'absent' }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect((await fetch(`${data.url}/configurationsessions`, { method: 'POST' })).status).toBe(403);
    const unknown = await fetch(`${data.url}/other`, {
      headers: {
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/appconfig/aws4_request, SignedHeaders=host, Signature=0',
      },
    });
    expect([unknown.status, unknown.headers.get('x-amzn-errortype')]).toEqual([
      404,
      'UnknownOperationException',
    ]);
  });

  it('answers the next requests with an injected AWS error', async () => {
    data = await startAppConfigDataEndpoint({ configurations: { 'shop/prod/flags': '{}' } });
    const client = new AppConfigDataClient(data.clientConfig);
    data.failNext(1, { type: 'ThrottlingException', status: 429 });

    await expect(client.send(new StartConfigurationSessionCommand(session))).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 429 },
    });
    data.failNext(1, { type: 'InvalidSignatureException' });
    await expect(client.send(new StartConfigurationSessionCommand(session))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 400 },
    });
    await expect(client.send(new StartConfigurationSessionCommand(session))).resolves.toBeDefined();
  });
});
