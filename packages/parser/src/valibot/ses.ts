import * as v from 'valibot';

const verdict = v.object({ status: v.picklist(['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'DISABLED']) });

const action = v.variant('type', [
  v.object({
    type: v.literal('S3'),
    topicArn: v.optional(v.string()),
    bucketName: v.string(),
    objectKey: v.string(),
  }),
  v.object({ type: v.literal('SNS'), topicArn: v.string() }),
  v.object({
    type: v.literal('Bounce'),
    topicArn: v.optional(v.string()),
    smtpReplyCode: v.string(),
    statusCode: v.string(),
    message: v.string(),
    sender: v.string(),
  }),
  v.object({
    type: v.literal('Lambda'),
    topicArn: v.optional(v.string()),
    functionArn: v.string(),
    invocationType: v.string(),
  }),
  v.object({ type: v.literal('Stop'), topicArn: v.optional(v.string()) }),
  v.object({ type: v.literal('WorkMail'), topicArn: v.optional(v.string()), organizationArn: v.string() }),
]);

const addresses = v.optional(v.array(v.string()));

/**
 * One record of an SES receipt event (`SESEventRecord`).
 *
 * @example
 * v.parse(SesRecordSchema, event.Records[0]);
 */
export const SesRecordSchema = v.object({
  eventSource: v.literal('aws:ses'),
  eventVersion: v.string(),
  ses: v.object({
    mail: v.object({
      timestamp: v.string(),
      source: v.string(),
      messageId: v.string(),
      destination: v.array(v.string()),
      headersTruncated: v.boolean(),
      headers: v.array(v.object({ name: v.string(), value: v.string() })),
      commonHeaders: v.object({
        returnPath: v.string(),
        from: addresses,
        date: v.string(),
        to: addresses,
        cc: addresses,
        bcc: addresses,
        sender: addresses,
        replyTo: addresses,
        messageId: v.string(),
        subject: v.optional(v.string()),
      }),
    }),
    receipt: v.object({
      timestamp: v.string(),
      processingTimeMillis: v.number(),
      recipients: v.array(v.string()),
      spamVerdict: verdict,
      virusVerdict: verdict,
      spfVerdict: verdict,
      dkimVerdict: verdict,
      dmarcVerdict: verdict,
      dmarcPolicy: v.optional(v.picklist(['none', 'quarantine', 'reject'])),
      action,
    }),
  }),
});

/**
 * An SES receipt rule event (`SESEvent`).
 *
 * @example
 * const event = parse(input, undefined, SesSchema);
 */
export const SesSchema = v.object({ Records: v.array(SesRecordSchema) });
