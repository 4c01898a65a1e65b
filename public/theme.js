// The colour theme: the system's (light or dark), unless the reader chose one
// with the switch this adds to the page; the choice is kept in local storage.
// Loaded in <head>, so a kept choice applies before the first paint; the
// stylesheet does the rest (`:root[data-theme=…]` over `prefers-color-scheme`).
// Plain JavaScript, not part of the app's wasm: it needs nothing of the app.
(() => {
  const key = "cvalues.theme.v1";
  const choices = [["auto", "Theme: system"], ["light", "Theme: light"], ["dark", "Theme: dark"]];
  let stored = null;
  try {
    stored = localStorage.getItem(key);
  } catch {}
  let i = Math.max(0, choices.findIndex(([c]) => c === stored));
  let button = null;
  const apply = () => {
    const [choice, label] = choices[i];
    if (choice === "auto") document.documentElement.removeAttribute("data-theme");
    else document.documentElement.setAttribute("data-theme", choice);
    if (button) {
      button.textContent = label;
      button.dataset.themeChoice = choice;
    }
  };
  apply();
  document.addEventListener("DOMContentLoaded", () => {
    button = document.createElement("button");
    button.type = "button";
    button.className = "theme-switch";
    button.dataset.testid = "theme-switch";
    button.addEventListener("click", () => {
      i = (i + 1) % choices.length;
      try {
        localStorage.setItem(key, choices[i][0]);
      } catch {}
      apply();
    });
    document.body.prepend(button);
    apply();
  });
  // Offline use (offline.js), once the leaderboard is shown, or a few
  // seconds after the page loads on the other views: after the first view.
  let offline = false;
  const loadOffline = () => {
    if (offline) return;
    offline = true;
    const script = document.createElement("script");
    script.src = "offline.js";
    document.head.append(script);
  };
  new PerformanceObserver((list) => list.getEntriesByName("leaderboard-ready").length && loadOffline()).observe({ type: "mark", buffered: true });
  addEventListener("load", () => setTimeout(loadOffline, 3000));
})();
