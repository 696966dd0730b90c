/*
 * Warmdesk embed script (protocol version 1, see PROTOCOL.md).
 *
 *   <div id="warmdesk"></div>
 *   <script src="https://warmdesk.example.com/embed.js"></script>
 *   <script>
 *     Warmdesk.on("insert", (reply) => editor.insert(reply.text));
 *     Warmdesk.setTicket({ id: "T-1042", message: "…", customerName: "Dana",
 *                          agentName: "Sam", locale: "en-GB" });
 *   </script>
 *
 * The script frames the widget in the container (data-container="#id" on
 * the script tag picks another one), queues the ticket until the widget is
 * ready, resends it when the widget reloads, and hands the widget's events
 * to your listeners. It talks only to the widget's own origin and listens
 * only to the widget's frame.
 *
 * When the server requires a read token for the library (`warmdesk serve
 * -read-token`), put it on the script tag: data-read-token="…". It goes to
 * the widget in the frame URL's fragment, which browsers never send to a
 * server.
 *
 * After the agent sends a reply, Warmdesk.reportSent(text) lets the widget
 * measure how much the agent changed the reply it suggested; only that
 * ratio is reported to the studio, never the text.
 */
(function () {
  "use strict";
  if (window.Warmdesk) return;

  var VERSION = 1;
  var script = document.currentScript;
  var origin = new URL(script.src, location.href).origin;
  var listeners = { ready: [], insert: [], error: [] };
  var frame = null;
  var ready = false;
  var ticket = null;

  function emit(type, detail) {
    (listeners[type] || []).forEach(function (fn) {
      try { fn(detail); } catch (e) { console.error("warmdesk: listener failed", e); }
    });
  }

  function send() {
    if (ready && ticket && frame && frame.contentWindow) {
      frame.contentWindow.postMessage(ticket, origin);
    }
  }

  function str(v) { return v == null ? "" : String(v); }

  window.addEventListener("message", function (ev) {
    if (!frame || ev.source !== frame.contentWindow || ev.origin !== origin) return;
    var m = ev.data;
    if (!m || typeof m !== "object" || m.warmdesk !== VERSION) return;
    if (m.type === "ready") { ready = true; send(); }
    if (m.type === "insert") m = { text: str(m.text), replyId: str(m.reply_id), ticketId: str(m.ticket_id) };
    if (m.type === "error") m = { code: str(m.code), message: str(m.message) };
    emit(ev.data.type, m);
  });

  function mount() {
    var sel = script.getAttribute("data-container") || "#warmdesk";
    var box = document.querySelector(sel);
    if (!box) { console.error("warmdesk: no element matches " + sel); return; }
    frame = document.createElement("iframe");
    var token = script.getAttribute("data-read-token");
    frame.src = origin + "/widget" + (token ? "#token=" + encodeURIComponent(token) : "");
    frame.title = "Warmdesk reply suggestions";
    frame.name = "warmdesk";
    frame.setAttribute("allow", "clipboard-write");
    frame.style.cssText = "display:block;width:100%;height:100%;border:0;background:transparent";
    box.appendChild(frame);
  }

  window.Warmdesk = {
    version: VERSION,
    /** Shows a ticket in the widget: {id, message, customerName, customerEmail, agentName, locale, insert}. */
    setTicket: function (t) {
      t = t || {};
      ticket = {
        warmdesk: VERSION, type: "ticket",
        ticket_id: str(t.id), message: str(t.message),
        customer_name: str(t.customerName), customer_email: str(t.customerEmail),
        agent_name: str(t.agentName), locale: str(t.locale || document.documentElement.lang)
      };
      // "copy": this host copies inserted replies to the clipboard (it
      // cannot write into its reply box); the widget says so.
      if (t.insert) ticket.insert = str(t.insert);
      send();
    },
    /**
     * Tells the widget the text the agent finally sent for the current
     * ticket (or for ticketId). The widget compares it with the reply it
     * inserted and reports only how much was changed; the text stays here.
     */
    reportSent: function (text, ticketId) {
      if (!frame || !frame.contentWindow || text == null || String(text).trim() === "") return;
      var id = ticketId != null ? str(ticketId) : (ticket ? ticket.ticket_id : "");
      frame.contentWindow.postMessage({ warmdesk: VERSION, type: "sent", ticket_id: id, text: str(text) }, origin);
    },
    /** Listens to "ready", "insert" ({text, replyId, ticketId}) or "error" ({code, message}). */
    on: function (type, fn) {
      if (!listeners[type]) throw new Error("warmdesk: unknown event " + type);
      listeners[type].push(fn);
    },
    /** The widget's frame, for hosts that need it. */
    frame: function () { return frame; }
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
