// Functions the benchmark runs in the demo page (the host of the widget).
// Times are in milliseconds; both windows' clocks are made absolute with
// performance.timeOrigin so that they compare.
const wd = {
  frame: () => document.querySelector("#warmdesk iframe"),
  win: () => wd.frame().contentWindow,
  doc: () => wd.frame().contentDocument,
  now: (w) => w.performance.timeOrigin + w.performance.now(),
  nextFrame: (w) => new Promise((r) => w.requestAnimationFrame(() => r(wd.now(w)))),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),

  // The host posts tickets one at a time and waits for each to be shown:
  // the DOM holds its id (MutationObserver), then the next frame starts.
  async tickets(n, messages) {
    const w = wd.win(), d = wd.doc();
    w.performance.clearMeasures();
    const out = [];
    for (let i = 0; i < n; i++) {
      const id = "B-" + i;
      const msg = messages[i % messages.length];
      const shown = new Promise((resolve) => {
        const check = () => {
          const m = d.querySelector(".wd-ticket-id");
          if (m && m.textContent === "#" + id) {
            obs.disconnect();
            resolve(wd.now(w));
          }
        };
        const obs = new w.MutationObserver(check);
        obs.observe(d.body, { subtree: true, childList: true, characterData: true });
      });
      const t0 = wd.now(window);
      w.postMessage({ warmdesk: 1, type: "ticket", ticket_id: id, message: msg, customer_name: "Dana", agent_name: "Sam" }, location.origin);
      const t1 = await shown;
      const t2 = await wd.nextFrame(w);
      const analyze = w.performance.getEntriesByName("warmdesk:analyze").pop();
      const compose = w.performance.getEntriesByName("warmdesk:compose").pop();
      out.push({ message: i % messages.length, dom: t1 - t0, frame: t2 - t0,
        analyze: analyze ? analyze.duration : -1, compose: compose ? compose.duration : -1,
        suggestions: d.querySelectorAll("#wd-list [role=option]").length });
      await wd.sleep(30);
    }
    return out;
  },

  // Types each query a letter at a time into the search box, waiting for
  // each keystroke's results to be drawn (the widget's bench mark).
  async search(queries) {
    const w = wd.win(), d = wd.doc();
    const input = d.getElementById("wd-search");
    input.focus();
    const out = [];
    for (const q of queries) {
      for (let k = 1; k <= q.length; k++) {
        const before = w.performance.getEntriesByName("warmdesk:search-drawn").length;
        const t0 = wd.now(w);
        input.value = q.slice(0, k);
        input.dispatchEvent(new w.InputEvent("input", { bubbles: true }));
        let marks;
        while ((marks = w.performance.getEntriesByName("warmdesk:search-drawn")).length <= before) {
          if (wd.now(w) - t0 > 5000) {
            // What the widget did: whether it ran the search, and what it
            // drew, say where a keystroke was lost.
            const a = d.activeElement;
            throw new Error("no search update for " + JSON.stringify(q.slice(0, k)) + " in 5 s (searches run: " +
              w.performance.getEntriesByName("warmdesk:search").length + ", drawn: " + marks.length + ", box: " + JSON.stringify(input.value) +
              ", focus: " + (a ? a.tagName + "#" + a.id : "none") + ")");
          }
          await wd.sleep(1);
        }
        const drawn = w.performance.timeOrigin + marks[marks.length - 1].startTime;
        const s = w.performance.getEntriesByName("warmdesk:search").pop();
        out.push({ query: q.slice(0, k), search: s ? s.duration : -1, drawn: drawn - t0,
          results: d.querySelectorAll("#wd-results [role=option]").length });
        await wd.sleep(5);
      }
    }
    input.value = "";
    input.dispatchEvent(new w.InputEvent("input", { bubbles: true }));
    return out;
  },

  // Where the first load stands, from the widget's own window.
  load() {
    const w = wd.win();
    if (!w || !w.__wdFirst) return null;
    const m = (name) => { const e = w.performance.getEntriesByName(name).pop(); return e ? e.duration : -1; };
    const mark = (name) => { const e = w.performance.getEntriesByName(name).pop(); return e ? e.startTime : -1; };
    // Milestones of the widget's start, from the host page's navigation.
    const origin = w.performance.timeOrigin - performance.timeOrigin;
    const at = (t) => (t >= 0 ? origin + t : -1);
    const res = (suffix) => {
      const e = w.performance.getEntriesByType("resource").find((e) => new URL(e.name).pathname.endsWith(suffix));
      return e ? at(e.responseEnd) : -1;
    };
    return { first: w.__wdFirst - performance.timeOrigin, parse: m("warmdesk:parse"), compile: m("warmdesk:compile"), prepare: m("warmdesk:prepare"),
      progressShown: w.__wdProgress ? w.__wdProgress - performance.timeOrigin : -1,
      longTasks: w.__wdLongTasks || [],
      milestones: { frame: origin, wasmFetched: res("/web/app.wasm"),
        instantiated: w.__wdInstantiated ? w.__wdInstantiated - performance.timeOrigin : -1,
        mounted: at(mark("warmdesk:mounted")), libraryFetched: res("/library.bin"),
        ready: at(mark("warmdesk:ready-drawn")), firstSuggestions: w.__wdFirst - performance.timeOrigin } };
  },

  memory() {
    const w = wd.win();
    const inst = w.__wdInstance;
    const heap = typeof w.warmdeskGoHeap === "function" ? w.warmdeskGoHeap() : {};
    return { wasm: inst && inst.exports.mem ? inst.exports.mem.buffer.byteLength : -1, goLive: heap.live || -1,
      jsHeap: performance.memory ? performance.memory.usedJSHeapSize : -1 };
  },

  // Whether the service worker of w (the widget's frame by default) holds
  // a wasm in its cache.
  async cached(w = wd.win()) {
    if (!w || !w.navigator.serviceWorker) return false;
    await w.navigator.serviceWorker.ready;
    for (const k of await w.caches.keys()) {
      const c = await w.caches.open(k);
      for (const req of await c.keys()) if (new URL(req.url).pathname.endsWith("/web/app.wasm")) return true;
    }
    return false;
  },
};
window.wd = wd;
