/**
 * What a segment or subsegment of aws-xray-sdk-core offers: the shape `tracer.getSegment()` returns
 * and `tracer.setSegment()` takes. It is declared here rather than imported from the SDK, so the
 * published types check in a project that has not installed the optional aws-xray-sdk-core; the
 * SDK's Segment and Subsegment both fit it.
 *
 * @example
 * const segment: SegmentLike | undefined = tracer.getSegment();
 */
export interface SegmentLike {
  id: string;
  name: string;
  start_time: number;
  end_time?: number;
  in_progress?: boolean;
  /** The trace id: set on a segment, not on a subsegment (read `subsegment.segment.trace_id`). */
  trace_id?: string;
  parent_id?: string;
  notTraced?: boolean;
  subsegments?: SubsegmentLike[];
  addNewSubsegment(name: string): SubsegmentLike;
  addNewSubsegmentWithoutSampling(name: string): SubsegmentLike;
  addSubsegment(subsegment: SubsegmentLike): void;
  addSubsegmentWithoutSampling(subsegment: SubsegmentLike): void;
  removeSubsegment(subsegment: SubsegmentLike): void;
  addAnnotation(key: string, value: boolean | string | number): void;
  addMetadata(key: string, value: unknown, namespace?: string): void;
  addError(error: Error | string, remote?: boolean): void;
  addErrorFlag(): void;
  addFaultFlag(): void;
  addThrottleFlag(): void;
  incrementCounter(additional?: number): void;
  decrementCounter(): void;
  isClosed(): boolean;
  close(error?: Error | string | null, remote?: boolean): void;
  flush(): void;
  format(): string;
  toString(): string;
}

/**
 * A subsegment of aws-xray-sdk-core, as `segment.addNewSubsegment()` returns it.
 *
 * @example
 * const subsegment: SubsegmentLike = tracer.getSegment()!.addNewSubsegment('### charge');
 * subsegment.close();
 */
export interface SubsegmentLike extends SegmentLike {
  namespace?: string;
  /** The segment or subsegment it was opened under, as in Powertools' `tracer.setSegment(subsegment.parent)`. */
  parent: SegmentLike;
  /** The segment at the root of its trace. */
  segment: SegmentLike;
  addAttribute(name: string, data: unknown): void;
  addPrecursorId(id: string): void;
  addSqlData(sqlData: unknown): void;
  streamSubsegments(): true | undefined;
  toJSON(): { [key: string]: unknown };
}

function ignore(): void {}

function neverClosed(): boolean {
  return false;
}

function sameDummy(): SubsegmentLike {
  return dummySegment;
}

function notStreamed(): undefined {
  return undefined;
}

function dummyName(): string {
  return dummySegment.name;
}

function dummyJson(): { [key: string]: unknown } {
  return { id: dummySegment.id, name: dummySegment.name };
}

/**
 * What `getSegment()` returns when tracing is off, as Powertools' "## Dummy segment": hand-written
 * instrumentation (`getSegment().addNewSubsegment(...)`, `close()`) runs unchanged and records
 * nothing, without loading aws-xray-sdk-core to build a real one. Its subsegments, parent and root
 * segment are itself.
 *
 * @example
 * tracer.getSegment(); // dummySegment when tracing is off
 */
export const dummySegment: SubsegmentLike = {
  id: '0000000000000000',
  name: '## Dummy segment',
  start_time: 0,
  notTraced: true,
  get parent(): SubsegmentLike {
    return dummySegment;
  },
  get segment(): SubsegmentLike {
    return dummySegment;
  },
  addNewSubsegment: sameDummy,
  addNewSubsegmentWithoutSampling: sameDummy,
  addSubsegment: ignore,
  addSubsegmentWithoutSampling: ignore,
  removeSubsegment: ignore,
  addAnnotation: ignore,
  addMetadata: ignore,
  addAttribute: ignore,
  addPrecursorId: ignore,
  addSqlData: ignore,
  addError: ignore,
  addErrorFlag: ignore,
  addFaultFlag: ignore,
  addThrottleFlag: ignore,
  incrementCounter: ignore,
  decrementCounter: ignore,
  isClosed: neverClosed,
  close: ignore,
  flush: ignore,
  streamSubsegments: notStreamed,
  format: dummyName,
  toString: dummyName,
  toJSON: dummyJson,
};
