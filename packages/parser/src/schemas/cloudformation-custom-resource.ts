import { z } from 'zod';

const CloudFormationCustomResourceBaseSchema = z.object({
  ServiceToken: z.string(),
  ResponseURL: z.url(),
  StackId: z.string(),
  RequestId: z.string(),
  LogicalResourceId: z.string(),
  ResourceType: z.string(),
  ResourceProperties: z.record(z.string(), z.any()),
});
/**
 * Zod schema for CloudFormation Custom Resource event with RequestType = 'Create'
 *
 * @example
 * CloudFormationCustomResourceCreateSchema.parse(event);
 */
export const CloudFormationCustomResourceCreateSchema = z.object({
  ...CloudFormationCustomResourceBaseSchema.shape,
  RequestType: z.literal('Create'),
});
/**
 * Zod schema for CloudFormation Custom Resource event with RequestType = 'Delete'
 *
 * @example
 * CloudFormationCustomResourceDeleteSchema.parse(event);
 */
export const CloudFormationCustomResourceDeleteSchema = z.object({
  ...CloudFormationCustomResourceBaseSchema.shape,
  RequestType: z.literal('Delete'),
});
/**
 * Zod schema for CloudFormation Custom Resource event with RequestType = 'Update'
 *
 * @example
 * CloudFormationCustomResourceUpdateSchema.parse(event);
 */
export const CloudFormationCustomResourceUpdateSchema = z.object({
  ...CloudFormationCustomResourceBaseSchema.shape,
  RequestType: z.literal('Update'),
  OldResourceProperties: z.record(z.string(), z.any()),
});
