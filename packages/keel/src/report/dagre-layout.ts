import * as dagre from '@dagrejs/dagre';

// @dagrejs/dagre's own declarations import their siblings without file extensions, which TypeScript cannot resolve
// under `nodenext`: its types arrive as `any`. The part of its API the report uses is typed here instead.

export interface LayoutGraph {
  setGraph(label: LayoutSettings): void;
  setNode(id: string, label: { width: number; height: number }): void;
  setEdge(from: string, to: string, label: LayoutEdgeLabel, name: string): void;
  node(id: string): LaidNode | undefined;
  edge(edge: { v: string; w: string; name: string }): LaidEdge | undefined;
  graph(): { width?: number; height?: number };
}

export interface LayoutSettings {
  readonly rankdir: 'LR' | 'RL' | 'TB' | 'BT';
  readonly nodesep: number;
  readonly ranksep: number;
  readonly edgesep: number;
  readonly marginx: number;
  readonly marginy: number;
}

export interface LayoutEdgeLabel {
  readonly width: number;
  readonly height: number;
  readonly labelpos: 'c';
  readonly minlen: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface LaidNode {
  readonly x?: number;
  readonly y?: number;
}

export interface LaidEdge {
  readonly points?: readonly Point[];
  readonly x?: number;
  readonly y?: number;
  readonly width?: number;
  readonly height?: number;
}

/** A multigraph (two arrows may join the same boxes) for dagre to lay out. */
export function createLayoutGraph(): LayoutGraph {
  const Graph = dagre.Graph as unknown as new (options: { multigraph: boolean }) => LayoutGraph;
  return new Graph({ multigraph: true });
}

/** Dagre's layered layout: sets x and y on every node and the points of every edge. */
export function layoutGraph(graph: LayoutGraph): void {
  (dagre.layout as unknown as (graph: LayoutGraph) => void)(graph);
}
