import * as v from 'valibot';

const ResourcePropertiesSchema = v.looseObject({
  ServiceToken: v.string(),
  ServiceTimeout: v.optional(v.string()),
});

const common = {
  ServiceToken: v.string(),
  ResponseURL: v.string(),
  StackId: v.string(),
  RequestId: v.string(),
  LogicalResourceId: v.string(),
  ResourceType: v.string(),
  ResourceProperties: ResourcePropertiesSchema,
};

/**
 * A CloudFormation custom resource Create request (`CloudFormationCustomResourceCreateEvent`).
 *
 * @example
 * const event = parse(input, undefined, CloudFormationCustomResourceCreateSchema);
 */
export const CloudFormationCustomResourceCreateSchema = v.object({
  ...common,
  RequestType: v.literal('Create'),
});

/**
 * A CloudFormation custom resource Update request (`CloudFormationCustomResourceUpdateEvent`).
 *
 * @example
 * const event = parse(input, undefined, CloudFormationCustomResourceUpdateSchema);
 */
export const CloudFormationCustomResourceUpdateSchema = v.object({
  ...common,
  RequestType: v.literal('Update'),
  PhysicalResourceId: v.string(),
  OldResourceProperties: ResourcePropertiesSchema,
});

/**
 * A CloudFormation custom resource Delete request (`CloudFormationCustomResourceDeleteEvent`).
 *
 * @example
 * const event = parse(input, undefined, CloudFormationCustomResourceDeleteSchema);
 */
export const CloudFormationCustomResourceDeleteSchema = v.object({
  ...common,
  RequestType: v.literal('Delete'),
  PhysicalResourceId: v.string(),
});

/**
 * Any CloudFormation custom resource request, told apart by `RequestType`.
 *
 * @example
 * const event = parse(input, undefined, CloudFormationCustomResourceSchema);
 * if (event.RequestType === 'Update') event.OldResourceProperties;
 */
export const CloudFormationCustomResourceSchema = v.variant('RequestType', [
  CloudFormationCustomResourceCreateSchema,
  CloudFormationCustomResourceUpdateSchema,
  CloudFormationCustomResourceDeleteSchema,
]);
