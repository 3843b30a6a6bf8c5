// What the handler needs around it when it runs locally (`npm start`, and the tests): an emulator of
// the AWS Parameters and Secrets Lambda Extension holding the database secret and the API key, and a
// local stand-in for the two services the handler calls with them (the database's HTTP interface,
// the partner's credit API). Nothing here is deployed.
import { createServer } from 'node:http';
import { startParametersExtension } from '@lambkit/local';

export const DB_SECRET_ID = 'lambkit-examples/secrets-config/database';
export const PARTNER_API_KEY_PARAMETER = '/lambkit-examples/secrets-config/partner-api-key';

const CUSTOMERS = {
  'c-1001': { name: 'Ada Lovelace', country: 'GB' },
  'c-1002': { name: 'Grace Hopper', country: 'US' },
};
const SCORES = { 'c-1001': 781, 'c-1002': 742 };

function sendJson(response, status, body) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** ClickHouse's HTTP interface: credentials in X-ClickHouse-User / -Key, the query in the body. */
function answerQuery(request, url, body, expected, response) {
  const user = request.headers['x-clickhouse-user'];
  const key = request.headers['x-clickhouse-key'];
  if (user !== expected.username || key !== expected.password) {
    response.writeHead(401, { 'content-type': 'text/plain' });
    response.end(`Code: 516. DB::Exception: ${user}: Authentication failed. (AUTHENTICATION_FAILED)\n`);
    return;
  }
  if (url.searchParams.get('database') !== expected.database || !body.includes('FROM customers')) {
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('Code: 60. DB::Exception: Unknown table. (UNKNOWN_TABLE)\n');
    return;
  }
  const id = url.searchParams.get('param_customerId');
  const customer = CUSTOMERS[id];
  const data = customer === undefined ? [] : [{ customer_id: id, ...customer }];
  sendJson(response, 200, {
    meta: [
      { name: 'customer_id', type: 'String' },
      { name: 'name', type: 'String' },
      { name: 'country', type: 'String' },
    ],
    data,
    rows: data.length,
  });
}

function answerCreditScore(request, url, apiKey, response) {
  if (request.headers['x-api-key'] !== apiKey) return sendJson(response, 403, { message: 'Forbidden' });
  const id = decodeURIComponent(url.pathname.slice('/v1/credit-scores/'.length));
  if (SCORES[id] === undefined) return sendJson(response, 404, { message: 'unknown customer' });
  return sendJson(response, 200, { customerId: id, score: SCORES[id] });
}

/**
 * Starts the local stand-in for the database and the partner API on a free loopback port. Every
 * request is recorded (method, path, headers) so tests can check what the handler sent.
 */
export async function startDownstream({ credentials, apiKey }) {
  const requests = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      requests.push({ method: request.method, path: url.pathname, headers: request.headers });
      if (request.method === 'POST' && url.pathname === '/')
        answerQuery(request, url, body, credentials, response);
      else if (request.method === 'GET' && url.pathname.startsWith('/v1/credit-scores/'))
        answerCreditScore(request, url, apiKey, response);
      else sendJson(response, 404, { message: 'not found' });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

/**
 * The emulators the handler needs, with the environment that points it at them.
 *
 * @param {{ password?: string, apiKey?: string }} [values] the secret values to serve
 */
export async function setup(values = {}) {
  const password = values.password ?? 'local-db-password';
  const apiKey = values.apiKey ?? 'local-partner-api-key';
  const credentials = { username: 'reporting', password, database: 'analytics' };
  const downstream = await startDownstream({ credentials, apiKey });
  const extension = await startParametersExtension({
    secrets: { [DB_SECRET_ID]: JSON.stringify({ url: downstream.url, ...credentials }) },
    parameters: { [PARTNER_API_KEY_PARAMETER]: { value: apiKey, type: 'SecureString' } },
  });
  return {
    env: {
      ...extension.env,
      DB_SECRET_ID,
      PARTNER_API_KEY_PARAMETER,
      PARTNER_API_URL: downstream.url,
    },
    extension,
    downstream,
    async close() {
      await extension.close();
      await downstream.close();
    },
  };
}
