// Test helpers: the local endpoints traced calls go to (an SSM JSON endpoint and a plain HTTP server).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalServer {
  url: string;
  /** The headers of every request received, in order. */
  received: IncomingHttpHeaders[];
  close(): Promise<void>;
}

function listen(server: Server, received: IncomingHttpHeaders[]): Promise<LocalServer> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({
        url,
        received,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** SSM's JSON protocol: GetParameter finds "/app/*" names (request ids req-1, req-2...), fails others with ParameterNotFound. */
export function startSsmEndpoint(): Promise<LocalServer> {
  const received: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push(request.headers);
      const { Name } = JSON.parse(body) as { Name: string };
      const headers = {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': `req-${received.length}`,
      };
      if (Name.startsWith('/app/')) {
        response.writeHead(200, headers);
        response.end(
          JSON.stringify({ Parameter: { Name, Type: 'String', Value: 'db.internal', Version: 1 } }),
        );
        return;
      }
      response.writeHead(400, headers);
      response.end(JSON.stringify({ __type: 'ParameterNotFound', message: `Parameter ${Name} not found.` }));
    });
  });
  return listen(server, received);
}

/** "/status/<code>" answers with that status after a few milliseconds; anything else with 200. */
export function startHttpServer(): Promise<LocalServer> {
  const received: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    received.push(request.headers);
    const status = Number(request.url?.split('?')[0]?.split('/status/')[1] ?? 200) || 200;
    setTimeout(() => {
      response.writeHead(status, { 'content-type': 'text/plain' });
      response.end('ok');
    }, 2);
  });
  return listen(server, received);
}
