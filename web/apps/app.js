/*
 * Shared by the helpdesk app pages (/apps/zendesk/, /apps/front/,
 * /apps/chatwoot/): each page frames the widget with embed.js, reads the
 * ticket from the helpdesk's own SDK and hands it to Warmdesk.setTicket.
 * This file holds what the three have in common: the helpdesk origins the
 * server allows (the page's <meta name="warmdesk-helpdesks">), the status
 * line, text and HTML conversions, and noticing a sent reply.
 *
 * Everything from the helpdesk is treated as data: text is set with
 * textContent, HTML is parsed by an inert DOMParser document and read as
 * text, and nothing is ever evaluated.
 */
(function () {
  "use strict";

  // A server started with -read-token wants the token with the library.
  // The administrator puts it in the app's URL fragment
  // (…/apps/chatwoot/#token=…), which browsers never send to a server;
  // embed.js, which frames the widget once the page is parsed (after this
  // script), passes it to the widget the same way.
  var tok = /(?:^#|&)token=([^&]*)/.exec(location.hash);
  var embed = document.querySelector('script[src="/embed.js"]');
  if (tok && embed && !embed.hasAttribute("data-read-token")) {
    try { embed.setAttribute("data-read-token", decodeURIComponent(tok[1])); } catch (e) { /* a malformed token is left out */ }
  }

  var meta = document.querySelector('meta[name="warmdesk-helpdesks"]');
  var origins = (meta ? meta.getAttribute("content") : "").split(/[\s,]+/).filter(Boolean);

  function str(v) { return v == null ? "" : String(v); }

  // firstName keeps the first word of a name: replies greet "Hi Dana,".
  function firstName(name) {
    return str(name).trim().split(/\s+/)[0] || "";
  }

  // htmlToText reads HTML as the text a person sees, with a line break for
  // each <br> and paragraph. DOMParser documents run no script and load
  // nothing.
  function htmlToText(html) {
    var doc = new DOMParser().parseFromString("<body>" + str(html) + "</body>", "text/html");
    var out = "";
    var block = /^(P|DIV|LI|TR|H[1-6]|BLOCKQUOTE|PRE|UL|OL|TABLE)$/;
    (function walk(node) {
      for (var n = node.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === 3) { out += n.nodeValue; continue; }
        if (n.nodeType !== 1) continue;
        if (n.nodeName === "BR") { out += "\n"; continue; }
        if (/^(SCRIPT|STYLE|TEMPLATE|HEAD)$/.test(n.nodeName)) continue;
        var isBlock = block.test(n.nodeName);
        if (isBlock && out !== "" && !/\n$/.test(out)) out += "\n";
        walk(n);
        if (isBlock && !/\n$/.test(out)) out += "\n";
      }
    })(doc.body);
    return out.replace(/[ \t\u00a0]+\n/g, "\n").replace(/\n{3,}/g, "\n\n").trim();
  }

  function escapeHTML(s) {
    return str(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  // textToHTML writes plain text as HTML for a rich-text editor: the text
  // escaped, paragraphs at blank lines, <br> at single line breaks.
  function textToHTML(text) {
    return str(text).replace(/\r\n?/g, "\n").split(/\n{2,}/).map(function (p) {
      return "<p>" + escapeHTML(p).replace(/\n/g, "<br>") + "</p>";
    }).join("");
  }

  var statusEl = null;
  // status shows a short line above the widget (empty hides it).
  function status(text, isError) {
    statusEl = statusEl || document.getElementById("wd-app-status");
    if (!statusEl) return;
    statusEl.textContent = str(text);
    statusEl.hidden = !text;
    statusEl.className = isError ? "wd-app-status wd-app-error" : "wd-app-status";
  }

  // SentWatch notices the reply an agent sent after inserting one, in
  // helpdesks that tell an app only the conversation's messages: it
  // remembers which messages a ticket had when the agent inserted, and
  // reports the first new reply from the agent, once.
  function SentWatch() { this.pending = {}; }
  SentWatch.prototype.inserted = function (ticketId, messageIds) {
    var seen = {};
    (messageIds || []).forEach(function (id) { seen[str(id)] = true; });
    this.pending[str(ticketId)] = seen;
  };
  // messages: [{id, outgoing, text}] of ticketId, in any order.
  SentWatch.prototype.check = function (ticketId, messages) {
    var seen = this.pending[str(ticketId)];
    if (!seen) return;
    for (var i = 0; i < messages.length; i++) {
      var m = messages[i];
      if (m.outgoing && !seen[str(m.id)] && str(m.text).trim() !== "") {
        delete this.pending[str(ticketId)];
        Warmdesk.reportSent(m.text, str(ticketId));
        return;
      }
    }
  };

  // show hands a ticket to the widget unless it is the one shown: the
  // helpdesks repeat their context often, and showing a ticket again
  // would drop the reply the agent is editing.
  var shown = "";
  function show(t) {
    var key = JSON.stringify(t);
    if (key === shown) return false;
    shown = key;
    status("");
    Warmdesk.setTicket(t);
    return true;
  }

  window.WarmdeskApp = {
    origins: origins,
    // allowed: origin is one the server was told is this helpdesk's.
    allowed: function (origin) { return origin !== "" && origins.indexOf(str(origin)) >= 0; },
    str: str,
    firstName: firstName,
    htmlToText: htmlToText,
    textToHTML: textToHTML,
    status: status,
    show: show,
    SentWatch: SentWatch
  };
})();
