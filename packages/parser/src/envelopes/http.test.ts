import {
  AlbEnvelope,
  ApiGatewayEnvelope,
  ApiGatewayV2Envelope,
  type Envelope,
  LambdaFunctionUrlEnvelope,
  ParseError,
  parse,
  VpcLatticeEnvelope,
  VpcLatticeV2Envelope,
} from '@lambkit/parser';
import {
  createAlbEvent,
  createApiGatewayProxyEvent,
  createApiGatewayProxyEventV2,
  createFunctionUrlEvent,
} from '@lambkit/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadFixture } from '../__fixtures__/load.js';

const order = z.object({ orderId: z.string(), total: z.number() });

/** A GET as each service sends it: REST API `body: null`, HTTP API and Function URL no body, ALB `''`. */
function latticeGet(fixture: 'vpc-lattice' | 'vpc-lattice-v2') {
  const { body: _body, ...event } = loadFixture<Record<string, unknown>>(fixture);
  return event;
}

const getRequests: Array<[string, Envelope<'object'>, () => Record<string, unknown>]> = [
  ['ApiGatewayEnvelope', ApiGatewayEnvelope, () => ({ ...createApiGatewayProxyEvent() })],
  ['ApiGatewayV2Envelope', ApiGatewayV2Envelope, () => ({ ...createApiGatewayProxyEventV2() })],
  ['LambdaFunctionUrlEnvelope', LambdaFunctionUrlEnvelope, () => ({ ...createFunctionUrlEvent() })],
  ['AlbEnvelope', AlbEnvelope, () => ({ ...createAlbEvent() })],
  ['VpcLatticeEnvelope', VpcLatticeEnvelope, () => latticeGet('vpc-lattice')],
  ['VpcLatticeV2Envelope', VpcLatticeV2Envelope, () => latticeGet('vpc-lattice-v2')],
];

describe('HTTP envelopes on a request without a body', () => {
  it.each(getRequests)('%s gives the schema undefined for a GET', (_name, envelope, get) => {
    expect(parse(get(), envelope, z.undefined())).toBeUndefined();
  });

  it.each(getRequests)('%s names the body when the schema wants one', (_name, envelope, get) => {
    const act = () => parse(get(), envelope, order);

    expect(act).toThrow('Invalid input at body: expected object, received undefined');
  });

  it('gives an empty body as empty text with payload: "text"', () => {
    const event = createAlbEvent();

    expect(parse(event, AlbEnvelope, z.string(), { payload: 'text' })).toBe('');
  });
});

describe('HTTP envelopes on a request with a body', () => {
  it.each(getRequests)('%s names the field of the body a schema refuses', (_name, envelope, get) => {
    const body = '{"orderId":"o-1","total":"12"}';
    const event = { ...get(), body, isBase64Encoded: false, is_base64_encoded: false };

    expect(() => parse(event, envelope, order)).toThrow(
      'Invalid input at body.total: expected number, received string',
    );
  });

  it('gives the body as bytes with payload: "bytes"', () => {
    const event = createApiGatewayProxyEvent({ httpMethod: 'POST', body: 'héllo' });

    const bytes = parse(event, ApiGatewayEnvelope, z.instanceof(Uint8Array), { payload: 'bytes' });

    expect(Buffer.from(bytes).toString('utf8')).toBe('héllo');
  });

  it('keeps a body that only looks like base64 when isBase64Encoded is false', () => {
    const event = createApiGatewayProxyEventV2({ body: 'eyJhIjoxfQ==' });

    expect(parse(event, ApiGatewayV2Envelope, z.string(), { payload: 'text' })).toBe('eyJhIjoxfQ==');
  });

  it('reads is_base64_encoded, not isBase64Encoded, for VPC Lattice v1', () => {
    const event = { ...loadFixture('vpc-lattice'), body: 'eyJhIjoxfQ==', is_base64_encoded: false };
    (event as Record<string, unknown>).isBase64Encoded = true;

    expect(parse(event, VpcLatticeEnvelope, z.string(), { payload: 'text' })).toBe('eyJhIjoxfQ==');
  });

  it('refuses a body that is neither a string nor null, naming its type', () => {
    const event = { ...createApiGatewayProxyEvent(), body: { orderId: 'o-1' } };

    expect(() => parse(event, ApiGatewayEnvelope, z.unknown())).toThrow(
      'Invalid input at body: expected string or null, received object',
    );
  });

  it('names the body when its base64 is corrupt', () => {
    const event = createApiGatewayProxyEventV2({ body: 'eyJh*IjoxfQ==', isBase64Encoded: true });

    const error = catchParseError(() => parse(event, ApiGatewayV2Envelope, z.unknown()));

    expect(error.path).toBe('body');
    expect(error.expected).toBe('base64');
  });
});

describe('envelope methods, as Powertools users call them', () => {
  it('parses with the envelope own parse method', () => {
    const event = createApiGatewayProxyEvent({ httpMethod: 'POST', body: '{"orderId":"o-1","total":3}' });

    expect(ApiGatewayEnvelope.parse(event, order)).toEqual({ orderId: 'o-1', total: 3 });
  });

  it('returns a failure with the event from the envelope own safeParse method', () => {
    const event = createApiGatewayProxyEvent({ httpMethod: 'POST', body: '{"orderId":1}' });

    const result = ApiGatewayEnvelope.safeParse(event, order);

    expect(result.success).toBe(false);
    expect(!result.success && result.error.path).toBe('body.orderId');
    expect(!result.success && result.originalEvent).toBe(event);
  });

  it('returns the data from the envelope own safeParse method', () => {
    const event = createApiGatewayProxyEvent({ httpMethod: 'POST', body: '{"orderId":"o-1","total":3}' });

    expect(ApiGatewayEnvelope.safeParse(event, order)).toEqual({
      success: true,
      data: { orderId: 'o-1', total: 3 },
    });
  });

  it.each([
    ['parse', () => ApiGatewayEnvelope.parse(createApiGatewayProxyEvent(), {} as never)],
    ['safeParse', () => ApiGatewayEnvelope.safeParse(createApiGatewayProxyEvent(), {} as never)],
  ])('refuses something that is not a Standard Schema in %s', (_method, act) => {
    expect(act).toThrow(
      new TypeError('parser: schema must be a Standard Schema (Zod, Valibot, ArkType, ...), got object'),
    );
  });

  it('applies the options given to parse', () => {
    const event = createApiGatewayProxyEvent({ httpMethod: 'POST', body: '"a long body"' });

    expect(() => ApiGatewayEnvelope.parse(event, z.string(), { maxLength: 4 })).toThrow(
      'Invalid input at body: expected at most 4 characters, received 13 characters',
    );
  });
});

function catchParseError(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error('expected a ParseError');
}
