// Offline use: registers the service worker (sw.js), hands it the files the
// page loaded before it was in control, and shows a notice when the page
// shows the copy saved on an earlier visit rather than the published files.
// prefs.js loads this once the leaderboard is shown (or soon after the page
// loads), so none of it competes with the first view.
(() => {
  if (!("serviceWorker" in navigator)) return;
  const workers = navigator.serviceWorker;
  const notice = (savedAt) => {
    if (document.querySelector("[data-testid=offline-notice]")) return;
    const p = document.createElement("p");
    p.className = "offline-notice";
    p.setAttribute("role", "status");
    p.dataset.testid = "offline-notice";
    const lang = document.documentElement.lang || undefined;
    const zh = /^zh/.test(lang || "");
    const date = savedAt ? new Date(savedAt).toLocaleString(lang) : zh ? "之前的访问" : "an earlier visit";
    p.textContent = zh
      ? `离线：正在显示 ${date} 保存的结果。每个分数都由这份副本重新计算；联网后重新加载即可看到最新发布的结果。`
      : `Offline: showing the results as saved on ${date}. Every score is recomputed from that copy; reload when you are online for the latest published results.`;
    document.body.prepend(p);
  };
  workers.addEventListener("message", (event) => {
    if (event.data && event.data.type === "cvalues-from-copy" && event.data.savedAt !== null) notice(event.data.savedAt);
  });
  const inControl = () => {
    const worker = workers.controller;
    if (!worker) return;
    worker.postMessage("cvalues-from-copy?");
    // Only what did not pass through the worker (it keeps what does).
    const keep = (entries) => {
      const urls = entries.filter((e) => !e.workerStart).map((e) => e.name);
      if (urls.length) worker.postMessage({ type: "cvalues-keep", urls });
    };
    keep(performance.getEntriesByType("resource"));
    new PerformanceObserver((list) => keep(list.getEntries())).observe({ type: "resource" });
  };
  if (workers.controller) inControl();
  else workers.addEventListener("controllerchange", inControl, { once: true });
  workers.register("sw.js").catch(() => {});
})();
