import { z } from 'zod';
/**
 * A zod schema for an API Gateway Certificate
 *
 * @example
 * APIGatewayCert.parse(event);
 */
export const APIGatewayCert = z.object({
  clientCertPem: z.string(),
  subjectDN: z.string(),
  issuerDN: z.string(),
  serialNumber: z.string(),
  validity: z.object({
    notBefore: z.string(),
    notAfter: z.string(),
  }),
});
/**
 * A zod schema for an object with string keys and string values
 *
 * @example
 * APIGatewayRecord.parse(event);
 */
export const APIGatewayRecord = z.record(z.string(), z.string());
/**
 * A zod schema for an array of strings
 *
 * @example
 * APIGatewayStringArray.parse(event);
 */
export const APIGatewayStringArray = z.array(z.string());
/**
 * A zod schema for API Gateway HTTP methods
 *
 * @example
 * APIGatewayHttpMethod.parse(event);
 */
export const APIGatewayHttpMethod = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
