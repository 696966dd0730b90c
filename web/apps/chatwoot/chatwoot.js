/*
 * Warmdesk as a Chatwoot dashboard app. Chatwoot frames this page and
 * posts the app context as a JSON string, {event: "appContext", data:
 * {conversation, contact, currentAgent}}, when the frame loads and
 * whenever the page asks with "chatwoot-dashboard-app:fetch-info". We take
 * it only from the parent frame and only from an origin the server names
 * (-helpdesk chatwoot=…); anything else is ignored.
 *
 * Chatwoot has no way for an app to write into the reply box, so Insert
 * copies the reply to the clipboard, and this page says so. A new context
 * (the agent opened another conversation, or asked again) shows that
 * conversation without reloading; the agent's first new outgoing message
 * after an insert is passed to reportSent.
 */
(function () {
  "use strict";
  var A = window.WarmdeskApp;
  var FETCH = "chatwoot-dashboard-app:fetch-info";
  var parentOrigin = "";   // proven by the first good context
  var current = null;      // {id, messageIds}
  var sent = new A.SentWatch();

  // Chatwoot's message_type: 0 incoming (the customer), 1 outgoing (an agent).
  function isIncoming(m) { return m.message_type === 0 || m.message_type === "incoming"; }
  function isOutgoing(m) { return (m.message_type === 1 || m.message_type === "outgoing") && !m.private; }
  function text(m) { return typeof m.content === "string" ? m.content.trim() : ""; }
  function isObject(v) { return v !== null && typeof v === "object"; }

  function onContext(data) {
    var conv = data && data.conversation;
    if (!conv || conv.id == null) {
      A.status("Open a conversation to see reply suggestions.");
      return;
    }
    var ms = (Array.isArray(conv.messages) ? conv.messages : []).filter(isObject).sort(function (a, b) {
      return (a.created_at || 0) - (b.created_at || 0);
    });
    var id = A.str(conv.id);
    sent.check(id, ms.map(function (m) { return { id: m.id, outgoing: isOutgoing(m), text: text(m) }; }));
    current = { id: id, messageIds: ms.map(function (m) { return m.id; }) };
    var last = null;
    for (var i = ms.length - 1; i >= 0 && !last; i--) {
      if (isIncoming(ms[i]) && text(ms[i])) last = ms[i];
    }
    if (!last) {
      A.status("This conversation has no message from the customer yet.");
      return;
    }
    var sender = (conv.meta && conv.meta.sender) || data.contact || {};
    var agent = data.currentAgent || {};
    A.show({
      id: id, message: text(last),
      customerName: A.firstName(sender.name), customerEmail: A.str(sender.email),
      agentName: A.firstName(agent.name), locale: document.documentElement.lang, insert: "copy"
    });
  }

  var warned = false;
  window.addEventListener("message", function (ev) {
    if (ev.source !== window.parent || window.parent === window) return;
    if (!A.allowed(ev.origin)) {
      // Say once which origin was refused: the usual set-up mistake is a
      // Chatwoot address other than the one given to -helpdesk.
      if (!warned) console.warn("warmdesk: ignored messages from " + JSON.stringify(ev.origin) + ": not the Chatwoot origin this server names (" + A.origins.join(", ") + ")");
      warned = true;
      return;
    }
    if (typeof ev.data !== "string" || ev.data.length > 4 << 20) return;
    var m;
    try { m = JSON.parse(ev.data); } catch (e) { return; }
    if (!m || typeof m !== "object" || m.event !== "appContext") return;
    parentOrigin = ev.origin;
    try { onContext(m.data); } catch (e) { console.warn("warmdesk: could not read Chatwoot's context", e); }
  });

  // copy puts text on the clipboard from this page. Chatwoot's frame does
  // not delegate the clipboard permission, so the asynchronous Clipboard
  // API is refused here; a selected textarea and execCommand("copy") work
  // within the agent's key press or click, which the widget's frame passes
  // up to this one.
  function copy(text) {
    var ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.cssText = "position:fixed;top:0;left:0;width:1px;height:1px;opacity:0";
    document.body.appendChild(ta);
    ta.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    ta.remove();
    var f = Warmdesk.frame();
    if (f) f.contentWindow.focus(); // back to the widget, for the keyboard
    return ok;
  }

  Warmdesk.on("insert", function (r) {
    if (copy(r.text)) {
      A.status("Copied the reply: paste it into Chatwoot's reply box (Ctrl+V or ⌘V).");
    } else {
      A.status("Could not copy the reply: select it in Warmdesk and copy it.", true);
    }
    if (current && current.id === r.ticketId) sent.inserted(current.id, current.messageIds);
  });

  // Chatwoot sends the context when the frame loads and then only when
  // asked, and keeps the frame when the agent opens another conversation:
  // so ask while the panel is visible, every few seconds and when the agent
  // comes back to it. The request carries nothing; it goes only to the
  // allowed origins.
  function ask() {
    if (window.parent === window || document.hidden) return;
    (parentOrigin ? [parentOrigin] : A.origins).forEach(function (o) { window.parent.postMessage(FETCH, o); });
  }
  window.addEventListener("focus", ask);
  document.addEventListener("visibilitychange", ask);
  setInterval(ask, 3000);
  if (!A.origins.length) {
    A.status("No Chatwoot is named for this page: start the server with -helpdesk chatwoot=https://YOUR-CHATWOOT.", true);
    return;
  }
  A.status("Waiting for Chatwoot…");
  ask();
})();
