export {
  describeType,
  formatPath,
  ParseError,
  type ParseErrorOptions,
  type ParseIssue,
  type PathSegment,
} from './errors.js';
export {
  type AttributeValue,
  MAX_UNMARSHALL_DEPTH,
  type UnmarshallOptions,
  unmarshall,
  unmarshallValue,
} from './unmarshall.js';
