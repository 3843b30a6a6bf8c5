// Cached document pieces. Writing a string that was built by concatenation makes V8 flatten it,
// and flattening costs about 35 ns per piece here (bench/, 40 pieces: ~1.4 us, more than the
// whole JSON.stringify of the document). Invocations usually add the same metrics under the same
// dimensions, so the pieces that depend only on those (the directive with its Dimensions and
// Metrics arrays, the dimension members) are kept as flat strings in two small tries: one step
// per metric or dimension added, a Map lookup each. A document then has about 2 pieces per
// metric value plus 4, instead of about 6 per metric. bench/budgets.mjs holds ten addMetric + one
// flush to at most 0.9x the piece-by-piece path (0.64x measured, CPU time, Node 20).
import type { DimensionEntry } from './dimension-entry.js';
import type { MetricShape } from './metric-shape.js';

/** Nodes per trie; past it, documents are built piece by piece as before (same output). */
const NODE_LIMIT = 512;
/** Directive heads kept per definitions node (one per dimension node seen with it). */
const HEADS_PER_NODE = 16;

/** Flattens a concatenated string in place (V8 does so on character access), so it is one piece. */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

/**
 * The metrics added so far, in order, with their definitions as one piece:
 * `{"Name":"a","Unit":"Count"},{...}`. Children are keyed by metric name, so that the next step
 * also finds the metric's shape.
 */
export interface DefinitionNode {
  /** The shape of the last metric added (undefined at the root). */
  readonly shape: MetricShape | undefined;
  readonly definitions: string;
  children: Map<string, DefinitionNode> | undefined;
  heads: Map<DimensionNode, string> | undefined;
  readonly budget: { nodes: number };
}

/** The dimensions added so far (after the defaults), as their Dimensions array and members. */
export interface DimensionNode {
  /** `"service","region"` */
  readonly names: string;
  /** `[["service","region"]]` */
  readonly sets: string;
  /** `,"service":"orders","region":"eu-west-1"` */
  readonly members: string;
  /** What comes between the timestamp and `"Dimensions"`'s value. */
  readonly afterTimestamp: string;
  children: Map<DimensionEntry, DimensionNode> | undefined;
  readonly budget: { nodes: number };
}

/**
 * The root of a definitions trie (one per Metrics instance).
 *
 * @example
 * const root = definitionRoot();
 */
export function definitionRoot(): DefinitionNode {
  return {
    shape: undefined,
    definitions: '',
    children: undefined,
    heads: undefined,
    budget: { nodes: 0 },
  };
}

/**
 * The node after adding a metric of `shape`; undefined when the trie is full.
 *
 * @example
 * node = nextDefinition(node, shape);
 */
export function nextDefinition(node: DefinitionNode, shape: MetricShape): DefinitionNode | undefined {
  let child = node.children?.get(shape.name);
  if (child !== undefined && child.shape === shape) return child;
  if (node.budget.nodes >= NODE_LIMIT) return undefined;
  node.budget.nodes++;
  child = {
    shape,
    definitions: flat(node.definitions === '' ? shape.definition : `${node.definitions},${shape.definition}`),
    children: undefined,
    heads: undefined,
    budget: node.budget,
  };
  (node.children ??= new Map()).set(shape.name, child);
  return child;
}

/**
 * The root of a dimensions trie: the default dimensions alone (one per configuration).
 *
 * @example
 * const root = dimensionRoot(afterTimestamp, '"service"', ',"service":"orders"');
 */
export function dimensionRoot(afterTimestamp: string, names: string, members: string): DimensionNode {
  return {
    names,
    sets: `[[${names}]]`,
    members,
    afterTimestamp,
    children: undefined,
    budget: { nodes: 0 },
  };
}

/**
 * The node after adding the dimension `entry` (not a default one); undefined when the trie is full.
 *
 * @example
 * node = nextDimension(node, entry);
 */
export function nextDimension(node: DimensionNode, entry: DimensionEntry): DimensionNode | undefined {
  let child = node.children?.get(entry);
  if (child !== undefined) return child;
  if (node.budget.nodes >= NODE_LIMIT) return undefined;
  node.budget.nodes++;
  const names = node.names === '' ? entry.quoted : `${node.names},${entry.quoted}`;
  child = {
    names,
    sets: flat(`[[${names}]]`),
    members: flat(node.members + entry.member),
    afterTimestamp: node.afterTimestamp,
    children: undefined,
    budget: node.budget,
  };
  (node.children ??= new Map()).set(entry, child);
  return child;
}

/**
 * Everything after the timestamp up to the metric values, as one flat piece:
 * `,"CloudWatchMetrics":[{"Namespace":..,"Dimensions":..,"Metrics":[..]}]}` and the dimension members.
 *
 * @example
 * const document = `{"_aws":{"Timestamp":${ts}${directiveHead(definitions, dimensions)}${values}}\n`;
 */
export function directiveHead(definitions: DefinitionNode, dimensions: DimensionNode): string {
  let head = definitions.heads?.get(dimensions);
  if (head !== undefined) return head;
  head = flat(
    `${dimensions.afterTimestamp}${dimensions.sets},"Metrics":[${definitions.definitions}]}]}${dimensions.members}`,
  );
  if ((definitions.heads ??= new Map()).size < HEADS_PER_NODE) definitions.heads.set(dimensions, head);
  return head;
}
