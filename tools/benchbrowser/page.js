// Injected into every frame before its own scripts (Page.addScriptToEvaluateOnNewDocument).
// It turns on the widget's bench mode, keeps the WebAssembly instance to read its memory,
// and notes when the widget first shows suggestions, in absolute milliseconds.
window.warmdeskBench = true;
(() => {
  for (const name of ["instantiateStreaming", "instantiate"]) {
    const orig = WebAssembly[name];
    if (!orig) continue;
    WebAssembly[name] = async function (...args) {
      const r = await orig.apply(this, args);
      window.__wdInstance = r.instance || r;
      window.__wdInstantiated = performance.timeOrigin + performance.now();
      return r;
    };
  }
  if (location.pathname === "/floor") {
    // The floor page (package floor): when go-app has rendered it, in
    // milliseconds from its navigation.
    new MutationObserver(() => {
      if (!window.__wdFloor && document.getElementById("floor-mounted")) window.__wdFloor = performance.now();
    }).observe(document, { subtree: true, childList: true, attributes: true });
    return;
  }
  if (location.pathname !== "/widget") return;
  const now = () => performance.timeOrigin + performance.now();
  const check = () => {
    if (!window.__wdFirst && document.querySelector("#wd-list [role=option]")) {
      window.__wdFirst = now();
    }
    if (!window.__wdProgress && document.querySelector(".wd-progress")) {
      window.__wdProgress = now();
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true });
  // Long tasks: how long the page's only thread was busy at a stretch.
  window.__wdLongTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__wdLongTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch (e) {}
})();
