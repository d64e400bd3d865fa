// The resource graph as text: mermaid (renders in GitHub and GitLab markdown), Graphviz dot, and
// JSON for scripts. Workloads are drawn as boxes holding their containers.
import type { EdgeKind, GraphNode, ProjectGraph } from './model.js';

/** How each edge kind is labelled when the edge has no label of its own. */
export const EDGE_TEXT: Record<EdgeKind, string> = {
  contains: '',
  uses: 'uses',
  'reads-outputs-of': 'reads outputs of',
  'adds-service': 'adds service',
  before: 'before',
  'refers-to': 'refers to',
};

/** The text shown in a node. */
export function nodeLines(node: GraphNode): string[] {
  switch (node.kind) {
    case 'workload':
      return [node.name, ...(node.file === undefined ? [] : [node.file])];
    case 'container':
      return [node.name, node.image];
    case 'resource':
      return [
        `${node.type}${node.class === 'default' ? '' : ` (${node.class})`}`,
        node.shared ? `shared id: ${node.resourceId}` : node.resourceId,
        ...(node.provisioner === undefined ? [] : [node.provisioner]),
      ];
    case 'service':
      return [node.name, ...(node.image === undefined ? [] : [node.image])];
  }
}

const edgeText = (kind: EdgeKind, label?: string) =>
  label === undefined ? EDGE_TEXT[kind] : `${EDGE_TEXT[kind]}${EDGE_TEXT[kind] === '' ? '' : ' '}${label}`;

/** Mermaid text is HTML-ish: quotes and angle brackets as entities. */
const mermaidText = (s: string) => s.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');

export function toMermaid(graph: ProjectGraph): string {
  const out = ['flowchart LR'];
  const label = (n: GraphNode) => nodeLines(n).map(mermaidText).join('<br/>');
  for (const w of graph.nodes.filter((n) => n.kind === 'workload')) {
    out.push(`  subgraph ${w.id}["${label(w)}"]`);
    for (const c of graph.nodes.filter((n) => n.kind === 'container' && n.workload === w.name)) {
      out.push(`    ${c.id}["${label(c)}"]`);
    }
    out.push('  end');
  }
  for (const r of graph.nodes.filter((n) => n.kind === 'resource')) out.push(`  ${r.id}(["${label(r)}"])`);
  for (const s of graph.nodes.filter((n) => n.kind === 'service')) out.push(`  ${s.id}[("${label(s)}")]`);
  for (const e of graph.edges.filter((x) => x.kind !== 'contains')) {
    const text = edgeText(e.kind, e.label);
    const arrow = e.kind === 'adds-service' || e.kind === 'before' ? '-.->' : '-->';
    out.push(`  ${e.from} ${arrow}${text === '' ? '' : `|"${mermaidText(text)}"|`} ${e.to}`);
  }
  return `${out.join('\n')}\n`;
}

const dotText = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

export function toDot(graph: ProjectGraph): string {
  const out = [`digraph "${dotText(graph.project)}" {`, '  rankdir=LR;', '  node [fontname="sans-serif"];'];
  const label = (n: GraphNode) => nodeLines(n).map(dotText).join('\\n');
  for (const w of graph.nodes.filter((n) => n.kind === 'workload')) {
    out.push(`  subgraph cluster_${w.id} {`, `    label="${label(w)}";`, '    style=rounded;');
    for (const c of graph.nodes.filter((n) => n.kind === 'container' && n.workload === w.name)) {
      out.push(`    ${c.id} [label="${label(c)}", shape=box];`);
    }
    out.push('  }');
  }
  for (const r of graph.nodes.filter((n) => n.kind === 'resource'))
    out.push(`  ${r.id} [label="${label(r)}", shape=box, style="rounded,filled", fillcolor="#e8f0fe"];`);
  for (const s of graph.nodes.filter((n) => n.kind === 'service'))
    out.push(`  ${s.id} [label="${label(s)}", shape=cylinder];`);
  // An edge from a workload leaves its first container (a cluster is not a node in dot).
  const anchor = (id: string) => graph.edges.find((e) => e.kind === 'contains' && e.from === id)?.to ?? id;
  for (const e of graph.edges.filter((x) => x.kind !== 'contains')) {
    const text = edgeText(e.kind, e.label);
    const attrs = [
      ...(text === '' ? [] : [`label="${dotText(text)}"`]),
      ...(e.kind === 'adds-service' || e.kind === 'before' ? ['style=dashed'] : []),
    ];
    out.push(`  ${anchor(e.from)} -> ${anchor(e.to)}${attrs.length === 0 ? '' : ` [${attrs.join(', ')}]`};`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

export function toJson(graph: ProjectGraph): string {
  return `${JSON.stringify(graph, null, 2)}\n`;
}
