export { EventFactoryError } from './merge.js';
export { createSqsEvent, md5OfMessageAttributes, type SqsEventOptions } from './sqs.js';
