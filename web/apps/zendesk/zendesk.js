/*
 * Warmdesk as a Zendesk Support ticket sidebar app. Zendesk frames this
 * page with ?origin=<the account's origin>&app_guid=…; the ZAF SDK (loaded
 * from Zendesk's CDN, as Zendesk documents) talks to that origin only, and
 * only to the parent frame. We also refuse to start unless that origin is
 * one the server was told about (-helpdesk zendesk=…).
 *
 * The ticket: requester and agent names, the newest message from the
 * requester in ticket.conversation (ticket.description when there is
 * none), the ticket id and the agent's locale. It is read again when
 * Zendesk says the ticket changed, so the widget follows the ticket
 * without reloading. Insert puts the reply at the cursor in the reply
 * editor; the text the agent finally submits is passed to reportSent.
 */
(function () {
  "use strict";
  var A = window.WarmdeskApp;
  var origin = new URLSearchParams(location.search).get("origin") || "";
  if (!window.ZAFClient) {
    A.status("Zendesk's app framework did not load: check that this page may load https://static.zdassets.com.", true);
    return;
  }
  if (!A.allowed(origin)) {
    A.status("This page works inside Zendesk only, for the accounts its server names (warmdesk serve -helpdesk zendesk=…).", true);
    console.warn("warmdesk: refusing Zendesk origin " + JSON.stringify(origin));
    return;
  }
  var client = ZAFClient.init();
  if (!client) {
    A.status("Open this page from Zendesk: it needs the origin and app_guid Zendesk adds to its address.", true);
    return;
  }

  var fields = ["ticket.id", "ticket.requester.id", "ticket.requester.name", "ticket.requester.email",
    "ticket.description", "ticket.conversation", "currentUser.name", "currentUser.locale", "comment.useRichText"];
  var current = { id: "", richText: true };
  var submitting = null; // the comment being submitted, until Zendesk says it went

  // latestFromRequester is the newest conversation entry the requester
  // wrote, as text.
  function latestFromRequester(conv, requesterId) {
    if (!Array.isArray(conv)) return "";
    for (var i = conv.length - 1; i >= 0; i--) {
      var e = conv[i] || {};
      var author = e.author || {};
      var mine = (requesterId != null && String(author.id) === String(requesterId)) || author.role === "end-user";
      if (!mine || !e.message) continue;
      var body = A.str(e.message.content);
      var text = /html/i.test(A.str(e.message.contentType)) ? A.htmlToText(body) : body.trim();
      if (text) return text;
    }
    return "";
  }

  var reading = 0;
  function refresh() {
    var n = ++reading;
    client.get(fields).then(function (d) {
      if (n !== reading) return; // a newer read is on its way
      var id = A.str(d["ticket.id"]);
      var message = latestFromRequester(d["ticket.conversation"], d["ticket.requester.id"]) ||
        A.str(d["ticket.description"]).trim();
      current = { id: id, richText: d["comment.useRichText"] !== false };
      if (!message) {
        A.status("This ticket has no message from the customer yet.");
        return;
      }
      A.show({
        id: id, message: message,
        customerName: A.firstName(d["ticket.requester.name"]), customerEmail: A.str(d["ticket.requester.email"]),
        agentName: A.firstName(d["currentUser.name"]), locale: A.str(d["currentUser.locale"])
      });
    }).catch(function (err) {
      A.status("Could not read the ticket from Zendesk: " + (err && err.message || err), true);
    });
  }

  Warmdesk.on("insert", function (r) {
    var done = current.richText ?
      client.invoke("ticket.editor.insert", A.textToHTML(r.text)) :
      client.invoke("comment.appendText", r.text);
    done.catch(function (err) {
      A.status("Zendesk did not take the reply: " + (err && err.message || err) + ". Copy it from Warmdesk instead.", true);
    });
  });

  // The reply the agent submits: read while Zendesk waits for the save
  // hook (the editor still holds it), reported once the save succeeded.
  // The hook always lets the save go ahead.
  client.on("ticket.save", function () {
    submitting = null;
    return client.get(["comment.text", "comment.type"]).then(function (d) {
      if (d["comment.type"] !== "internalNote") {
        submitting = { id: current.id, text: A.htmlToText(d["comment.text"]) };
      }
      return true;
    }, function () { return true; });
  });
  client.on("ticket.submit.done", function () {
    if (submitting && submitting.text) Warmdesk.reportSent(submitting.text, submitting.id);
    submitting = null;
  });
  client.on("ticket.submit.fail", function () { submitting = null; });

  // The ticket changed under the agent (a new message, another
  // requester), or the agent came back to it: show it as it is now.
  ["ticket.updated", "ticket.conversation.changed", "ticket.requester.id.changed", "app.activated"].forEach(function (ev) {
    client.on(ev, refresh);
  });
  A.status("Connecting to Zendesk…");
  client.on("app.registered", refresh);
})();
