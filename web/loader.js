// Warmdesk's change to go-app's loader, appended to go-app's app.js (a
// later function declaration replaces an earlier one of the same name).
//
// go-app hands the wasm to WebAssembly.instantiateStreaming as a Response
// it builds around the download, to count progress. A built Response has
// no URL, so the browser can neither stream-compile it from its own
// network buffers nor keep the compiled code for the next visit (Chrome's
// wasm code cache is keyed by the response's URL). Here the response goes
// to the compiler as fetch returned it. Counting progress on a clone
// measured slower (a tee'd stream feeds the compiler through JavaScript),
// so the loading label says no percentage.
async function fetchWithProgress(url) {
  return fetch(url);
}
