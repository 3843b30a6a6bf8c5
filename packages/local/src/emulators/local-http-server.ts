// The HTTP listener the local AWS stand-ins share (AWS endpoint, AppConfig emulators): 127.0.0.1 on
// a free port, a handler that throws answers 500 with the error, and a close that does not wait
// for keep-alive sockets the SDK clients hold open (server.close alone would hang until they idle out).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A running local HTTP server. */
export interface LocalHttpServer {
  port: number;
  /** Destroys open sockets, then closes the server. */
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on 127.0.0.1 and a free port that answers with `handler`.
 *
 * @example
 * const running = await listenLocally(async (request, response) => response.end('ok'));
 * await fetch(`http://127.0.0.1:${running.port}/`);
 * await running.close();
 */
export async function listenLocally(
  handler: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
): Promise<LocalHttpServer> {
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    handler(request, response).catch((error) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
