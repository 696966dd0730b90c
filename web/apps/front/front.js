/*
 * Warmdesk as a Front sidebar plugin. Front's plugin SDK (our pinned copy
 * of @frontapp/plugin-sdk, served beside this file) connects to Front over
 * a MessageChannel whose port only the framing Front window holds; which
 * sites may frame this page is the server's Content-Security-Policy
 * (-helpdesk front=…).
 *
 * Every context update (the agent opens another conversation, or the
 * conversation changes) reads the conversation's messages and shows the
 * newest inbound one, so the widget follows the agent without reloading.
 * Insert adds the reply to the conversation's draft, or starts a reply
 * draft; the agent's next outbound message after an insert is passed to
 * reportSent.
 */
(function () {
  "use strict";
  var A = window.WarmdeskApp;
  if (!window.Front || !Front.contextUpdates) {
    A.status("Front's plugin SDK did not load.", true);
    return;
  }
  var ctx = null;     // the latest context
  var latest = null;  // {conversationId, messageIds, replyTo}
  var sent = new A.SentWatch();
  var seq = 0;

  function messageText(m) {
    var c = m && m.content;
    if (!c) return "";
    return c.type === "html" ? A.htmlToText(c.body) : A.str(c.body).trim();
  }

  // allMessages reads up to a few pages of the conversation, oldest first.
  function allMessages(context) {
    var out = [];
    function page(token, left) {
      return context.listMessages(token).then(function (list) {
        out = out.concat(list && list.results || []);
        if (list && list.nextPageToken && left > 1) return page(list.nextPageToken, left - 1);
        return out;
      });
    }
    return page(undefined, 5).then(function (ms) {
      return ms.filter(function (m) { return m !== null && typeof m === "object"; }).sort(function (a, b) { return new Date(a.date) - new Date(b.date); });
    });
  }

  function show(context) {
    var n = ++seq;
    ctx = context;
    if (context.type !== "singleConversation" || !context.conversation) {
      latest = null;
      A.status(context.type === "multiConversations" ? "Select one conversation to see reply suggestions." : "Open a conversation to see reply suggestions.");
      return;
    }
    var conv = context.conversation;
    allMessages(context).then(function (ms) {
      if (n !== seq) return; // the agent has moved on
      sent.check(conv.id, ms.map(function (m) { return { id: m.id, outgoing: m.status === "outbound", text: messageText(m) }; }));
      var inbound = null;
      for (var i = ms.length - 1; i >= 0 && !inbound; i--) {
        if (ms[i].status === "inbound" && messageText(ms[i])) inbound = ms[i];
      }
      latest = { conversationId: conv.id, messageIds: ms.map(function (m) { return m.id; }), replyTo: inbound && inbound.id };
      if (!inbound) {
        A.status("This conversation has no message from the customer yet.");
        return;
      }
      var from = inbound.from || conv.recipient || {};
      var teammate = context.teammate || {};
      A.show({
        id: A.str(conv.id), message: messageText(inbound),
        customerName: A.firstName(from.name || (conv.recipient && conv.recipient.name)), customerEmail: A.str(from.handle),
        agentName: A.firstName(teammate.name), locale: document.documentElement.lang
      });
    }).catch(function (err) {
      if (n === seq) A.status("Could not read the conversation from Front: " + (err && err.message || err), true);
    });
  }

  Warmdesk.on("insert", function (r) {
    var context = ctx;
    if (!context || !latest || A.str(latest.conversationId) !== r.ticketId) return;
    var content = { body: r.text, type: "text" };
    var draftId = context.conversation && context.conversation.draftId;
    var done = draftId ?
      context.updateDraft(draftId, { updateMode: "insert", content: content }) :
      context.createDraft(latest.replyTo ? { content: content, replyOptions: { type: "reply", originalMessageId: latest.replyTo } } : { content: content });
    sent.inserted(latest.conversationId, latest.messageIds);
    Promise.resolve(done).catch(function (err) {
      A.status("Front did not take the reply: " + (err && err.message || err) + ". Copy it from Warmdesk instead.", true);
    });
  });

  A.status("Connecting to Front…");
  Front.contextUpdates.subscribe(show);
})();
