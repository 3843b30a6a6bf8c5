import { relocate } from './envelope.js';
import { decodeTextAt, expectObject, stringField } from './fields.js';
import { definePayloadEnvelope } from './records.js';

const JOB = 'CodePipeline.job';
const CONFIGURATION_PATH = [JOB, 'data', 'actionConfiguration', 'configuration'];
const USER_PARAMETERS = ['UserParameters'];

/**
 * Unwraps a CodePipeline job event (a Lambda invoke action): the action's `UserParameters` string is
 * parsed as JSON (or given as text with `payload: 'text'`) for your schema. The event also carries the
 * job's temporary credentials; they never appear in a ParseError.
 *
 * @example
 * const params = parse(event, CodePipelineEnvelope, z.object({ stage: z.string() }));
 */
export const CodePipelineEnvelope = /* @__PURE__ */ definePayloadEnvelope('CodePipelineEnvelope', {
  decode(event, options) {
    let object = expectObject(event);
    const path: string[] = [];
    for (const key of CONFIGURATION_PATH) {
      path.push(key);
      object = expectObject(object[key], path);
    }
    try {
      return decodeTextAt(stringField(object, 'UserParameters'), options, USER_PARAMETERS);
    } catch (error) {
      throw relocate(error, CONFIGURATION_PATH);
    }
  },
  payloadPath: [...CONFIGURATION_PATH, ...USER_PARAMETERS],
});
