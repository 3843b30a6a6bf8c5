import { decodeHttpBody } from './fields.js';
import { definePayloadEnvelope } from './records.js';

const httpBody = { decode: decodeHttpBody, payloadPath: ['body'] } as const;

/**
 * Unwraps an API Gateway REST API (v1) proxy event: the `body`, base64-decoded when `isBase64Encoded`,
 * parsed as JSON (or text / bytes), goes to your schema. No body gives the schema `undefined`.
 *
 * @example
 * const order = parse(event, ApiGatewayEnvelope, orderSchema);
 */
export const ApiGatewayEnvelope = /* @__PURE__ */ definePayloadEnvelope('ApiGatewayEnvelope', httpBody);

/**
 * Unwraps an API Gateway HTTP API (v2) event: the `body` (base64-decoded when `isBase64Encoded`),
 * parsed as JSON (or text / bytes), goes to your schema.
 *
 * @example
 * const order = parse(event, ApiGatewayV2Envelope, orderSchema);
 */
export const ApiGatewayV2Envelope = /* @__PURE__ */ definePayloadEnvelope('ApiGatewayV2Envelope', httpBody);

/**
 * Unwraps a Lambda Function URL event (the API Gateway v2 shape): the `body` goes to your schema.
 *
 * @example
 * const order = parse(event, LambdaFunctionUrlEnvelope, orderSchema);
 */
export const LambdaFunctionUrlEnvelope = /* @__PURE__ */ definePayloadEnvelope(
  'LambdaFunctionUrlEnvelope',
  httpBody,
);

/**
 * Unwraps an Application Load Balancer event: the `body` (base64-decoded when `isBase64Encoded`) goes
 * to your schema.
 *
 * @example
 * const order = parse(event, AlbEnvelope, orderSchema);
 */
export const AlbEnvelope = /* @__PURE__ */ definePayloadEnvelope('AlbEnvelope', httpBody);

/**
 * Unwraps a VPC Lattice (v1) event: the `body` (base64-decoded when `is_base64_encoded`) goes to your
 * schema.
 *
 * @example
 * const order = parse(event, VpcLatticeEnvelope, orderSchema);
 */
export const VpcLatticeEnvelope = /* @__PURE__ */ definePayloadEnvelope('VpcLatticeEnvelope', {
  decode: (event, options) => decodeHttpBody(event, options, 'is_base64_encoded'),
  payloadPath: ['body'],
});

/**
 * Unwraps a VPC Lattice v2 event: the `body` (base64-decoded when `isBase64Encoded`) goes to your
 * schema.
 *
 * @example
 * const order = parse(event, VpcLatticeV2Envelope, orderSchema);
 */
export const VpcLatticeV2Envelope = /* @__PURE__ */ definePayloadEnvelope('VpcLatticeV2Envelope', httpBody);
