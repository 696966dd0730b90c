// Warmdesk's change to go-app's loader, appended to go-app's app.js (a
// later function declaration replaces an earlier one of the same name).
//
// go-app hands the wasm to WebAssembly.instantiateStreaming as a Response
// it builds around the download, to count progress. A built Response has
// no URL, so the browser can neither stream-compile it from its own
// network buffers nor keep the compiled code for the next visit (Chrome's
// wasm code cache is keyed by the response's URL). Here the response goes
// to the compiler as fetch returned it, and progress is counted on a copy.
async function fetchWithProgress(url, progress) {
  const response = await fetch(url);
  const total = parseInt(goappWasmContentLength, 10);
  if (response.ok && response.body && total > 0) {
    const reader = response.clone().body.getReader();
    (async () => {
      let loaded = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        loaded += value.byteLength;
        progress(Math.min(100, Math.round((loaded * 100) / total)));
      }
    })().catch(() => {});
  }
  return response;
}
