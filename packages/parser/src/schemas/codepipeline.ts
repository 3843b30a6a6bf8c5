import { z } from 'zod';

const ArtifactSchema = z.object({
  name: z.string(),
  revision: z.string().nullable(),
  location: z.object({
    type: z.literal('S3'),
    s3Location: z.object({ bucketName: z.string(), objectKey: z.string() }),
  }),
});

/**
 * Zod schema for a CodePipeline job event (a Lambda invoke action). `UserParameters` stays the string
 * the pipeline holds (the CodePipelineEnvelope parses it); the artifact credentials are secrets and
 * never appear in a ParseError.
 *
 * @example
 * const job = CodePipelineJobEventSchema.parse(event)['CodePipeline.job'];
 */
export const CodePipelineJobEventSchema = z.object({
  'CodePipeline.job': z.object({
    id: z.string(),
    accountId: z.string(),
    data: z.object({
      actionConfiguration: z.object({
        configuration: z.object({
          FunctionName: z.string(),
          UserParameters: z.string().optional(),
        }),
      }),
      inputArtifacts: z.array(ArtifactSchema),
      outputArtifacts: z.array(ArtifactSchema),
      artifactCredentials: z.object({
        accessKeyId: z.string(),
        secretAccessKey: z.string(),
        sessionToken: z.string().optional(),
        expirationTime: z.number().optional(),
      }),
      encryptionKey: z.object({ id: z.string(), type: z.string() }).optional(),
      continuationToken: z.string().optional(),
    }),
  }),
});
