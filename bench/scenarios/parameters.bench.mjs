// @lambkit/parameters: a cached get (what every warm invocation pays), a fetch through the
// Parameters and Secrets extension and through the SDK, 100 concurrent gets of one uncached name, the
// middleware, and import time, next to Powertools' SSMProvider (SDK only) and the floor.
// Values come from the local emulators of @lambkit/local (the extension on a loopback port, the
// AWS JSON endpoint for the real SDK clients), so every request is a real HTTP round trip.
import { spawnSync } from 'node:child_process';
import { Agent, request } from 'node:http';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { startAwsEndpoint, startParametersExtension } from '@lambkit/local';
import { clearCaches, getParameter, getSecret, parameters } from '@lambkit/parameters';
import { createContext } from '@lambkit/testing';
import middy from '@middy/core';
import { benchRoot, bundleImportTimes, EMPTY_PACKAGE, Group, importTimes, report } from '../lib/harness.mjs';

const NAME = '/bench/app/flag';
const CONFIG = '/bench/app/config';
const SECRET = 'bench/db-password';
const seed = {
  parameters: { [NAME]: 'on', [CONFIG]: '{"retries":3,"regions":["eu-west-1","us-east-1"]}' },
  secrets: { [SECRET]: 'hunter2' },
};

// Values stay fresh for the whole run (both lambkit and Powertools read this variable).
process.env.POWERTOOLS_PARAMETERS_MAX_AGE = '3600';
const extension = await startParametersExtension(seed);
Object.assign(process.env, extension.env);
const aws = await startAwsEndpoint(seed);
const sdkOptions = { transport: 'sdk', clientConfig: aws.clientConfig };
const powertools = new SSMProvider({ clientConfig: aws.clientConfig });

// Warm every cache and connection once.
await getParameter(NAME);
await getParameter(CONFIG, { transform: 'json' });
await getSecret(SECRET);
await getParameter(NAME, sdkOptions);
await powertools.get(NAME);

const floorValues = new Map([[NAME, 'on']]);

report(
  await new Group('parameters: cached get (a warm invocation)')
    .floor('await a value from a Map', () => floorValues.get(NAME), { async: true })
    .lambkit('await getParameter(name)', () => getParameter(NAME), { async: true })
    .lambkit(
      "await getParameter(name, { transform: 'json' })",
      () => getParameter(CONFIG, { transform: 'json' }),
      {
        async: true,
      },
    )
    .lambkit('await getSecret(id)', () => getSecret(SECRET), { async: true })
    .anchor('powertools: await SSMProvider.get(name)', () => powertools.get(NAME), { async: true })
    .run(),
);

// The floor of a fetch: one keep-alive GET to the same emulator, written by hand.
const rawAgent = new Agent({ keepAlive: true });
const rawPath = `/systemsmanager/parameters/get?name=${encodeURIComponent(NAME)}`;
function rawGet() {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: 'localhost',
        port: extension.port,
        path: rawPath,
        agent: rawAgent,
        headers: { 'X-Aws-Parameters-Secrets-Token': extension.token },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () => resolve(JSON.parse(body).Parameter.Value));
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

report(
  await new Group('parameters: one uncached get (a cold or expired value), local emulators')
    .floor('raw node:http GET to the extension emulator', rawGet, { async: true })
    .lambkit(
      'getParameter(name, { forceFetch: true }) via the extension',
      () => getParameter(NAME, { forceFetch: true }),
      {
        async: true,
      },
    )
    .lambkit(
      "getParameter(name, { forceFetch: true, transport: 'sdk' })",
      () => getParameter(NAME, { ...sdkOptions, forceFetch: true }),
      {
        async: true,
      },
    )
    .anchor(
      'powertools: SSMProvider.get(name, { forceFetch: true })',
      () => powertools.get(NAME, { forceFetch: true }),
      {
        async: true,
      },
    )
    .run(),
);

const hundred = Array.from({ length: 100 });
async function lambkitHundred() {
  clearCaches();
  await Promise.all(hundred.map(() => getParameter(NAME)));
}
async function powertoolsHundred() {
  powertools.clearCache();
  await Promise.all(hundred.map(() => powertools.get(NAME)));
}
/** Requests one call of `fn` makes to the extension emulator and to the AWS endpoint. */
async function requestsOf(fn) {
  const before = [extension.requestCount, aws.requestCount];
  await fn();
  return `${extension.requestCount - before[0]} extension + ${aws.requestCount - before[1]} AWS requests`;
}
const hundredNotes = [
  await requestsOf(rawGet),
  await requestsOf(lambkitHundred),
  await requestsOf(powertoolsHundred),
];
const hundredResult = await new Group('parameters: 100 concurrent gets of one uncached name')
  .floor('one raw node:http GET to the extension emulator', rawGet, { async: true })
  .lambkit('clearCaches() + 100 concurrent getParameter(name)', lambkitHundred, { async: true })
  .anchor('powertools: clearCache() + 100 concurrent SSMProvider.get(name)', powertoolsHundred, {
    async: true,
  })
  .run();
hundredResult.rows.forEach((row, i) => {
  row.note = hundredNotes[i];
});
report(hundredResult);

const context = createContext();
const bare = middy().handler(async () => 'ok');
const withParameters = middy()
  .use(
    parameters({
      fetch: {
        flag: { parameter: NAME },
        config: { parameter: CONFIG, transform: 'json' },
        password: { secret: SECRET },
      },
    }),
  )
  .handler(async (_event, ctx) => ctx.flag);
await withParameters({}, context);

report(
  await new Group('parameters: middy invocation, values cached (a warm invocation)')
    .floor('middy handler, no middleware', () => bare({}, context), { async: true })
    .lambkit('middy + parameters({ fetch: 2 parameters, 1 secret })', () => withParameters({}, context), {
      async: true,
    })
    .run(),
);

await extension.close();
await aws.close();

report(
  importTimes('parameters: import in a fresh process', [
    { name: 'an empty package', role: 'floor', specifier: EMPTY_PACKAGE },
    { name: '@lambkit/core', role: 'other', specifier: '@lambkit/core' },
    { name: '@lambkit/parameters', role: 'lambkit', specifier: '@lambkit/parameters' },
    {
      name: '@aws-lambda-powertools/parameters/ssm',
      role: 'anchor',
      specifier: '@aws-lambda-powertools/parameters/ssm',
    },
    {
      name: '@aws-lambda-powertools/parameters/secrets',
      role: 'other',
      specifier: '@aws-lambda-powertools/parameters/secrets',
    },
    {
      name: '@aws-sdk/client-ssm (what the SDK fallback loads on first use)',
      role: 'other',
      specifier: '@aws-sdk/client-ssm',
    },
  ]),
);

// Wall-clock import times swing with the load of a shared machine (the loader waits on its thread
// pool); the CPU time the import costs the process is steadier. Same fresh-process method as
// importTimes, measuring process.cpuUsage() around the import.
function importCpuTimes(title, entries, runs = process.env.BENCH_QUICK === '1' ? 5 : 15) {
  const rows = entries.map(({ name, role, specifier }) => {
    const samples = [];
    for (let r = 0; r < runs; r++) {
      const script = `await import(${JSON.stringify(`${benchRoot}/fixtures/empty.mjs`)}); await import('@lambkit-bench/warmup'); const c0 = process.cpuUsage(); await import(${JSON.stringify(specifier)}); const c = process.cpuUsage(c0); process.stdout.write(String((c.user + c.system) / 1000));`;
      const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: `${benchRoot}/fixtures`,
        encoding: 'utf8',
      });
      if (result.status !== 0) throw new Error(`import of ${specifier} failed: ${result.stderr}`);
      samples.push(Number(result.stdout));
    }
    samples.sort((a, b) => a - b);
    return { name, role, median: samples[samples.length >> 1] };
  });
  return { title, unit: 'ms', rows };
}

report(
  importCpuTimes('parameters: CPU time of the import in a fresh process', [
    { name: 'an empty package', role: 'floor', specifier: EMPTY_PACKAGE },
    { name: '@lambkit/core', role: 'other', specifier: '@lambkit/core' },
    { name: '@lambkit/parameters', role: 'lambkit', specifier: '@lambkit/parameters' },
    {
      name: '@aws-lambda-powertools/parameters/ssm',
      role: 'anchor',
      specifier: '@aws-lambda-powertools/parameters/ssm',
    },
  ]),
);

report(
  await bundleImportTimes(
    'parameters: bundled with esbuild (minified, @aws-sdk external), import in a fresh process',
    [
      { name: 'empty bundle', role: 'floor', source: 'globalThis.x = 1;' },
      {
        name: 'getParameter + getSecret + parameters middleware',
        role: 'lambkit',
        source:
          "import { getParameter, getSecret, parameters } from '@lambkit/parameters'; globalThis.x = [getParameter, getSecret, parameters];",
      },
    ],
  ),
);
