// The page of entgraph's HTML export. It reads the graph (entgraph's node-link
// JSON) from the #graph-data element, lays it out (layout.js), draws it with
// Cytoscape.js, and wires the controls: legend and type filter, search, minimum
// weight, date range, hover, and the details of a clicked node or edge.
//
// Fields it uses when the JSON has them, and how it does without:
// - `links` (or `edges`) for the edges;
// - a top-level `documents` table (`id`, `date`, `title`, `url`) and `doc_ids`
//   on nodes and edges: documents are listed by title, date and link, and the
//   date slider follows the documents' dates; without them documents are shown
//   by their ids and dates come from `first_seen`/`last_seen`;
// - evidence offsets `source_utf16`/`target_utf16` (with `start_utf16`) for
//   marking names in a sentence; else code points when those are given, else the
//   UTF-8 byte offsets `source`/`target`/`start` of older files;
// - node attributes `community`, `degree`, `weighted_degree`, `pagerank`.
//
// window.entgraph exposes the Cytoscape instance (`cy`), the data, `fit()` and
// `ready` (true once the layout is drawn) for scripts and tests.

/* global cytoscape, ForceAtlas2, removeOverlaps, packComponents, landscape */
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const data = JSON.parse($('graph-data').textContent);
  const meta = data.graph || {};
  const nodes = data.nodes || [];
  const edges = data.links || data.edges || [];
  const documents = new Map();
  for (const d of data.documents || []) documents.set(String(d.id), d);
  // Milliseconds from the start of this script to each stage, for benchmarks.
  const t0 = performance.now();
  const api = { ready: false, cy: null, data, timings: {} };
  const mark = (stage) => { api.timings[stage] = Math.round(performance.now() - t0); };
  window.entgraph = api;

  // ---- Types, colours, shapes, sizes -------------------------------------

  const TYPE_STYLE = {
    leader: { colour: '#f6bd60', shape: 'ellipse' },
    country: { colour: '#84c5e6', shape: 'round-rectangle' },
    organisation: { colour: '#a7d49b', shape: 'diamond' },
    team: { colour: '#e8a0bf', shape: 'octagon' },
  };
  const MORE_COLOURS = ['#d4a5e6', '#f4a6a6', '#c8b88a', '#9ad0c8', '#e6c3a5', '#bbbbbb'];
  const MORE_SHAPES = ['triangle', 'hexagon', 'star', 'pentagon', 'octagon', 'vee'];
  // Communities: the largest get a colour each, the rest are grey.
  const COMMUNITY_COLOURS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948',
    '#b07aa1', '#ff9da7', '#9c755f', '#86bcb6', '#d37295', '#a0cbe8'];
  const OTHER_COMMUNITY = '#cccccc';

  const typeCounts = new Map();
  for (const n of nodes) typeCounts.set(n.type, (typeCounts.get(n.type) || 0) + 1);
  const typeNames = [...typeCounts.keys()].sort((a, b) => {
    const known = Object.keys(TYPE_STYLE);
    const ka = known.indexOf(a) < 0 ? known.length : known.indexOf(a);
    const kb = known.indexOf(b) < 0 ? known.length : known.indexOf(b);
    return ka - kb || String(a).localeCompare(String(b));
  });
  const typeStyle = new Map();
  let extra = 0;
  for (const t of typeNames) {
    typeStyle.set(t, TYPE_STYLE[t] || {
      colour: MORE_COLOURS[extra % MORE_COLOURS.length],
      shape: MORE_SHAPES[extra++ % MORE_SHAPES.length],
    });
  }

  const hasCommunities = nodes.some((n) => n.community !== undefined && n.community !== null);
  const communityColour = new Map();
  const communitySizes = new Map();
  if (hasCommunities) {
    for (const n of nodes) {
      const c = String(n.community);
      communitySizes.set(c, (communitySizes.get(c) || 0) + 1);
    }
    [...communitySizes.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], undefined, { numeric: true }))
      .forEach(([c, size], i) => {
        const colour = i < COMMUNITY_COLOURS.length && size > 1 ? COMMUNITY_COLOURS[i] : OTHER_COMMUNITY;
        communityColour.set(c, colour);
      });
  }

  const counts = nodes.map((n) => Number(n.count) || 0);
  const minCount = counts.reduce((a, b) => Math.min(a, b), Infinity);
  const maxCount = counts.reduce((a, b) => Math.max(a, b), 0);
  // Area grows with mentions: the side is a square root, from 16 to 72 pixels.
  const nodeSize = (count) =>
    16 + 56 * Math.sqrt((count - minCount) / Math.max(maxCount - minCount, 1));
  const maxWeight = edges.reduce((a, e) => Math.max(a, Number(e.weight) || 0), 1);
  const edgeWidth = (w) => 1 + 7 * (Math.log(Math.max(w, 1)) / Math.log(Math.max(maxWeight, 2)));

  // ---- Dates ---------------------------------------------------------------

  // Dates are ISO strings, possibly partial (`2024`, `2024-05`): a partial date
  // covers its whole period, so it is compared by its first and last day.
  const low = (d) => (d + '-00-00').slice(0, 10);
  const high = (d) => (d + '-99-99').slice(0, 10);

  // The dates of an item: those of its documents when it lists all of them,
  // else its first and last date.
  function datesOf(item) {
    const ids = item.doc_ids;
    if (Array.isArray(ids) && ids.length && ids.length >= (Number(item.documents) || 0)) {
      const dates = ids.map((id) => (documents.get(String(id)) || {}).date).filter(Boolean);
      if (dates.length) return { list: dates };
    }
    if (item.first_seen) return { from: item.first_seen, to: item.last_seen || item.first_seen };
    return null;
  }

  let sliderDates = [];
  {
    const all = new Set();
    for (const d of documents.values()) if (d.date) all.add(String(d.date));
    if (!all.size) {
      for (const item of [...nodes, ...edges]) {
        if (item.first_seen) all.add(item.first_seen);
        if (item.last_seen) all.add(item.last_seen);
      }
    }
    sliderDates = [...all].sort((a, b) => low(a).localeCompare(low(b)) || a.localeCompare(b));
  }

  function inWindow(dates, from, to) {
    if (!dates) return false;
    if (dates.list) return dates.list.some((d) => low(d) <= to && high(d) >= from);
    return low(dates.from) <= to && high(dates.to) >= from;
  }

  // ---- Elements --------------------------------------------------------------

  const index = new Map();
  nodes.forEach((n, i) => index.set(String(n.id), i));
  const fold = (s) => String(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

  const nodeInfo = nodes.map((n, i) => ({
    node: n,
    dates: datesOf(n),
    key: fold(n.label || n.id) + '\u0000' + fold(n.id),
  }));
  const edgeInfo = [];
  let skipped = 0;
  edges.forEach((e, k) => {
    const a = index.get(String(e.source));
    const b = index.get(String(e.target));
    if (a === undefined || b === undefined) {
      skipped++;
      return;
    }
    edgeInfo.push({ edge: e, k, a, b, dates: datesOf(e) });
  });

  function nodeColour(n) {
    if (colourBy === 'community' && hasCommunities) {
      return communityColour.get(String(n.community)) || OTHER_COMMUNITY;
    }
    return typeStyle.get(n.type).colour;
  }

  let colourBy = hasCommunities ? 'community' : 'type';

  // A name as drawn in the graph: one line, at most 40 characters (the details
  // panel shows it whole).
  function shortLabel(name) {
    const chars = [...name.replace(/\s+/g, ' ').trim()];
    return chars.length > 40 ? chars.slice(0, 39).join('') + '…' : chars.join('');
  }

  const elements = [];
  nodes.forEach((n, i) => {
    const size = nodeSize(Number(n.count) || 0);
    elements.push({
      group: 'nodes',
      data: {
        id: 'n' + i,
        index: i,
        name: n.label || String(n.id),
        label: shortLabel(n.label || String(n.id)),
        colour: nodeColour(n),
        shape: typeStyle.get(n.type).shape,
        size,
        font: Math.round(12 + 12 * ((size - 16) / 56)),
      },
    });
  });
  for (const info of edgeInfo) {
    const e = info.edge;
    elements.push({
      group: 'edges',
      data: {
        id: 'e' + info.k,
        index: info.k,
        source: 'n' + info.a,
        target: 'n' + info.b,
        width: edgeWidth(Number(e.weight) || 0),
        kind: e.kind || 'cooccurrence',
      },
    });
  }

  // ---- Drawing -------------------------------------------------------------

  const big = nodes.length > 1000 || edgeInfo.length > 4000;
  const cy = cytoscape({
    container: $('graph'),
    elements,
    layout: { name: 'preset' },
    minZoom: 0.02,
    maxZoom: 8,
    boxSelectionEnabled: false,
    // Large graphs: edges hidden and a bitmap of the graph used while panning.
    hideEdgesOnViewport: big,
    textureOnViewport: big,
    pixelRatio: big ? 1 : 'auto',
    style: [
      {
        selector: 'node',
        style: {
          'background-color': 'data(colour)',
          shape: 'data(shape)',
          width: 'data(size)',
          height: 'data(size)',
          label: 'data(label)',
          'font-size': 'data(font)',
          'min-zoomed-font-size': big ? 9 : 6,
          'text-valign': 'bottom',
          'text-margin-y': 3,
          color: '#222',
          'text-outline-color': '#fff',
          'text-outline-width': 2,
          'text-outline-opacity': 0.85,
          'border-width': 1,
          'border-color': '#555',
          'border-opacity': 0.6,
        },
      },
      {
        selector: 'edge',
        style: {
          width: 'data(width)',
          'line-color': '#8795a1',
          opacity: 0.45,
          'curve-style': 'haystack',
          'haystack-radius': 0,
        },
      },
      {
        selector: 'edge[kind != "cooccurrence"]',
        style: { 'curve-style': 'straight', 'line-style': 'dashed', 'line-color': '#a0a0a0' },
      },
      { selector: '.hidden', style: { display: 'none' } },
      { selector: 'node.faded', style: { opacity: 0.15, 'text-opacity': 0 } },
      { selector: 'edge.faded', style: { opacity: 0.04 } },
      { selector: 'edge.near', style: { opacity: 0.9, 'line-color': '#444' } },
      { selector: 'node.near', style: { 'border-width': 2, 'border-color': '#222', 'border-opacity': 1 } },
      { selector: 'node.match', style: { 'border-width': 4, 'border-color': '#d62728', 'border-opacity': 1 } },
      { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#111', 'border-opacity': 1 } },
      { selector: 'edge:selected', style: { 'line-color': '#d62728', opacity: 1 } },
    ],
  });
  api.cy = cy;
  mark('drawn');

  // ---- Layout --------------------------------------------------------------

  // Lays out the shown nodes (all at first) with ForceAtlas2 in slices between
  // frames, so that the page stays responsive, then removes overlaps.
  let layoutRun = 0;
  function layout() {
    const run = ++layoutRun;
    const shown = cy.nodes().filter((n) => !n.hasClass('hidden'));
    const order = shown.map((n) => n.data('index'));
    const at = new Map(order.map((node, i) => [node, i]));
    const links = [];
    cy.edges().forEach((e) => {
      if (e.hasClass('hidden')) return;
      const a = at.get(e.source().data('index'));
      const b = at.get(e.target().data('index'));
      if (a !== undefined && b !== undefined) links.push([a, b, Number(edges[e.data('index')].weight) || 1]);
    });
    mark('layout_start');
    const fa2 = new ForceAtlas2(order.length, links);
    setStatus('Laying out ' + order.length + ' nodes…');
    const slice = () => {
      if (run !== layoutRun) return;
      const until = performance.now() + 30;
      while (!fa2.done && performance.now() < until) fa2.step();
      if (!fa2.done) {
        setStatus('Laying out ' + order.length + ' nodes… ' +
          Math.round((100 * fa2.iteration) / fa2.iterations) + '%');
        setTimeout(slice, 0);
        return;
      }
      mark('layout');
      place(shown, fa2);
      mark('placed');
    };
    setTimeout(slice, 0);
  }

  // Scales the layout to pixels (a typical node 50 px from its nearest
  // neighbour, more in a small graph), keeps nodes from overlapping and draws.
  function place(shown, fa2) {
    const n = fa2.n;
    const x = fa2.x;
    const y = fa2.y;
    if (n > 1) {
      const scale = (50 + 150 / Math.sqrt(n)) / Math.max(nearestDistance(x, y), 1e-9);
      for (let i = 0; i < n; i++) {
        x[i] *= scale;
        y[i] *= scale;
      }
    }
    const radius = new Float64Array(n);
    shown.forEach((node, i) => { radius[i] = node.data('size') / 2; });
    removeOverlaps(x, y, radius, 10, 50);
    // Parts are packed with room for their labels too (about half an em per
    // character, below the node).
    const room = new Float64Array(n);
    shown.forEach((node, i) => {
      const label = (0.55 * node.data('font') * [...node.data('label')].length) / 2;
      room[i] = Math.max(radius[i], label, radius[i] + node.data('font'));
    });
    packComponents(x, y, room, components(n, fa2.edges), 20);
    landscape(x, y);
    // The nodes left out (hidden by a filter) wait on a ring around the rest,
    // so that they do not all sit in one spot when shown.
    let cx = 0, cy0 = 0, reach = 0;
    for (let i = 0; i < n; i++) { cx += x[i] / n; cy0 += y[i] / n; }
    for (let i = 0; i < n; i++) reach = Math.max(reach, Math.hypot(x[i] - cx, y[i] - cy0));
    const others = cy.nodes().difference(shown);
    cy.batch(() => {
      shown.forEach((node, i) => node.position({ x: x[i], y: y[i] }));
      others.forEach((node, k) => {
        const angle = (2 * Math.PI * k) / others.length;
        const r = reach + 80 + 30 * (k % 3);
        node.position({ x: cx + r * Math.cos(angle), y: cy0 + r * Math.sin(angle) });
      });
    });
    fit();
    setStatus('');
    api.fit = fit;
    api.ready = true;
  }

  // The connected parts of a graph of n nodes, as lists of nodes, largest first.
  function components(n, links) {
    const parent = Array.from({ length: n }, (_, i) => i);
    const root = (i) => {
      while (parent[i] !== i) i = parent[i] = parent[parent[i]];
      return i;
    };
    for (const [a, b] of links) parent[root(a)] = root(b);
    const parts = new Map();
    for (let i = 0; i < n; i++) {
      const r = root(i);
      if (!parts.has(r)) parts.set(r, []);
      parts.get(r).push(i);
    }
    return [...parts.values()].sort((p, q) => q.length - p.length || p[0] - q[0]);
  }

  // The median distance from a node to its nearest neighbour (over at most 500
  // nodes).
  function nearestDistance(x, y) {
    const n = x.length;
    const step = Math.max(1, Math.floor(n / 500));
    const found = [];
    for (let i = 0; i < n; i += step) {
      let best = Infinity;
      for (let j = 0; j < n; j++) {
        if (j !== i) best = Math.min(best, Math.hypot(x[i] - x[j], y[i] - y[j]));
      }
      if (best > 0 && best < Infinity) found.push(best);
    }
    found.sort((a, b) => a - b);
    return found.length ? found[Math.floor(found.length / 2)] : 1;
  }

  // The shown graph in view, not magnified past 1.5 (a small graph would fill
  // the screen).
  function fit() {
    cy.fit(cy.elements(':visible'), 30);
    if (cy.zoom() > 1.5) {
      cy.zoom(1.5);
      cy.center(cy.elements(':visible'));
    }
  }

  // An edge kind as shown: `cooccurrence` as "co-occurrence", `leader_of` as
  // "leader of".
  function kindName(kind) {
    return kind === 'cooccurrence' ? 'co-occurrence' : String(kind).replace(/_/g, ' ');
  }

  function setStatus(text) {
    $('status').textContent = text;
  }

  // ---- Filters -------------------------------------------------------------

  const state = {
    types: new Set(typeNames),
    kinds: new Set(edgeInfo.map((i) => i.edge.kind || 'cooccurrence')),
    minWeight: 1,
    from: null,
    to: null,
    // When the run pruned edges, the nodes that lost all theirs are hidden.
    hideIsolated: Boolean(meta.pruned && Number(meta.pruned.edges_removed) > 0),
  };

  function applyFilters() {
    const datesOn = state.from !== null &&
      (state.from !== low(sliderDates[0]) || state.to !== high(sliderDates[sliderDates.length - 1]));
    const nodeOn = nodeInfo.map((info) =>
      state.types.has(info.node.type) && (!datesOn || inWindow(info.dates, state.from, state.to)));
    const edgeOn = new Map();
    const hasEdge = new Uint8Array(nodes.length);
    for (const info of edgeInfo) {
      const e = info.edge;
      const on = nodeOn[info.a] && nodeOn[info.b] &&
        (Number(e.weight) || 0) >= state.minWeight &&
        state.kinds.has(e.kind || 'cooccurrence') &&
        (!datesOn || inWindow(info.dates, state.from, state.to));
      edgeOn.set(info.k, on);
      if (on) hasEdge[info.a] = hasEdge[info.b] = 1;
    }
    let shownNodes = 0;
    let shownEdges = 0;
    cy.batch(() => {
      cy.nodes().forEach((node) => {
        const i = node.data('index');
        const on = nodeOn[i] && (!state.hideIsolated || hasEdge[i] === 1);
        if (on) shownNodes++;
        node.toggleClass('hidden', !on);
      });
      cy.edges().forEach((edge) => {
        const on = edgeOn.get(edge.data('index'));
        if (on) shownEdges++;
        edge.toggleClass('hidden', !on);
      });
    });
    $('shown').textContent = 'Showing ' + shownNodes + ' of ' + nodes.length + ' nodes and ' +
      shownEdges + ' of ' + edgeInfo.length + ' edges.';
  }

  // ---- Controls ------------------------------------------------------------

  function swatch(colour, shape) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('width', '16');
    svg.setAttribute('height', '16');
    svg.setAttribute('viewBox', '0 0 16 16');
    let el;
    if (shape === 'ellipse') {
      el = document.createElementNS(ns, 'circle');
      el.setAttribute('cx', '8'); el.setAttribute('cy', '8'); el.setAttribute('r', '7');
    } else if (shape === 'round-rectangle' || shape === 'rectangle') {
      el = document.createElementNS(ns, 'rect');
      el.setAttribute('x', '1.5'); el.setAttribute('y', '1.5');
      el.setAttribute('width', '13'); el.setAttribute('height', '13'); el.setAttribute('rx', '3');
    } else {
      const points = {
        diamond: '8,1 15,8 8,15 1,8',
        triangle: '8,1 15,15 1,15',
        hexagon: '4,1.5 12,1.5 15,8 12,14.5 4,14.5 1,8',
        star: '8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6',
        pentagon: '8,1 15,6.5 12.5,15 3.5,15 1,6.5',
        octagon: '5,1 11,1 15,5 15,11 11,15 5,15 1,11 1,5',
        vee: '1,1 8,6 15,1 8,15',
      }[shape] || '1,1 15,1 15,15 1,15';
      el = document.createElementNS(ns, 'polygon');
      el.setAttribute('points', points);
    }
    el.setAttribute('fill', colour);
    el.setAttribute('stroke', '#555');
    svg.appendChild(el);
    return svg;
  }

  function checkbox(checked, onChange) {
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = checked;
    box.addEventListener('change', () => onChange(box.checked));
    return box;
  }

  // The legend: one line per type (shape and colour), each a filter, and, when
  // colouring by community, one line per coloured community.
  function drawLegend() {
    const list = $('legend');
    list.textContent = '';
    for (const t of typeNames) {
      const li = document.createElement('li');
      const label = document.createElement('label');
      const style = typeStyle.get(t);
      label.append(
        checkbox(state.types.has(t), (on) => {
          if (on) state.types.add(t); else state.types.delete(t);
          applyFilters();
        }),
        swatch(colourBy === 'community' ? '#ffffff' : style.colour, style.shape),
        document.createTextNode(t),
      );
      const count = document.createElement('span');
      count.className = 'count';
      count.textContent = typeCounts.get(t);
      li.append(label, count);
      list.appendChild(li);
    }
    if (colourBy === 'community') {
      const shownCommunities = [...communityColour.entries()].filter(([, c]) => c !== OTHER_COMMUNITY);
      for (const [c, colour] of shownCommunities) {
        const li = document.createElement('li');
        const count = document.createElement('span');
        count.className = 'count';
        count.textContent = communitySizes.get(c);
        li.append(swatch(colour, 'ellipse'), document.createTextNode('community ' + c), count);
        list.appendChild(li);
      }
      if (shownCommunities.length < communityColour.size) {
        const li = document.createElement('li');
        li.append(swatch(OTHER_COMMUNITY, 'ellipse'), document.createTextNode('other communities'));
        list.appendChild(li);
      }
    }
  }

  function setColourBy(how) {
    colourBy = how;
    cy.batch(() => {
      cy.nodes().forEach((node) => node.data('colour', nodeColour(nodes[node.data('index')])));
    });
    drawLegend();
  }

  function setupControls() {
    $('title').textContent = 'entgraph';
    const docs = meta.documents !== undefined ? meta.documents + ' documents, ' : '';
    $('summary').textContent = docs + nodes.length + ' nodes, ' + edgeInfo.length + ' edges' +
      (meta.scope ? ' (co-occurrence in a ' + meta.scope + ')' : '') +
      (skipped ? '; ' + skipped + ' edges name unknown nodes and are left out' : '');

    if (hasCommunities) {
      $('colour-by').hidden = false;
      for (const radio of document.querySelectorAll('input[name="colour-by"]')) {
        radio.checked = radio.value === colourBy;
        radio.addEventListener('change', () => radio.checked && setColourBy(radio.value));
      }
    }
    drawLegend();

    const kinds = [...state.kinds].sort((a, b) =>
      (a === 'cooccurrence' ? -1 : 0) - (b === 'cooccurrence' ? -1 : 0) || a.localeCompare(b));
    if (kinds.length > 1) {
      for (const kind of kinds) {
        const li = document.createElement('li');
        const label = document.createElement('label');
        label.append(
          checkbox(true, (on) => {
            if (on) state.kinds.add(kind); else state.kinds.delete(kind);
            applyFilters();
          }),
          document.createTextNode(kindName(kind)),
        );
        const count = document.createElement('span');
        count.className = 'count';
        count.textContent = edgeInfo.filter((i) => (i.edge.kind || 'cooccurrence') === kind).length;
        li.append(label, count);
        $('kinds').appendChild(li);
      }
    }

    const weight = $('min-weight');
    weight.max = String(maxWeight);
    weight.addEventListener('input', () => {
      state.minWeight = Number(weight.value);
      $('min-weight-value').textContent = weight.value;
      applyFilters();
    });

    $('hide-isolated').checked = state.hideIsolated;
    $('hide-isolated').addEventListener('change', (ev) => {
      state.hideIsolated = ev.target.checked;
      applyFilters();
    });

    if (sliderDates.length > 1) {
      $('dates').hidden = false;
      const start = $('date-start');
      const end = $('date-end');
      start.max = end.max = String(sliderDates.length - 1);
      start.value = '0';
      end.value = String(sliderDates.length - 1);
      const update = () => {
        let a = Number(start.value);
        let b = Number(end.value);
        if (a > b) {
          if (document.activeElement === start) end.value = String((b = a));
          else start.value = String((a = b));
        }
        state.from = low(sliderDates[a]);
        state.to = high(sliderDates[b]);
        $('date-from').textContent = sliderDates[a];
        $('date-to').textContent = sliderDates[b];
        applyFilters();
      };
      start.addEventListener('input', update);
      end.addEventListener('input', update);
      update();
    }

    $('search').addEventListener('input', search);
    $('search').addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') {
        const first = search();
        if (first) focusNode(first);
      }
    });
    $('fit').addEventListener('click', fit);
    $('relayout').addEventListener('click', () => layout());
    $('close-details').addEventListener('click', closeDetails);
    document.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape' && ev.target === document.body) closeDetails();
    });
  }

  // Marks the nodes whose name contains the query (accents and case ignored)
  // and lists the first of them; gives the best match.
  function search() {
    const q = fold($('search').value.trim());
    const result = $('search-result');
    result.textContent = '';
    cy.nodes('.match').removeClass('match');
    if (!q) return null;
    const found = cy.nodes().filter((node) => nodeInfo[node.data('index')].key.includes(q));
    // The name itself first, then names that start with the query, then the
    // most mentioned.
    const rank = (node) => {
      const key = nodeInfo[node.data('index')].key;
      if (key.split('\u0000').includes(q)) return 0;
      return key.startsWith(q) ? 1 : 2;
    };
    const ranked = found.sort((a, b) => rank(a) - rank(b) || b.data('size') - a.data('size'));
    ranked.addClass('match');
    if (!ranked.length) {
      result.textContent = 'No node matches.';
      return null;
    }
    result.append(ranked.length + (ranked.length === 1 ? ' match: ' : ' matches: '));
    ranked.slice(0, 8).forEach((node, i) => {
      if (i) result.append(', ');
      result.append(nodeLink(node));
    });
    if (ranked.length > 8) result.append(', …');
    return ranked[0];
  }

  function focusNode(node) {
    if (node.hasClass('hidden')) {
      setStatus(node.data('name') + ' is hidden by a filter');
      setTimeout(() => setStatus(''), 2500);
    } else {
      cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 300 });
    }
    cy.elements(':selected').unselect();
    node.select();
    showNode(node);
  }

  function nodeLink(node) {
    const a = document.createElement('a');
    a.className = 'node-link';
    a.textContent = node.data('name');
    a.addEventListener('click', () => focusNode(node));
    return a;
  }

  // ---- Hover ---------------------------------------------------------------

  // (In a large graph only the neighbourhood changes: fading every other
  // element would take a noticeable time.)
  cy.on('mouseover', 'node', (ev) => {
    const near = ev.target.closedNeighborhood();
    cy.batch(() => {
      if (!big) cy.elements().difference(near).addClass('faded');
      near.addClass('near');
    });
  });
  cy.on('mouseout', 'node', () => {
    cy.batch(() => {
      cy.elements('.faded').removeClass('faded');
      cy.elements('.near').removeClass('near');
    });
  });

  // ---- Details -------------------------------------------------------------

  cy.on('tap', 'node', (ev) => showNode(ev.target));
  cy.on('tap', 'edge', (ev) => showEdge(ev.target));
  cy.on('tap', (ev) => {
    if (ev.target === cy) closeDetails();
  });

  function closeDetails() {
    cy.elements(':selected').unselect();
    if (!$('details').hidden) keepCentre(() => { $('details').hidden = true; });
  }

  // Shows or hides the details panel without moving the graph's centre.
  function keepCentre(change) {
    const before = cy.width();
    change();
    cy.resize();
    cy.panBy({ x: (cy.width() - before) / 2, y: 0 });
  }

  function openDetails(build) {
    const body = $('details-body');
    body.textContent = '';
    build(body);
    if ($('details').hidden) keepCentre(() => { $('details').hidden = false; });
    $('details').scrollTop = 0;
  }

  function el(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (className) e.className = className;
    return e;
  }

  // A link only for web addresses (never `javascript:` and the like).
  function link(url, text) {
    if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) return el('span', text);
    const a = el('a', text);
    a.href = url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  }

  function facts(rows) {
    const dl = el('dl');
    for (const [name, value] of rows) {
      if (value === undefined || value === null || value === '') continue;
      dl.append(el('dt', name));
      const dd = el('dd');
      dd.append(value instanceof Node ? value : String(value));
      dl.append(dd);
    }
    return dl;
  }

  const round = (x) => (typeof x === 'number' && !Number.isInteger(x) ? x.toPrecision(3) : x);

  function docItem(id) {
    const d = documents.get(String(id));
    const li = el('li');
    if (d) {
      li.append(link(d.url, d.title || String(id)));
      if (d.date) li.append(' ', el('span', d.date, 'date'));
    } else {
      li.append(el('span', id));
    }
    return li;
  }

  // A list of documents by id, with "and N more" when the file lists fewer than
  // `total`.
  function docList(ids, total) {
    const ul = el('ul', null, 'docs');
    for (const id of ids) ul.append(docItem(id));
    if (total > ids.length) ul.append(el('li', 'and ' + (total - ids.length) + ' more', 'note'));
    return ul;
  }

  function showNode(node) {
    const n = nodes[node.data('index')];
    openDetails((body) => {
      body.append(el('h3', n.label || n.id));
      const wd = n.wikidata ? link('https://www.wikidata.org/wiki/' + encodeURIComponent(n.wikidata), n.wikidata) : null;
      const wp = n.wikipedia
        ? link('https://en.wikipedia.org/wiki/' + encodeURIComponent(n.wikipedia.replace(/ /g, '_')), n.wikipedia)
        : null;
      body.append(facts([
        ['type', n.type],
        ['id', n.id],
        ['Wikidata', wd],
        ['Wikipedia', wp],
        ['mentions', n.count],
        ['confidence sum', round(n.confidence_sum)],
        ['documents', n.documents],
        ['first seen', n.first_seen],
        ['last seen', n.last_seen],
        ['degree', n.degree],
        ['weighted degree', n.weighted_degree],
        ['PageRank', round(n.pagerank)],
        ['community', n.community],
      ]));
      if (Array.isArray(n.doc_ids)) {
        body.append(el('h4', 'Documents'), docList(n.doc_ids, Number(n.documents) || 0));
      } else {
        // No list of the node's documents in the file: those of its edges' evidence.
        const ids = [...new Set(node.connectedEdges().map((e) =>
          (edges[e.data('index')].evidence || []).map((ev) => ev.doc)).flat())].sort();
        if (ids.length) {
          body.append(el('h4', 'Documents in the evidence of its edges'), docList(ids, 0));
        }
      }
      const neighbours = node.connectedEdges().map((e) => ({
        other: e.source().same(node) ? e.target() : e.source(),
        edge: edges[e.data('index')],
        ele: e,
      }));
      neighbours.sort((a, b) => (Number(b.edge.weight) || 0) - (Number(a.edge.weight) || 0) ||
        a.other.data('name').localeCompare(b.other.data('name')));
      if (neighbours.length) {
        body.append(el('h4', 'Connected to (' + neighbours.length + ')'));
        const ul = el('ul', null, 'neighbours');
        for (const { other, edge, ele } of neighbours.slice(0, 100)) {
          const li = el('li');
          const a = nodeLink(other);
          const w = el('a', ' — weight ' + edge.weight + (edge.kind && edge.kind !== 'cooccurrence' ? ', ' + kindName(edge.kind) : ''), 'node-link');
          w.addEventListener('click', () => {
            cy.elements(':selected').unselect();
            ele.select();
            showEdge(ele);
          });
          li.append(a, w);
          ul.append(li);
        }
        if (neighbours.length > 100) ul.append(el('li', 'and ' + (neighbours.length - 100) + ' more', 'note'));
        body.append(ul);
      }
    });
  }

  // The details of an edge and of the edges beside it between the same two
  // nodes (a background relation beside the co-occurrence), drawn on one line.
  function showEdge(ele) {
    const a = nodes[ele.source().data('index')];
    const b = nodes[ele.target().data('index')];
    const all = ele.parallelEdges().filter((p) => !p.hasClass('hidden')).sort((x, y) =>
      (x.data('kind') !== 'cooccurrence') - (y.data('kind') !== 'cooccurrence') ||
      x.data('index') - y.data('index'));
    openDetails((body) => {
      const title = el('h3');
      title.append(el('mark', a.label || a.id, 'end-a'), ' — ', el('mark', b.label || b.id, 'end-b'));
      body.append(title);
      for (const p of all) edgeDetails(body, edges[p.data('index')], all.length > 1);
    });
  }

  function edgeDetails(body, e, withKind) {
    const kind = kindName(e.kind || 'cooccurrence');
    if (withKind) body.append(el('h4', kind));
    const relations = e.relations && Object.keys(e.relations).length
      ? Object.entries(e.relations).map(([k, v]) => k + ' ' + v).join(', ')
      : null;
    body.append(facts([
      ['kind', withKind ? null : kind],
      ['weight', e.weight],
      ['confidence sum', round(e.confidence_sum)],
      ['documents', e.documents],
      ['association', round(e.association)],
      ['relations', relations],
      ['first seen', e.first_seen],
      ['last seen', e.last_seen],
    ]));
    const evidence = e.evidence || [];
    if (evidence.length) {
      const more = (Number(e.weight) || 0) > evidence.length ? ' (' + evidence.length + ' of ' + e.weight + ')' : '';
      body.append(el('h4', 'Evidence' + more));
      for (const ev of evidence) body.append(evidenceItem(ev));
    } else if ((e.kind || 'cooccurrence') !== 'cooccurrence') {
      body.append(el('p', 'A background relation from the gazetteer: no sentence states it.', 'note'));
    }
    if (Array.isArray(e.doc_ids)) {
      body.append(el('h4', 'Documents'), docList(e.doc_ids, Number(e.documents) || 0));
    }
  }

  // One evidence sentence with the two names marked.
  function evidenceItem(ev) {
    const box = el('div', null, 'evidence');
    const source = el('div', null, 'source');
    const d = documents.get(String(ev.doc));
    if (d) {
      source.append(link(d.url, d.title || String(ev.doc)));
      if (d.date) source.append(' · ' + d.date);
    } else {
      source.append(String(ev.doc));
    }
    box.append(source);
    const text = String(ev.text || '');
    const p = el('p');
    p.style.margin = '0';
    const marks = [
      [utf16Range(ev, 'source', text), 'end-a'],
      [utf16Range(ev, 'target', text), 'end-b'],
    ].filter(([r]) => r).sort((x, y) => x[0][0] - y[0][0]);
    let at = 0;
    for (const [[s, t], cls] of marks) {
      if (s < at) continue; // overlapping names: the first one wins
      p.append(text.slice(at, s), el('mark', text.slice(s, t), cls));
      at = t;
    }
    p.append(text.slice(at));
    box.append(p);
    return box;
  }

  // Where a name is in the evidence text, as a JavaScript (UTF-16) range, or
  // null when the offsets do not fit the text.
  function utf16Range(ev, end, text) {
    const pair = ev[end];
    let range = null;
    if (Array.isArray(ev[end + '_utf16']) && typeof ev.start_utf16 === 'number') {
      range = ev[end + '_utf16'].map((o) => o - ev.start_utf16);
    } else if (Array.isArray(ev[end + '_utf16'])) {
      // Code points in `source`/`target` and `start`.
      if (!Array.isArray(pair)) return null;
      range = pair.map((o) => codePointsToUtf16(text, o - ev.start));
    } else if (Array.isArray(pair)) {
      // UTF-8 bytes in `source`/`target` and `start`.
      range = pair.map((o) => bytesToUtf16(text, o - ev.start));
    }
    if (!range || range.some((o) => o === null || !(o >= 0) || o > text.length) || range[0] >= range[1]) {
      return null;
    }
    return range;
  }

  function codePointsToUtf16(text, cp) {
    let units = 0;
    let seen = 0;
    for (const ch of text) {
      if (seen === cp) return units;
      units += ch.length;
      seen++;
    }
    return seen === cp ? units : null;
  }

  function bytesToUtf16(text, bytes) {
    let units = 0;
    let seen = 0;
    for (const ch of text) {
      if (seen === bytes) return units;
      const c = ch.codePointAt(0);
      seen += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
      units += ch.length;
      if (seen > bytes) return null; // inside a character
    }
    return seen === bytes ? units : null;
  }

  // ---- Start ---------------------------------------------------------------

  setupControls();
  applyFilters();
  layout();
})();
