// HTTP/1.1 over one kept-alive socket, written by hand: like aws-lambda-ric's native client (curl),
// the runtime's own traffic then never shows up in node:http instrumentation such as a tracer's.
import { connect, type Socket } from 'node:net';

/** A response of the Runtime API. */
export interface RuntimeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

type Waiter = (error?: Error) => void;

/**
 * One connection to the Runtime API at `host:port` (AWS_LAMBDA_RUNTIME_API), one request at a time.
 *
 * @example
 * const connection = new RuntimeConnection('127.0.0.1:9001');
 * const next = await connection.call('GET', '/2018-06-01/runtime/invocation/next');
 */
export class RuntimeConnection {
  readonly #hostname: string;
  readonly #port: number;
  #socket: Socket | undefined;
  #received = Buffer.alloc(0);
  #waiting: Waiter | undefined;

  constructor(address: string) {
    const [hostname = '', port] = address.split(':');
    this.#hostname = hostname;
    this.#port = Number(port);
  }

  /** Sends one request and resolves with the response; rejects if the connection fails or closes. */
  call(
    method: string,
    pathname: string,
    body = '',
    headers: Record<string, string> = {},
  ): Promise<RuntimeResponse> {
    return new Promise((resolve, reject) => {
      const lines = [
        `${method} ${pathname} HTTP/1.1`,
        `Host: ${this.#hostname}:${this.#port}`,
        'Connection: keep-alive',
      ];
      for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
      if (method !== 'GET') lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
      this.#waiting = (error) => {
        if (error !== undefined) {
          this.#waiting = undefined;
          reject(error);
          return;
        }
        const response = this.#parseResponse();
        if (response === undefined) return;
        this.#waiting = undefined;
        resolve(response);
      };
      this.#connection().write(`${lines.join('\r\n')}\r\n\r\n${body}`);
    });
  }

  /** Posts `document` as JSON (`null` for undefined, as JSON.stringify cannot say undefined). */
  post(pathname: string, document: unknown, headers: Record<string, string> = {}): Promise<RuntimeResponse> {
    const body = JSON.stringify(document === undefined ? null : document);
    return this.call('POST', pathname, body, { 'Content-Type': 'application/json', ...headers });
  }

  /** Closes the socket (the runtime itself never does: Lambda ends the process). */
  close(): void {
    this.#socket?.destroy();
  }

  #connection(): Socket {
    if (this.#socket !== undefined && !this.#socket.destroyed) return this.#socket;
    const socket = connect({ host: this.#hostname, port: this.#port });
    socket.setNoDelay(true);
    this.#received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      this.#received = Buffer.concat([this.#received, chunk]);
      this.#waiting?.();
    });
    socket.on('error', (error) => this.#waiting?.(error));
    socket.on('close', () => this.#waiting?.(new Error('the Runtime API closed the connection')));
    this.#socket = socket;
    return socket;
  }

  #parseResponse(): RuntimeResponse | undefined {
    const received = this.#received;
    const end = received.indexOf('\r\n\r\n');
    if (end === -1) return undefined;
    const [statusLine = '', ...headerLines] = received.subarray(0, end).toString('latin1').split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    if (received.length < end + 4 + length) return undefined;
    const body = received.subarray(end + 4, end + 4 + length).toString('utf8');
    this.#received = received.subarray(end + 4 + length);
    return { status: Number(statusLine.split(' ')[1]), headers, body };
  }
}
