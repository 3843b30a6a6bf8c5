import { EventEmitter } from 'node:events';

// AWS SDK v2 is not installed (it is in maintenance and not in the Node.js Lambda runtimes): these
// stand-ins behave as its clients do towards aws-xray-sdk-core (customizeRequests, a request that
// emits build and complete, then calls back).
export class FakeRequest extends EventEmitter {
  readonly httpRequest = { headers: {} as Record<string, string>, region: 'eu-west-1' };
  constructor(
    readonly operation: string,
    readonly params: Record<string, unknown>,
  ) {
    super();
  }
  send(callback: (error: Error | null, data: unknown) => void): void {
    this.emit('build', this);
    const response = {
      request: this,
      requestId: 'req-1',
      retryCount: 0,
      httpResponse: { statusCode: 200, headers: {} },
      data: { Item: {} },
    };
    this.emit('complete', response);
    callback(null, response.data);
  }
}

export type Customizer = (this: unknown, request: FakeRequest) => void;

export class FakeDynamoDB {
  static readonly serviceIdentifier = 'dynamodb';
  readonly serviceIdentifier = 'dynamodb';
  // Declared only: an own field on each instance would hide the prototype's, which captureAWS fills.
  declare customizers?: Customizer[];
  customizeRequests(customizer: Customizer): void {
    this.customizers ??= [];
    this.customizers.push(customizer);
  }
  getItem(params: Record<string, unknown>): Promise<unknown> {
    const request = new FakeRequest('getItem', params);
    for (const customizer of this.customizers ?? []) customizer.call(this, request);
    return new Promise((resolve, reject) =>
      request.send((error, data) => (error ? reject(error) : resolve(data))),
    );
  }
}

/** As AWS.DynamoDB.DocumentClient: no customizeRequests of its own, the client it wraps under `service`. */
export class FakeDocumentClient {
  readonly service = new FakeDynamoDB();
  get(params: Record<string, unknown>): Promise<unknown> {
    return this.service.getItem(params);
  }
}
