// Opens pages written by `entgraph -f html` in headless Chromium (driven by
// playwright-core) and prints, as one JSON object per page, what a person would
// see:
//
//     node check_html.js PAGE.html...            # load, count, click an edge
//     node check_html.js --screenshot OUT.png [--size 1400x900] [--search NAME]
//                        [--edge "NAME|NAME"] PAGE.html
//
// For each page: console errors and uncaught exceptions, any request that is not
// for the file itself (the page must work offline), the number of nodes drawn
// inside the view, and, after a real mouse click on the middle of an edge, the
// edge clicked and the names marked in the evidence shown; then the edges drawn
// with the minimum weight set to 2.
//
// Chromium is /usr/bin/chromium unless ENTGRAPH_CHROMIUM names another.

const { chromium } = require("playwright-core");
const path = require("path");

const args = process.argv.slice(2);
let screenshot = null;
let size = [1400, 900];
let searchFor = null;
let edgeFor = null;
const pages = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--screenshot") screenshot = args[++i];
  else if (args[i] === "--size") size = args[++i].split("x").map(Number);
  else if (args[i] === "--search") searchFor = args[++i];
  else if (args[i] === "--edge") edgeFor = args[++i].split("|");
  else pages.push(args[i]);
}

const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

async function check(browser, file) {
  const page = await browser.newPage({ viewport: { width: size[0], height: size[1] } });
  const errors = [];
  const requests = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push("console: " + msg.text());
  });
  page.on("pageerror", (err) => errors.push("exception: " + err.message));
  const url = "file://" + path.resolve(file);
  await page.route("**/*", (route) => {
    const u = route.request().url();
    if (u === url) return route.continue();
    requests.push(u);
    return route.abort();
  });
  const started = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => window.entgraph && window.entgraph.ready, null, {
    timeout: 120000,
    polling: 50,
  });
  // (Reported for benchmarks; the tests assert no times.)
  const result = { file, errors, requests, ready_ms: Date.now() - started };
  Object.assign(
    result,
    await page.evaluate(() => {
      const cy = window.entgraph.cy;
      const w = cy.width();
      const h = cy.height();
      const inside = (n) => {
        const p = n.renderedPosition();
        return p.x >= 0 && p.y >= 0 && p.x <= w && p.y <= h;
      };
      return {
        nodes_total: cy.nodes().length,
        nodes_drawn: cy.nodes(":visible").filter(inside).length,
        edges_drawn: cy.edges(":visible").length,
        names: cy.nodes().map((n) => n.data("name")),
        legend: [...document.querySelectorAll("#legend li")].map((li) => li.textContent),
        date_slider: !document.getElementById("dates").hidden,
        timings: window.entgraph.timings,
      };
    }),
  );
  if (screenshot) {
    if (searchFor) {
      await page.fill("#search", searchFor);
      await page.press("#search", "Enter");
      await page.waitForTimeout(600);
    }
    if (edgeFor) {
      const found = await page.evaluate((names) => {
        const cy = window.entgraph.cy;
        const edge = cy.edges().filter((e) => {
          const ends = [e.source().data("name"), e.target().data("name")];
          return ends.includes(names[0]) && ends.includes(names[1]);
        })[0];
        if (!edge) return false;
        edge.select();
        edge.emit("tap");
        return true;
      }, edgeFor);
      if (!found) throw new Error("no edge between " + edgeFor.join(" and "));
      // The graph fitted to the room the details panel leaves.
      await page.evaluate(() => window.entgraph.fit());
      await page.waitForTimeout(300);
    }
    await page.screenshot({ path: screenshot });
    await page.close();
    return result;
  }
  // An edge with evidence, clicked with the mouse on a point of its line that is
  // clear of nodes and of other edges (the longest such edge).
  const target = await page.evaluate(() => {
    const cy = window.entgraph.cy;
    const edges = window.entgraph.data.links || window.entgraph.data.edges;
    const distance = (p, a, b) => {
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy || 1)));
      return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy);
    };
    const clear = (p, edge) => {
      const nodeClear = cy.nodes(":visible").every((n) => {
        // (Labels do not take clicks.)
        const box = n.renderedBoundingBox({ includeLabels: false });
        return p.x < box.x1 - 4 || p.x > box.x2 + 4 || p.y < box.y1 - 4 || p.y > box.y2 + 4;
      });
      const edgeClear = cy.edges(":visible").every((e) =>
        e.same(edge) || e.parallelEdges().contains(edge) ||
        distance(p, e.source().renderedPosition(), e.target().renderedPosition()) > 8);
      return nodeClear && edgeClear;
    };
    const candidates = cy
      .edges(":visible")
      .filter((e) => (edges[e.data("index")].evidence || []).length > 0)
      .map((e) => {
        const a = e.source().renderedPosition();
        const b = e.target().renderedPosition();
        return { e, a, b, length: Math.hypot(a.x - b.x, a.y - b.y) };
      })
      .sort((x, y) => y.length - x.length);
    let best = null;
    for (const { e, a, b } of candidates.slice(0, 50)) {
      for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
        const p = { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) };
        if (clear(p, e)) {
          best = { p, data: edges[e.data("index")] };
          break;
        }
      }
      if (best) break;
    }
    if (!best) return null;
    const box = cy.container().getBoundingClientRect();
    return {
      x: box.left + best.p.x,
      y: box.top + best.p.y,
      source: best.data.source,
      target: best.data.target,
      kind: best.data.kind,
    };
  });
  if (target) {
    await page.mouse.move(target.x, target.y);
    await page.mouse.click(target.x, target.y);
    try {
      await page.waitForSelector("#details:not([hidden]) .evidence", { timeout: 5000 });
    } catch (err) {
      errors.push("no evidence shown after a click on " + JSON.stringify(target) + ": " +
        (await page.evaluate(() => document.getElementById("details").textContent)));
    }
    result.clicked = await page.evaluate(() => ({
      title: (document.querySelector("#details h3") || {}).textContent,
      evidence: [...document.querySelectorAll("#details .evidence")].map((box) => ({
        source: box.querySelector(".source").textContent,
        text: box.querySelector("p").textContent,
        marks: [...box.querySelectorAll("mark")].map((m) => [m.className, m.textContent]),
      })),
    }));
    result.clicked.source = target.source;
    result.clicked.target = target.target;
    result.clicked.kind = target.kind;
  }
  // The minimum weight set to 2 with its slider.
  await page.evaluate(() => {
    const slider = document.getElementById("min-weight");
    slider.value = "2";
    slider.dispatchEvent(new Event("input"));
  });
  // (Styles apply when the next frame is drawn.)
  result.edges_drawn_min_weight_2 = await page.evaluate(
    () =>
      new Promise((resolve) =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() => resolve(window.entgraph.cy.edges(":visible").length)),
        ),
      ),
  );
  await page.close();
  return result;
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.ENTGRAPH_CHROMIUM || "/usr/bin/chromium",
    args: FLAGS,
    headless: true,
  });
  try {
    const out = [];
    for (const file of pages) out.push(await check(browser, file));
    process.stdout.write(JSON.stringify(out) + "\n");
  } finally {
    await browser.close();
  }
})().catch((err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
});
