// RuntimeConnection against a raw TCP server that answers in pieces, as a slow network would.
import { type AddressInfo, createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RuntimeConnection } from './runtime-connection.js';

let server: Server;
// Not awaited: a socket the server ended may linger half-closed, and close() waits for every socket.
afterEach(() => {
  server.close();
});

function listen(answer: (request: string, write: (text: string) => void) => void): Promise<string> {
  server = createServer((socket) => {
    socket.setEncoding('utf8');
    socket.on('data', (request: string) => answer(request, (text) => socket.write(text)));
  });
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () => done(`127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

describe('RuntimeConnection', () => {
  it('waits for the headers and the whole body when they arrive in pieces', async () => {
    const address = await listen((_request, write) => {
      write('HTTP/1.1 200 OK\r\nContent-Len');
      setTimeout(() => write('gth: 11\r\nX-Extra: a:b\r\n\r\nhello '), 20);
      setTimeout(() => write('world'), 40);
    });
    const connection = new RuntimeConnection(address);

    const response = await connection.call('GET', '/next');
    connection.close();

    expect(response).toEqual({
      status: 200,
      headers: { 'content-length': '11', 'x-extra': 'a:b' },
      body: 'hello world',
    });
  });

  it('posts undefined as null, and reads a response without a body', async () => {
    const requests: string[] = [];
    const address = await listen((request, write) => {
      requests.push(request);
      write('HTTP/1.1 202 Accepted\r\n\r\n');
    });
    const connection = new RuntimeConnection(address);

    const response = await connection.post('/response', undefined);
    connection.close();

    expect(response).toEqual({ status: 202, headers: {}, body: '' });
    expect(requests[0]).toMatch(/^POST \/response HTTP\/1\.1\r\n[\s\S]*Content-Length: 4\r\n\r\nnull$/);
  });

  it('fails the call when the server closes the connection before answering', async () => {
    server = createServer((socket) => socket.end());
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
    const { port } = server.address() as AddressInfo;

    await expect(new RuntimeConnection(`127.0.0.1:${port}`).call('GET', '/next')).rejects.toThrow(
      'the Runtime API closed the connection',
    );
  });
});
