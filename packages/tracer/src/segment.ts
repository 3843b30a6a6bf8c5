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
  notTraced?: boolean;
  addNewSubsegment(name: string): SubsegmentLike;
  addNewSubsegmentWithoutSampling(name: string): SubsegmentLike;
  addAnnotation(key: string, value: boolean | string | number): void;
  addMetadata(key: string, value: unknown, namespace?: string): void;
  addError(error: Error | string, remote?: boolean): void;
  addErrorFlag(): void;
  addFaultFlag(): void;
  addThrottleFlag(): void;
  isClosed(): boolean;
  close(error?: Error | string | null, remote?: boolean): void;
  flush(): void;
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
  addAttribute(name: string, data: unknown): void;
}

function ignore(): void {}

function neverClosed(): boolean {
  return false;
}

function sameDummy(): SubsegmentLike {
  return dummySegment;
}

/**
 * What `getSegment()` returns when tracing is off, as Powertools' "## Dummy segment": hand-written
 * instrumentation (`getSegment().addNewSubsegment(...)`, `close()`) runs unchanged and records
 * nothing, without loading aws-xray-sdk-core to build a real one. Its subsegments are itself.
 *
 * @example
 * tracer.getSegment(); // dummySegment when tracing is off
 */
export const dummySegment: SubsegmentLike = {
  id: '0000000000000000',
  name: '## Dummy segment',
  notTraced: true,
  addNewSubsegment: sameDummy,
  addNewSubsegmentWithoutSampling: sameDummy,
  addAnnotation: ignore,
  addMetadata: ignore,
  addAttribute: ignore,
  addError: ignore,
  addErrorFlag: ignore,
  addFaultFlag: ignore,
  addThrottleFlag: ignore,
  isClosed: neverClosed,
  close: ignore,
  flush: ignore,
};
