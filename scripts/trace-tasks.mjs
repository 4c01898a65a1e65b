// The main thread's tasks in a Chromium trace (Lighthouse's, written by
// scripts/lighthouse.mjs) that ran at least MIN_MS (default 10), each with
// when it began (ms after navigation), the app's last performance mark
// before it, how many requests it issued, and its longest parts (script,
// style and layout, wasm compilation). For finding what makes Lighthouse's
// total blocking time: a task counts there once it runs over 50 ms on its
// simulated slow phone, about 12 ms of this machine's time.
//
//   node scripts/trace-tasks.mjs target/lighthouse/mobile.trace.json [MIN_MS]
import fs from "node:fs";

const [file, min = "10"] = process.argv.slice(2);
const trace = JSON.parse(fs.readFileSync(file, "utf8"));
const events = trace.traceEvents ?? trace;
const names = new Map();
for (const e of events) {
  if (e.ph === "M" && e.name === "thread_name") names.set(`${e.pid}:${e.tid}`, e.args.name);
}
const key = (e) => `${e.pid}:${e.tid}`;
const counts = new Map();
for (const e of events) {
  if (e.name === "RunTask" && names.get(key(e)) === "CrRendererMain") counts.set(key(e), (counts.get(key(e)) ?? 0) + 1);
}
const main = [...counts].sort((a, b) => b[1] - a[1])[0][0];
const pid = Number(main.split(":")[0]);
const onMain = events.filter((e) => key(e) === main);
const start = Math.min(...events.filter((e) => e.name === "navigationStart" && e.pid === pid).map((e) => e.ts));
const marks = events
  .filter((e) => e.pid === pid && (e.cat ?? "").includes("blink.user_timing") && !/^(nav|dom|load|unload|commit|response|fetch|connect|request|secure|redirect)/i.test(e.name))
  .sort((a, b) => a.ts - b.ts);
const parts = ["FunctionCall", "UpdateLayoutTree", "Layout", "Paint", "ParseHTML", "v8.wasm.compileConsume", "MajorGC"];
const ms = (us) => (us / 1000).toFixed(1);
for (const task of onMain.filter((e) => e.name === "RunTask" && e.dur >= Number(min) * 1000)) {
  const end = task.ts + task.dur;
  const inside = onMain.filter((e) => e.ts >= task.ts && e.ts <= end);
  const mark = marks.filter((m) => m.ts <= end).at(-1)?.name ?? "-";
  const sends = inside.filter((e) => e.name === "ResourceSendRequest").length;
  const longest = parts
    .map((p) => [p, Math.max(0, ...inside.filter((e) => e.name === p).map((e) => e.dur ?? 0))])
    .filter(([, d]) => d >= 1000)
    .map(([p, d]) => `${p} ${ms(d)}`);
  console.log(`${ms(task.ts - start).padStart(8)} ms  ${ms(task.dur).padStart(5)} ms  after ${mark}; ${sends} requests; ${longest.join(", ")}`);
}
