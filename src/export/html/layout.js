// ForceAtlas2 (Jacomy, Venturini, Heymann, Bastian 2014, the layout of Gephi),
// with a Barnes–Hut quadtree for the repulsion so that a step costs about
// n log n rather than n²: a few thousand nodes lay out in seconds.
//
//   const layout = new ForceAtlas2(count, edges, {x, y});
//   while (!layout.done) layout.step();     // or steps in chunks between frames
//   layout.x, layout.y                      // the positions (Float64Array)
//
// `edges` is a list of [a, b, weight] over node indices 0..count. The start is
// deterministic (the given positions, else a spiral with the most connected
// nodes in the middle), so the same graph gives the same picture.

/* exported ForceAtlas2, removeOverlaps, packComponents, landscape */
'use strict';

class ForceAtlas2 {
  constructor(count, edges, options) {
    const opt = options || {};
    this.n = count;
    this.edges = edges;
    this.iterations = opt.iterations || ForceAtlas2.iterationsFor(count);
    this.iteration = 0;
    this.scaling = opt.scaling || 10;
    // "Strong" gravity, growing with the distance from the centre: it keeps the
    // small parts that are not connected to the rest close to it.
    this.gravity = opt.gravity === undefined ? 0.05 : opt.gravity;
    this.theta = 1.2;
    this.mass = new Float64Array(count).fill(1);
    for (const [a, b] of edges) {
      this.mass[a] += 1;
      this.mass[b] += 1;
    }
    // Weights count with their logarithm, so that one heavy edge does not pull
    // its two ends on top of each other.
    this.weight = edges.map((e) => 1 + Math.log(Math.max(e[2], 1)));
    this.x = new Float64Array(count);
    this.y = new Float64Array(count);
    if (opt.x && opt.y) {
      this.x.set(opt.x);
      this.y.set(opt.y);
    } else {
      this.spiral();
    }
    this.fx = new Float64Array(count);
    this.fy = new Float64Array(count);
    this.oldFx = new Float64Array(count);
    this.oldFy = new Float64Array(count);
    this.speed = 1;
    this.speedEfficiency = 1;
  }

  static iterationsFor(count) {
    if (count <= 300) return 600;
    if (count <= 1500) return 350;
    return 220;
  }

  get done() {
    return this.iteration >= this.iterations;
  }

  // Nodes on a sunflower spiral, the most connected first (in the middle).
  spiral() {
    const order = Array.from({ length: this.n }, (_, i) => i);
    order.sort((a, b) => this.mass[b] - this.mass[a] || a - b);
    const golden = Math.PI * (3 - Math.sqrt(5));
    const unit = 10 * Math.sqrt(this.scaling);
    order.forEach((node, k) => {
      const r = unit * Math.sqrt(k + 0.5);
      this.x[node] = r * Math.cos(k * golden);
      this.y[node] = r * Math.sin(k * golden);
    });
  }

  step() {
    const { n, x, y, fx, fy, mass } = this;
    if (n === 0) {
      this.iteration = this.iterations;
      return;
    }
    this.oldFx.set(fx);
    this.oldFy.set(fy);
    fx.fill(0);
    fy.fill(0);
    this.repulsion();
    for (let i = 0; i < n; i++) {
      const f = this.gravity * mass[i];
      fx[i] -= x[i] * f;
      fy[i] -= y[i] * f;
    }
    // Attraction along edges, linear in distance.
    this.edges.forEach(([a, b], k) => {
      const f = this.weight[k];
      const dx = (x[a] - x[b]) * f;
      const dy = (y[a] - y[b]) * f;
      fx[a] -= dx;
      fy[a] -= dy;
      fx[b] += dx;
      fy[b] += dy;
    });
    this.move();
    this.iteration++;
  }

  // Repulsion k·m_i·m_j / d between every pair, far groups taken as one body.
  repulsion() {
    const { n, x, y, fx, fy, mass } = this;
    const tree = new QuadTree(x, y, mass, n);
    const k = this.scaling;
    const theta2 = this.theta * this.theta;
    const stack = [];
    for (let i = 0; i < n; i++) {
      const xi = x[i];
      const yi = y[i];
      const mi = mass[i];
      stack.length = 0;
      stack.push(0);
      while (stack.length) {
        const c = stack.pop();
        const cm = tree.mass[c];
        if (cm === 0) continue;
        const dx = xi - tree.cx[c] / cm;
        const dy = yi - tree.cy[c] / cm;
        const d2 = dx * dx + dy * dy;
        const size = tree.size[c];
        if (tree.child[c] < 0) {
          // A leaf: its bodies one by one (several when they share a spot).
          for (let b = tree.first[c]; b >= 0; b = tree.next[b]) {
            if (b === i) continue;
            let ex = xi - x[b];
            let ey = yi - y[b];
            let e2 = ex * ex + ey * ey;
            if (e2 === 0) {
              // Two nodes on one spot: push them apart in a fixed direction.
              ex = (i < b ? 1 : -1) * 0.01;
              ey = 0;
              e2 = 0.0001;
            }
            const f = (k * mi * mass[b]) / e2;
            fx[i] += ex * f;
            fy[i] += ey * f;
          }
        } else if (size * size < theta2 * d2) {
          const f = (k * mi * cm) / d2;
          fx[i] += dx * f;
          fy[i] += dy * f;
        } else {
          const first = tree.child[c];
          for (let q = 0; q < 4; q++) stack.push(first + q);
        }
      }
    }
  }

  // The adaptive speed of ForceAtlas2: nodes that swing (their force changes
  // direction) slow down, the whole graph speeds up while it converges.
  move() {
    const { n, x, y, fx, fy, oldFx, oldFy, mass } = this;
    const swing = new Float64Array(n);
    let totalSwing = 0;
    let totalTraction = 0;
    for (let i = 0; i < n; i++) {
      swing[i] = mass[i] * Math.hypot(oldFx[i] - fx[i], oldFy[i] - fy[i]);
      totalSwing += swing[i];
      totalTraction += (mass[i] * Math.hypot(oldFx[i] + fx[i], oldFy[i] + fy[i])) / 2;
    }
    const estimated = 0.05 * Math.sqrt(n);
    const minJitter = Math.sqrt(estimated);
    let jitter = Math.max(minJitter, Math.min(10, (estimated * totalTraction) / (n * n)));
    const minEfficiency = 0.05;
    if (totalTraction > 0 && totalSwing / totalTraction > 2) {
      if (this.speedEfficiency > minEfficiency) this.speedEfficiency *= 0.5;
      jitter = Math.max(jitter, 1);
    }
    const target = totalSwing > 0 ? (jitter * this.speedEfficiency * totalTraction) / totalSwing : this.speed;
    if (totalSwing > jitter * totalTraction) {
      if (this.speedEfficiency > minEfficiency) this.speedEfficiency *= 0.7;
    } else if (this.speed < 1000) {
      this.speedEfficiency *= 1.3;
    }
    this.speed += Math.min(target - this.speed, 0.5 * this.speed);
    // Cool down over the last third, so the picture settles.
    const rest = this.iterations - this.iteration;
    const cool = rest < this.iterations / 3 ? rest / (this.iterations / 3) : 1;
    for (let i = 0; i < n; i++) {
      const factor = (cool * this.speed) / (1 + Math.sqrt(this.speed * swing[i]));
      x[i] += fx[i] * factor;
      y[i] += fy[i] * factor;
    }
  }
}

// A quadtree over points with masses, kept in flat arrays: for each cell its
// mass, mass-weighted centre sums, side length, first child (-1 for a leaf) and
// its bodies as a linked list.
class QuadTree {
  constructor(x, y, mass, n) {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      minX = Math.min(minX, x[i]);
      maxX = Math.max(maxX, x[i]);
      minY = Math.min(minY, y[i]);
      maxY = Math.max(maxY, y[i]);
    }
    const side = Math.max(maxX - minX, maxY - minY, 1e-9) * 1.0001;
    const capacity = 8 * n + 8;
    this.mass = new Float64Array(capacity);
    this.cx = new Float64Array(capacity);
    this.cy = new Float64Array(capacity);
    this.size = new Float64Array(capacity);
    this.x0 = new Float64Array(capacity);
    this.y0 = new Float64Array(capacity);
    this.child = new Int32Array(capacity).fill(-1);
    this.first = new Int32Array(capacity).fill(-1);
    this.next = new Int32Array(n).fill(-1);
    this.count = 1;
    this.size[0] = side;
    this.x0[0] = minX;
    this.y0[0] = minY;
    for (let i = 0; i < n; i++) this.insert(i, x, y, mass);
  }

  insert(i, x, y, mass) {
    let c = 0;
    for (let depth = 0; ; depth++) {
      this.mass[c] += mass[i];
      this.cx[c] += x[i] * mass[i];
      this.cy[c] += y[i] * mass[i];
      if (this.child[c] >= 0) {
        c = this.quadrant(c, x[i], y[i]);
        continue;
      }
      const b = this.first[c];
      // An empty leaf, a leaf too deep to split, or no room left: keep it here.
      if (b < 0 || depth > 40 || this.count + 4 > this.mass.length) {
        this.next[i] = b;
        this.first[c] = i;
        return;
      }
      // Split the leaf and move its bodies down one level.
      const half = this.size[c] / 2;
      const first = this.count;
      this.count += 4;
      for (let q = 0; q < 4; q++) {
        this.size[first + q] = half;
        this.x0[first + q] = this.x0[c] + (q & 1 ? half : 0);
        this.y0[first + q] = this.y0[c] + (q & 2 ? half : 0);
      }
      this.child[c] = first;
      this.first[c] = -1;
      for (let o = b; o >= 0; ) {
        const after = this.next[o];
        const d = this.quadrant(c, x[o], y[o]);
        this.mass[d] += mass[o];
        this.cx[d] += x[o] * mass[o];
        this.cy[d] += y[o] * mass[o];
        this.next[o] = this.first[d];
        this.first[d] = o;
        o = after;
      }
      // On to i's quadrant, which is split again if the old bodies are there.
      c = this.quadrant(c, x[i], y[i]);
    }
  }

  quadrant(c, px, py) {
    const half = this.size[c] / 2;
    const q = (px >= this.x0[c] + half ? 1 : 0) + (py >= this.y0[c] + half ? 2 : 0);
    return this.child[c] + q;
  }
}

// Pushes apart nodes that overlap (circles of the given radii plus a margin),
// a few rounds over a grid of cells so that each round costs about n.
function removeOverlaps(x, y, radius, margin, rounds) {
  const n = x.length;
  let maxR = 0;
  for (let i = 0; i < n; i++) maxR = Math.max(maxR, radius[i]);
  const cell = 2 * maxR + margin;
  for (let round = 0; round < rounds; round++) {
    const grid = new Map();
    for (let i = 0; i < n; i++) {
      const key = Math.floor(x[i] / cell) + ',' + Math.floor(y[i] / cell);
      let list = grid.get(key);
      if (!list) grid.set(key, (list = []));
      list.push(i);
    }
    let moved = false;
    for (let i = 0; i < n; i++) {
      const gx = Math.floor(x[i] / cell);
      const gy = Math.floor(y[i] / cell);
      for (let ox = -1; ox <= 1; ox++) {
        for (let oy = -1; oy <= 1; oy++) {
          const list = grid.get(gx + ox + ',' + (gy + oy));
          if (!list) continue;
          for (const j of list) {
            if (j <= i) continue;
            let dx = x[j] - x[i];
            let dy = y[j] - y[i];
            let d = Math.hypot(dx, dy);
            const want = radius[i] + radius[j] + margin;
            if (d >= want) continue;
            if (d === 0) {
              dx = 1;
              dy = 0;
              d = 1;
            }
            const push = (want - d) / 2 / d;
            x[i] -= dx * push;
            y[i] -= dy * push;
            x[j] += dx * push;
            y[j] += dy * push;
            moved = true;
          }
        }
      }
    }
    if (!moved) return;
  }
}

// Moves the parts of the graph that are not connected to the largest one (given
// as lists of node indices, largest first) in towards it: each keeps its shape
// and its direction from the centre, and stops at the first spot on that line,
// past the largest part, where none of its nodes comes within `gap` of a node
// placed before.
function packComponents(x, y, radius, parts, gap) {
  if (parts.length < 2) return;
  let maxR = 0;
  for (const part of parts) for (const i of part) maxR = Math.max(maxR, radius[i]);
  const cell = 2 * maxR + gap;
  const grid = new Map();
  const key = (gx, gy) => gx + ',' + gy;
  const add = (i) => {
    const k = key(Math.floor(x[i] / cell), Math.floor(y[i] / cell));
    if (!grid.has(k)) grid.set(k, []);
    grid.get(k).push(i);
  };
  const clear = (i, px, py) => {
    const gx = Math.floor(px / cell);
    const gy = Math.floor(py / cell);
    for (let ox = -1; ox <= 1; ox++) {
      for (let oy = -1; oy <= 1; oy++) {
        for (const j of grid.get(key(gx + ox, gy + oy)) || []) {
          if (Math.hypot(x[j] - px, y[j] - py) < radius[i] + radius[j] + gap) return false;
        }
      }
    }
    return true;
  };
  let cx = 0;
  let cy = 0;
  for (const i of parts[0]) {
    cx += x[i] / parts[0].length;
    cy += y[i] / parts[0].length;
  }
  let reach = 0;
  for (const i of parts[0]) reach = Math.max(reach, Math.hypot(x[i] - cx, y[i] - cy));
  parts[0].forEach(add);
  for (const part of parts.slice(1)) {
    let px = 0;
    let py = 0;
    for (const i of part) {
      px += x[i] / part.length;
      py += y[i] / part.length;
    }
    let angle = Math.atan2(py - cy, px - cx);
    if (!Number.isFinite(angle) || (px === cx && py === cy)) angle = 0;
    const ux = Math.cos(angle);
    const uy = Math.sin(angle);
    // From the edge of the largest part in that direction, so that a part does
    // not land in a hole among the nodes of another.
    let start = 0;
    for (const i of parts[0]) start = Math.max(start, (x[i] - cx) * ux + (y[i] - cy) * uy);
    for (let d = start; ; d += gap / 2) {
      const tx = cx + d * ux - px;
      const ty = cy + d * uy - py;
      if (d > 10 * reach + 1e6 || part.every((i) => clear(i, x[i] + tx, y[i] + ty))) {
        for (const i of part) {
          x[i] += tx;
          y[i] += ty;
          add(i);
        }
        reach = Math.max(reach, d);
        break;
      }
    }
  }
}

// Turns the layout so that its longest extent runs across (its principal axis
// horizontal): screens are wider than high.
function landscape(x, y) {
  const n = x.length;
  if (n < 2) return;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] / n;
    my += y[i] / n;
  }
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  const c = Math.cos(-angle);
  const s = Math.sin(-angle);
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    x[i] = dx * c - dy * s;
    y[i] = dx * s + dy * c;
  }
}
