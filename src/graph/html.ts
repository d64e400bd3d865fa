// The resource graph as one self-contained HTML page (no network, no library): the graph as JSON
// and a small script that lays it out in three columns (workloads with their containers, the
// resources they use, the stand-in services those add) and draws it as SVG. A person opens the
// file in a browser; every node is an element with `data-node` set to its id.
import { EDGE_TEXT, nodeLines } from './formats.js';
import type { ProjectGraph } from './model.js';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// The page's script, as plain browser JavaScript. It reads the graph from #graph-data.
const SCRIPT = String.raw`
(function () {
  var g = JSON.parse(document.getElementById('graph-data').textContent);
  var NS = 'http://www.w3.org/2000/svg';
  var W = 280, LINE = 18, PAD = 10, GAP = 26, COLGAP = 150;
  var cols = [[], [], []];
  var byId = {};
  g.nodes.forEach(function (n) { byId[n.id] = n; });
  g.nodes.forEach(function (n) {
    if (n.kind === 'workload') cols[0].push(n);
    if (n.kind === 'resource') cols[1].push(n);
    if (n.kind === 'service') cols[2].push(n);
  });
  var boxes = {};
  var height = 0;
  cols.forEach(function (col, ci) {
    var y = 60;
    col.forEach(function (n) {
      var lines = n.lines.length;
      var inner = n.kind === 'workload' ? g.nodes.filter(function (c) { return c.kind === 'container' && c.workload === n.name; }) : [];
      var h = PAD * 2 + lines * LINE + inner.reduce(function (s, c) { return s + PAD + c.lines.length * LINE + PAD; }, 0) + (inner.length ? PAD : 0);
      boxes[n.id] = { x: 20 + ci * (W + COLGAP), y: y, w: W, h: h, node: n };
      var cy = y + PAD + lines * LINE + PAD;
      inner.forEach(function (c) {
        var ch = c.lines.length * LINE + PAD;
        boxes[c.id] = { x: boxes[n.id].x + 14, y: cy, w: W - 28, h: ch, node: c };
        cy += ch + PAD;
      });
      y += h + GAP;
    });
    height = Math.max(height, y);
  });
  var svg = document.getElementById('graph');
  svg.setAttribute('width', String(20 + 3 * W + 2 * COLGAP + 20));
  svg.setAttribute('height', String(height + 20));
  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (parent || svg).appendChild(e);
    return e;
  }
  [['Workloads', 0], ['Resources', 1], ['Stand-in services', 2]].forEach(function (t) {
    var h = el('text', { x: 20 + t[1] * (W + COLGAP), y: 30, class: 'heading' });
    h.textContent = t[0];
  });
  var edgeLayer = el('g', { class: 'edges' });
  g.edges.forEach(function (e) {
    if (e.kind === 'contains') return;
    var a = boxes[e.from], b = boxes[e.to];
    if (!a || !b) return;
    var back = b.x <= a.x;
    var x1 = back ? a.x : a.x + a.w, y1 = a.y + a.h / 2;
    var x2 = back ? b.x : b.x, y2 = b.y + b.h / 2;
    if (back && b.x === a.x) { x1 = a.x + a.w; x2 = b.x + b.w; }
    var bend = back ? -60 : 60;
    var d = 'M' + x1 + ',' + y1 + ' C' + (x1 + bend) + ',' + y1 + ' ' + (x2 - bend) + ',' + y2 + ' ' + x2 + ',' + y2;
    if (back && b.x === a.x) d = 'M' + x1 + ',' + y1 + ' C' + (x1 + 50) + ',' + y1 + ' ' + (x2 + 50) + ',' + y2 + ' ' + x2 + ',' + y2;
    el('path', { d: d, class: 'edge ' + e.kind, 'marker-end': 'url(#arrow)', 'data-edge': e.from + '>' + e.to });
    var text = e.text;
    if (text) {
      var t = el('text', { x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 4, class: 'edge-label' }, edgeLayer);
      t.textContent = text;
    }
  });
  Object.keys(boxes).forEach(function (id) {
    var b = boxes[id], n = b.node;
    var group = el('g', { 'data-node': id, class: 'node ' + n.kind });
    el('rect', { x: b.x, y: b.y, width: b.w, height: b.h, rx: n.kind === 'resource' ? 14 : 6 }, group);
    n.lines.forEach(function (line, i) {
      var t = el('text', { x: b.x + PAD, y: b.y + PAD + (i + 1) * LINE - 4, class: i === 0 ? 'title' : 'detail' }, group);
      t.textContent = line;
    });
    var tip = el('title', {}, group);
    tip.textContent = n.lines.join('\n');
  });
  // For people nothing; for tests (and a quick check in devtools): how many nodes were drawn, and
  // how many lie wholly inside the picture with a size.
  var frame = svg.getBoundingClientRect(), visible = 0;
  Object.keys(boxes).forEach(function (id) {
    var r = document.querySelector('[data-node="' + id + '"]').getBoundingClientRect();
    if (r.width > 0 && r.height > 0 && r.left >= frame.left - 1 && r.right <= frame.right + 1 &&
        r.top >= frame.top - 1 && r.bottom <= frame.bottom + 1) visible++;
  });
  document.body.setAttribute('data-rendered', String(Object.keys(boxes).length));
  document.body.setAttribute('data-visible', String(visible));
})();
`;

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 24px; color: #1f2328; background: #fff; }
h1 { font-size: 20px; margin: 0 0 4px; }
p.legend { color: #57606a; margin: 0 0 16px; font-size: 13px; }
svg text { font-size: 13px; }
svg .heading { font-weight: 600; font-size: 15px; fill: #57606a; }
.node rect { stroke-width: 1.5; }
.node.workload > rect { fill: #f6f8fa; stroke: #57606a; }
.node.container > rect { fill: #fff; stroke: #8c959f; }
.node.resource > rect { fill: #ddf4ff; stroke: #0969da; }
.node.service > rect { fill: #fff8c5; stroke: #9a6700; }
.node .title { font-weight: 600; }
.node .detail { fill: #57606a; font-size: 12px; }
.edge { fill: none; stroke: #8c959f; stroke-width: 1.5; }
.edge.uses { stroke: #0969da; }
.edge.adds-service, .edge.before { stroke-dasharray: 5 4; }
.edge-label { font-size: 11px; fill: #57606a; text-anchor: middle; }
`;

/** The page for `graph`; the data is embedded, so the file works anywhere. */
export function toHtml(graph: ProjectGraph): string {
  const data = {
    nodes: graph.nodes.map((n) => ({ ...n, lines: nodeLines(n) })),
    edges: graph.edges.map((e) => ({
      ...e,
      text: e.label === undefined ? EDGE_TEXT[e.kind] : `${EDGE_TEXT[e.kind]} ${e.label}`.trim(),
    })),
  };
  // In a <script> element only `</` could end it early: written as `<\/`, which JSON reads the same.
  const json = JSON.stringify(data).replace(/<\//g, '<\\/');
  const counts = ['workload', 'resource', 'service'].map((k) => graph.nodes.filter((n) => n.kind === k).length);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(graph.project)}: resource graph</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(graph.project)}: resource graph</h1>
<p class="legend">${counts[0]} workloads, ${counts[1]} resources, ${counts[2]} stand-in services. Solid arrows: a workload uses a resource, a resource reads another's outputs or refers to a workload; dashed: services a resource adds, container start order.</p>
<svg id="graph" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="resource graph">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#8c959f"/></marker></defs>
</svg>
<script type="application/json" id="graph-data">${json}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
