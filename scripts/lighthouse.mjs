// Lighthouse on the release site, served from localhost as GitHub Pages
// serves it (under /cvalues-leaderboard/, gzip-compressed, 404.html for
// unknown paths), in headless Chromium. Prints the four category scores for
// Lighthouse's mobile and desktop settings and the total blocking time, and
// writes each full report and its trace to target/lighthouse/
// (scripts/trace-tasks.mjs lists a trace's long tasks). Run it with
// scripts/lighthouse.sh (LIGHTHOUSE_RUNS=5 for five runs of each setting).
//
//   node scripts/lighthouse.mjs SITE_DIR TOOLS_DIR
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const [site, tools] = process.argv.slice(2);
const fromTools = createRequire(path.join(tools, "package.json"));
const load = async (name) => import(pathToFileURL(fromTools.resolve(name)).href);
const { default: lighthouse } = await load("lighthouse");
const chromeLauncher = await load("chrome-launcher");
const desktop = (await load("lighthouse/core/config/desktop-config.js")).default;

const base = "/cvalues-leaderboard/";
const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm",
  ".css": "text/css", ".json": "application/json", ".jsonl": "application/x-ndjson",
  ".svg": "image/svg+xml",
};
// Each file compressed once, as a CDN keeps it: compressing a large file on
// every request would hold up the small ones requested beside it, which
// Pages does not do.
const compressed = new Map();
const gzipped = (file) => {
  if (!compressed.has(file)) compressed.set(file, zlib.gzipSync(fs.readFileSync(file), { level: 6 }));
  return compressed.get(file);
};
const server = http.createServer((req, res) => {
  const rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
  let file = null;
  if (rel.startsWith(base) && !rel.split("/").includes("..")) {
    const p = path.join(site, rel.slice(base.length) || "index.html");
    if (fs.existsSync(p) && fs.statSync(p).isFile()) file = p;
  }
  const status = file ? 200 : 404;
  file ??= path.join(site, "404.html");
  // Pages sends every file with a ten-minute lifetime.
  const headers = { "Content-Type": types[path.extname(file)] ?? "application/octet-stream", "Cache-Control": "max-age=600" };
  let body;
  if (/\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) {
    body = gzipped(file);
    headers["Content-Encoding"] = "gzip";
  } else {
    body = fs.readFileSync(file);
  }
  res.writeHead(status, headers).end(body);
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const url = `http://127.0.0.1:${server.address().port}${base}`;
// Compressed before the first load, not during it.
for (const entry of fs.readdirSync(site, { recursive: true })) {
  const file = path.join(site, entry);
  if (fs.statSync(file).isFile()) gzipped(file);
}

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_BIN ?? "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--no-first-run"],
});
const out = path.resolve("target/lighthouse");
fs.mkdirSync(out, { recursive: true });
const categories = ["performance", "accessibility", "best-practices", "seo"];
// Scores vary from run to run with the machine's load: LIGHTHOUSE_RUNS=N
// runs each setting N times and prints every run, then the median score.
const runs = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 1));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`Lighthouse on ${url}`);
console.log(["settings", ...categories, "TBT"].map((c) => c.padEnd(16)).join(""));
try {
  for (const [name, config] of [["mobile", undefined], ["desktop", desktop]]) {
    const performance = [];
    for (let run = 1; run <= runs; run++) {
      const result = await lighthouse(url, { port: chrome.port, output: "json", onlyCategories: categories }, config);
      // The last run's report, and its trace (for finding which tasks ran long).
      fs.writeFileSync(path.join(out, `${name}.json`), result.report);
      fs.writeFileSync(path.join(out, `${name}.trace.json`), JSON.stringify(result.artifacts.Trace));
      const scores = categories.map((c) => Math.round(result.lhr.categories[c].score * 100));
      performance.push(scores[0]);
      const tbt = result.lhr.audits["total-blocking-time"].displayValue;
      const label = runs > 1 ? `${name} ${run}` : name;
      console.log([label, ...scores, tbt].map((s) => String(s).padEnd(16)).join(""));
      for (const [i, c] of categories.entries()) {
        const failing = result.lhr.categories[c].auditRefs
          .map((r) => result.lhr.audits[r.id])
          .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== "informative")
          .map((a) => `${a.id} (${Math.round(a.score * 100)})`);
        if (failing.length && scores[i] < 95) console.log(`  ${c}: below 90: ${failing.join(", ")}`);
      }
    }
    if (runs > 1) console.log(`${name}: performance ${performance.join(", ")}; median ${median(performance)}`);
  }
} finally {
  await chrome.kill();
  server.close();
}
