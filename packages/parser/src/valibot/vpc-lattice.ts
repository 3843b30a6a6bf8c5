import * as v from 'valibot';
import { StringMapSchema } from './shared.js';

/**
 * A VPC Lattice event, version 1 (snake_case fields). The VpcLatticeEnvelope parses its body.
 *
 * @example
 * const event = parse(input, undefined, VpcLatticeSchema);
 */
export const VpcLatticeSchema = v.object({
  method: v.string(),
  raw_path: v.string(),
  body: v.optional(v.nullable(v.string())),
  is_base64_encoded: v.boolean(),
  headers: StringMapSchema,
  query_string_parameters: v.optional(StringMapSchema),
});

const multiValue = v.record(v.string(), v.union([v.array(v.string()), v.string()]));

/**
 * A VPC Lattice event, version 2 (headers and query parameters as lists). The VpcLatticeV2Envelope
 * parses its body.
 *
 * @example
 * const event = parse(input, undefined, VpcLatticeV2Schema);
 */
export const VpcLatticeV2Schema = v.object({
  version: v.string(),
  path: v.string(),
  method: v.string(),
  headers: multiValue,
  queryStringParameters: v.optional(multiValue),
  body: v.optional(v.nullable(v.string())),
  isBase64Encoded: v.optional(v.boolean()),
  requestContext: v.object({
    serviceNetworkArn: v.string(),
    serviceArn: v.string(),
    targetGroupArn: v.string(),
    region: v.string(),
    timeEpoch: v.string(),
    identity: v.optional(
      v.object({
        sourceVpcArn: v.optional(v.string()),
        type: v.optional(v.string()),
        principal: v.optional(v.string()),
        principalOrgID: v.optional(v.string()),
        sessionName: v.optional(v.string()),
        X509SubjectCn: v.optional(v.string()),
        X509IssuerOu: v.optional(v.string()),
        x509SanDns: v.optional(v.string()),
        x509SanUri: v.optional(v.string()),
        X509SanNameCn: v.optional(v.string()),
      }),
    ),
  }),
});
