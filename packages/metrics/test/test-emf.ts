// Test helpers: run code with stdout captured and check every EMF document it wrote against the
// specification: the JSON schema of the specification page (kept in __fixtures__/emf-schema.json)
// plus the rules a schema cannot express (target members, value arrays, document size).
import type { LambdaContext } from '@lambkit/core';
import { captureOutput, createContext } from '@lambkit/testing';
import { Ajv } from 'ajv';
import schema from '../src/__fixtures__/emf-schema.json' with { type: 'json' };

const MAX_DOCUMENT_BYTES = 1_048_576;
const MAX_VALUES_PER_METRIC = 100;

const validateSchema = new Ajv({ strict: false, allErrors: true }).compile(schema);

/** Throws, with the reasons, when a document breaks the EMF specification. */
export function assertValidEmf(document: any, line?: string): void {
  const problems: string[] = [];
  if (!validateSchema(document)) {
    for (const error of validateSchema.errors ?? []) problems.push(`${error.instancePath} ${error.message}`);
  }
  const bytes = Buffer.byteLength(line ?? JSON.stringify(document));
  if (bytes > MAX_DOCUMENT_BYTES) problems.push(`document is ${bytes} bytes, over ${MAX_DOCUMENT_BYTES}`);
  for (const directive of document?._aws?.CloudWatchMetrics ?? []) {
    for (const set of directive.Dimensions ?? []) {
      for (const name of set) {
        if (typeof document[name] !== 'string') problems.push(`dimension target "${name}" is not a string`);
      }
    }
    for (const { Name } of directive.Metrics ?? []) {
      const target = document[Name];
      const values = Array.isArray(target) ? target : [target];
      if (values.length === 0 || values.length > MAX_VALUES_PER_METRIC) {
        problems.push(`metric target "${Name}" has ${values.length} values`);
      }
      if (!values.every((value) => typeof value === 'number' && Number.isFinite(value))) {
        problems.push(`metric target "${Name}" is not a number or an array of numbers`);
      }
    }
  }
  if (problems.length > 0) {
    throw new Error(`invalid EMF document:\n  ${problems.join('\n  ')}\n${line ?? JSON.stringify(document)}`);
  }
}

/** What `captureEmf` saw: the EMF documents (each validated), the rest of stdout, and stderr. */
export interface CapturedEmf<T> {
  result: T | undefined;
  error: unknown;
  documents: any[];
  /** stdout lines that are not EMF documents. */
  otherStdout: any[];
  /** What each stderr line says: a warning line's message, else the line's text. */
  stderr: any[];
  /** The stderr lines, parsed (a warning line: level, message, timestamp, service, package, code). */
  warnings: any[];
}

/** What a stderr line says: the message of lambkit's warning line, else the text as written. */
function said(line: { text: string; json: any }): any {
  return typeof line.json?.message === 'string' && typeof line.json.code === 'string'
    ? line.json.message
    : line.text;
}

/**
 * Runs `fn` with stdout and stderr captured; every stdout line that is an EMF document is checked
 * with `assertValidEmf` (a broken one fails the test).
 */
export async function captureEmf<T>(fn: () => T | Promise<T>): Promise<CapturedEmf<T>> {
  const captured = await captureOutput(fn);
  const documents: any[] = [];
  const otherStdout: any[] = [];
  for (const line of captured.stdoutLines) {
    if (line.json !== undefined && typeof line.json === 'object' && '_aws' in line.json) {
      assertValidEmf(line.json, line.text);
      documents.push(line.json);
    } else {
      otherStdout.push(line.json ?? line.text);
    }
  }
  return {
    result: captured.result,
    error: captured.error,
    documents,
    otherStdout,
    stderr: captured.stderrLines.map(said),
    warnings: captured.stderr,
  };
}

/** A document without its timestamp, to compare documents written at different times. */
export function withoutTimestamp(document: any): any {
  const { _aws, ...members } = document;
  const { Timestamp: _timestamp, ...aws } = _aws;
  return { _aws: aws, ...members };
}

/** Environment variables a test sets, restored afterwards. */
export function setEnv(values: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  const apply = (entries: Record<string, string | undefined>): void => {
    for (const [key, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(values);
  return () => apply(saved);
}

/** Invokes a middy handler the way Lambda does, with a context whose deadline counts down. */
export function invoke(
  handler: (event: any, context: any) => Promise<unknown>,
  event: unknown = {},
  context: LambdaContext = createContext(),
): Promise<any> {
  return handler(event, context);
}
