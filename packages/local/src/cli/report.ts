// How `lambkit-local invoke` prints what happened: one line per log line, EMF document and trace
// segment, then the response or the error.
import type { FunctionLine, XrayDocument } from '@lambkit/local';

interface EmfDirective {
  Namespace: string;
  Dimensions: string[][];
  Metrics: Array<{ Name: string }>;
}

function emfDirectives(json: unknown): EmfDirective[] | undefined {
  const aws = (json as { _aws?: { CloudWatchMetrics?: EmfDirective[] } } | undefined)?._aws;
  return Array.isArray(aws?.CloudWatchMetrics) ? aws.CloudWatchMetrics : undefined;
}

/**
 * One output line of the function: `metric` for an EMF document (namespace, dimensions, values),
 * `log` for a JSON log line, `output` for anything else.
 *
 * @example
 * describeLine({ text: 'hello', json: undefined, stream: 'stdout', at: 0 }); // 'output  hello'
 */
export function describeLine(line: FunctionLine): string {
  const json = line.json as Record<string, unknown> | undefined;
  const directives = emfDirectives(json);
  if (json !== undefined && directives !== undefined) {
    const names = directives.flatMap((directive) => directive.Metrics.map((metric) => metric.Name));
    const values = names.map((name) => `${name}=${JSON.stringify(json[name])}`).join(' ');
    const dimensions = [...new Set(directives.flatMap((directive) => directive.Dimensions.flat()))]
      .map((dimension) => `${dimension}=${String(json[dimension])}`)
      .join(' ');
    return `metric  ${directives[0]?.Namespace} [${dimensions}]: ${values}`;
  }
  if (json !== null && typeof json === 'object') return `log     ${line.text}`;
  return `output  ${line.text}`;
}

/**
 * The segments of one trace as an indented tree: name, duration, error flags, annotations.
 *
 * @example
 * describeTrace(daemon.documents); // ['trace   ## handler (3.2 ms)', 'trace     DynamoDB (1.1 ms)']
 */
export function describeTrace(documents: XrayDocument[]): string[] {
  const ids = new Set(documents.map((document) => document.id));
  const byStart = [...documents].sort((a, b) => a.start_time - b.start_time);
  const lines: string[] = [];
  const visit = (document: XrayDocument, depth: number): void => {
    const ms =
      document.end_time === undefined
        ? 'open'
        : `${((document.end_time - document.start_time) * 1000).toFixed(1)} ms`;
    const flags = (['error', 'fault', 'throttle'] as const).filter((flag) => document[flag]).join(' ');
    const notes = document.annotations ? ` ${JSON.stringify(document.annotations)}` : '';
    lines.push(`trace   ${'  '.repeat(depth)}${document.name} (${ms})${flags ? ` [${flags}]` : ''}${notes}`);
    for (const child of byStart) if (child.parent_id === document.id) visit(child, depth + 1);
  };
  for (const document of byStart)
    if (document.parent_id === undefined || !ids.has(document.parent_id)) visit(document, 0);
  return lines;
}

/**
 * The Root of an X-Ray trace header, the trace id its segments carry.
 *
 * @example
 * traceRoot('Root=1-5e1b4151-5ac6c58f;Parent=53995c3f42cd8ad8;Sampled=1'); // '1-5e1b4151-5ac6c58f'
 */
export function traceRoot(traceHeader: string | undefined): string | undefined {
  return /Root=([^;]+)/.exec(traceHeader ?? '')?.[1];
}
