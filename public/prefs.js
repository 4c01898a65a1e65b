// The reader's preferences, applied before the first paint (loaded in <head>):
//
// - The language: the URL's `lang` (zh or en), else the reader's kept choice,
//   else Chinese if the browser's first language is. It sets <html lang>,
//   which the stylesheet (the plain-HTML header and footer) and the app
//   (src/i18n.rs) read, and starts fetching the Chinese catalogue. The
//   switch keeps the choice and reloads the page with it in the URL.
// - The colour theme: the system's (light or dark), unless the reader chose
//   one with the switch; the stylesheet does the rest (`:root[data-theme=…]`
//   over `prefers-color-scheme`).
//
// Choices are kept in local storage. Plain JavaScript, not part of the app's
// wasm: it needs nothing of the app. Once the first view is shown it also
// loads offline.js (offline use).
(() => {
  const store = (key, value) => {
    try {
      if (value === undefined) return localStorage.getItem(key);
      localStorage.setItem(key, value);
    } catch {}
    return null;
  };
  const root = document.documentElement;

  // The language.
  const langKey = "cvalues.lang.v1";
  const known = (l) => (l === "zh" || l === "en" ? l : null);
  const firstLanguage = ((navigator.languages && navigator.languages[0]) || navigator.language || "").toLowerCase();
  const lang =
    known(new URLSearchParams(location.search).get("lang")) ||
    known(store(langKey)) ||
    (firstLanguage.startsWith("zh") ? "zh" : "en");
  const zh = lang === "zh";
  root.lang = zh ? "zh-CN" : "en";
  if (zh) {
    document.title = "CValues 排行榜";
    const preload = document.createElement("link");
    preload.rel = "preload";
    preload.as = "fetch";
    preload.crossOrigin = "anonymous";
    preload.href = "i18n/zh.json";
    document.head.append(preload);
  }
  const text = (en, chinese) => (zh ? chinese : en);

  // The colour theme.
  const themeKey = "cvalues.theme.v1";
  const choices = [
    ["auto", text("Theme: system", "主题：跟随系统")],
    ["light", text("Theme: light", "主题：浅色")],
    ["dark", text("Theme: dark", "主题：深色")],
  ];
  let i = Math.max(0, choices.findIndex(([c]) => c === store(themeKey)));
  let themeButton = null;
  const apply = () => {
    const [choice, label] = choices[i];
    if (choice === "auto") root.removeAttribute("data-theme");
    else root.setAttribute("data-theme", choice);
    if (themeButton) {
      themeButton.textContent = label;
      themeButton.dataset.themeChoice = choice;
    }
  };
  apply();

  const button = (testid, label, onClick) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "pref-switch";
    b.dataset.testid = testid;
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  };
  document.addEventListener("DOMContentLoaded", () => {
    themeButton = button("theme-switch", "", () => {
      i = (i + 1) % choices.length;
      store(themeKey, choices[i][0]);
      apply();
    });
    // Named in the language it switches to.
    const langButton = button("lang-switch", zh ? "English" : "中文", () => {
      const next = zh ? "en" : "zh";
      store(langKey, next);
      // The query as it is (the app's own encoding), with the new `lang`.
      const pairs = location.search.slice(1).split("&").filter((p) => p && !p.startsWith("lang="));
      pairs.push(`lang=${next}`);
      location.assign(`${location.pathname}?${pairs.join("&")}${location.hash}`);
    });
    langButton.lang = zh ? "en" : "zh-CN";
    document.body.prepend(themeButton, langButton);
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
