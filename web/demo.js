// The demo helpdesk: a ticket list, a ticket view and a composer, with the
// Warmdesk widget beside them. Everything from a ticket is set with
// textContent, never as HTML.
(function () {
  "use strict";
  var agent = "Sam Rivera";
  var tickets = [
    { id: "T-1042", customerName: "Dana Whitfield", customerEmail: "dana.w@example.com", time: "9:12",
      subject: "Where is my order?",
      message: "Hi, this is the third time I've asked. Order 48213 was supposed to arrive on Monday and the tracking page hasn't changed in four days. I'm really frustrated, where is my package?" },
    { id: "T-1043", customerName: "Marco Bellini", customerEmail: "marco@example.org", time: "9:40",
      subject: "Refund for damaged blender",
      message: "The blender I got yesterday arrived with a cracked jug. I'd like a refund please, I don't want a replacement." },
    { id: "T-1044", customerName: "Aiko Tanaka", customerEmail: "aiko.t@example.net", time: "10:05",
      subject: "Can't log in",
      message: "I forgot my password and the reset email never arrives. Can you help me get back into my account?" },
    { id: "T-1045", customerName: "Priya Nair", customerEmail: "priya@example.com", time: "10:31",
      subject: "Partnership question",
      message: "Do you sponsor local marathon events? Our running club is looking for partners for the spring race." }
  ];
  var list = document.getElementById("tickets");
  var $ = function (id) { return document.getElementById(id); };
  window.demoEvents = [];

  function initials(name) {
    return name.split(/\s+/).map(function (w) { return w.charAt(0); }).join("").slice(0, 2).toUpperCase();
  }

  function show(t) {
    $("ticket-subject").textContent = t.subject || "Ticket " + t.id;
    $("ticket-id").textContent = "#" + t.id;
    $("ticket-customer").textContent = t.customerName;
    $("ticket-email").textContent = t.customerEmail || "";
    $("bubble-name").textContent = t.customerName;
    $("bubble-time").textContent = t.time || "";
    $("avatar").textContent = initials(t.customerName || "?");
    $("ticket-message").textContent = t.message;
    $("reply").value = "";
    $("host-status").textContent = "";
    Array.prototype.forEach.call(list.querySelectorAll("button"), function (b) {
      b.setAttribute("aria-current", b.dataset.id === t.id ? "true" : "false");
    });
    Warmdesk.setTicket({ id: t.id, message: t.message, customerName: t.customerName.split(" ")[0],
      customerEmail: t.customerEmail, agentName: agent.split(" ")[0], locale: "en-GB" });
  }

  tickets.forEach(function (t) {
    var li = document.createElement("li");
    var b = document.createElement("button");
    b.type = "button";
    b.dataset.id = t.id;
    var name = document.createElement("span"); name.className = "q-name"; name.textContent = t.customerName;
    var time = document.createElement("span"); time.className = "q-time"; time.textContent = t.time;
    var subj = document.createElement("span"); subj.className = "q-subject"; subj.textContent = t.subject;
    b.append(name, time, subj);
    b.addEventListener("click", function () { show(t); });
    li.appendChild(b);
    list.appendChild(li);
  });

  Warmdesk.on("ready", function () { window.demoEvents.push({ type: "ready" }); });
  Warmdesk.on("insert", function (r) {
    window.demoEvents.push({ type: "insert", reply: r });
    $("reply").value = r.text;
    $("host-status").textContent = "Inserted “" + r.replyId + "” from Warmdesk";
  });
  Warmdesk.on("error", function (e) {
    window.demoEvents.push({ type: "error", error: e });
    console.warn("warmdesk error:", e.code, e.message);
  });
  $("composer").addEventListener("submit", function (e) {
    e.preventDefault();
    $("host-status").textContent = "Sent (demo: nothing leaves this page).";
  });

  // For the tests and the curious: show any ticket.
  window.demoShow = show;
  show(tickets[0]);
})();
