/* The site's own script, one file so a first visit makes one request for it.
   Loaded before Material's bundle (overrides/main.html), without defer: the
   search part must be in place before the bundle asks for the search index
   and worker. Two independent parts follow. */

/* Start search only when a reader starts to search. Material 9.8 requests
   search/search_index.json (the largest file of a first visit) and starts its
   search worker (a second script) as soon as a page loads; this holds both
   back until the search box is pointed at, focused (click, tap, or the "/",
   "s", "f" keys) or a ?q= search link is opened. Material shows "Initializing
   search" meanwhile and runs the query once the index has arrived.
   The worker: Material calls `new Worker(url)` once, then only uses
   postMessage and message listeners; until search is wanted it gets a
   stand-in that queues its messages, and the real worker is started then.
   Any other request or worker is untouched; if Material ever loads search
   another way, search simply loads as before.
   Loaded before Material's bundle (overrides/main.html). */
(function () {
  var proto = XMLHttpRequest.prototype, open = proto.open, send = proto.send, held = [], wanted = false;
  proto.open = function (method, url) {
    this._heldIndex = /\/search\/search_index\.json$/.test(String(url));
    this._sitemap = /\/sitemap\.xml$/.test(String(url));
    return open.apply(this, arguments);
  };
  proto.send = function () {
    // Material fetches sitemap.xml on every page load for instant navigation
    // and link previews, which this site does not use: it is never sent.
    if (this._sitemap) return undefined;
    if (!this._heldIndex || wanted) return send.apply(this, arguments);
    var request = this, args = arguments;
    held.push(function () { send.apply(request, args); });
  };

  var RealWorker = window.Worker;
  if (RealWorker && window.EventTarget) {
    var Later = function (url, options) {
      if (!/\/workers\/search\.[^/]*\.js$/.test(String(url)) || wanted) return new RealWorker(url, options);
      var standIn = new EventTarget(), queue = [], real = null;
      standIn.postMessage = function () {
        if (real) real.postMessage.apply(real, arguments); else queue.push(arguments);
      };
      standIn.terminate = function () { queue = []; if (real) real.terminate(); };
      held.push(function () {
        real = new RealWorker(url, options);
        ["message", "messageerror", "error"].forEach(function (type) {
          real.addEventListener(type, function (event) {
            standIn.dispatchEvent(type === "error" ? new Event("error")
              : new MessageEvent(type, { data: event.data }));
          });
        });
        queue.splice(0).forEach(function (args) { real.postMessage.apply(real, args); });
      });
      return standIn;
    };
    Later.prototype = RealWorker.prototype;
    window.Worker = Later;
  }

  function release() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (go) { go(); });
  }
  function nearSearch(event) {
    var target = event.target;
    if (target.closest && target.closest(".md-search, label[for=__search]")) release();
  }
  ["focusin", "pointerover"].forEach(function (type) {
    document.addEventListener(type, nearSearch, { passive: true });
  });
  if (/[?&]q=/.test(location.search)) release();
})();

/* Citations on a touch screen: the first tap on a citation number shows its
   source in place (the tooltip below opens while the link has focus); a second tap on the same number follows the link to the Sources
   list. Mouse, keyboard and pages without JavaScript are unchanged. */
(function () {
  "use strict";
  var citation = function (target) { return target && target.closest ? target.closest("sup.cite a") : null; };
  var focusedBefore = null;
  document.addEventListener("pointerdown", function (event) {
    var link = citation(event.target);
    focusedBefore = link && document.activeElement === link ? link : null;
  }, true);
  document.addEventListener("click", function (event) {
    var link = citation(event.target);
    if (!link || event.pointerType !== "touch" || focusedBefore === link) return;
    event.preventDefault();
    link.focus();
  }, true);
})();

/* Definitions and sources in place, made only when wanted. A glossary term
   (abbr with a title) shows its definition, and a citation number its
   source, in Material's tooltip look (md-tooltip2), on hover, keyboard focus
   or tap. Material's own content.tooltips and content.footnote.tooltips
   features do this too, but they set up every term and citation of a page
   while it loads (hundreds on the longest pages), which was the largest
   part of the theme's start-up script on a slow phone (issue 18). Here one
   tooltip is built when a reader points at a term, and removed after.
   Escape closes it (WCAG 1.4.13). Without JavaScript the title still shows. */
(function () {
  "use strict";
  var open = null, seq = 0, hideTimer = 0;

  function hostOf(node) {
    var el = node && node.closest ? node.closest("abbr[title], abbr[data-title], a.footnote-ref") : null;
    return el && el.closest(".md-content") ? el : null;
  }

  function build(host) {
    var node = document.createElement("div"), inner = document.createElement("div");
    node.className = "md-tooltip2";
    inner.className = "md-tooltip2__inner md-typeset";
    node.appendChild(inner);
    node.id = "__tip_" + (seq++);
    if (host.tagName === "ABBR") {
      node.setAttribute("role", "tooltip");
      var title = host.getAttribute("title");
      if (title !== null) { host.setAttribute("data-title", title); host.removeAttribute("title"); }
      inner.textContent = host.getAttribute("data-title");
      host.setAttribute("aria-describedby", node.id);
    } else {
      var entry = document.getElementById(decodeURIComponent(host.hash.slice(1)));
      if (!entry) return null;
      node.setAttribute("role", "dialog");
      Array.prototype.forEach.call(entry.cloneNode(true).children, function (c) { inner.appendChild(c); });
      host.setAttribute("aria-controls", node.id);
      host.setAttribute("aria-haspopup", "dialog");
    }
    return node;
  }

  function place(host, node) {
    var box = host.getBoundingClientRect(), set = function (k, v) { node.style.setProperty(k, v + "px"); };
    var y;
    set("--md-tooltip-host-x", box.left + window.scrollX);
    set("--md-tooltip-host-y", box.top + window.scrollY);
    set("--md-tooltip-x", box.width / 2);
    if (node.getAttribute("role") === "tooltip") {
      y = 8 + box.height;
      set("--md-tooltip-width", node.firstChild.getBoundingClientRect().width);
      set("--md-tooltip-tail", 0);
    } else if (box.top >= window.innerHeight / 2) {
      y = -16 - node.getBoundingClientRect().height;
    } else {
      y = 16 + box.height;
    }
    set("--md-tooltip-y", y);
    node.classList.toggle("md-tooltip2--top", y < 0);
    node.classList.toggle("md-tooltip2--bottom", y >= 0);
  }

  function hide() {
    clearTimeout(hideTimer);
    if (!open) return;
    var host = open.host, node = open.node;
    open = null;
    host.removeAttribute("aria-describedby");
    host.removeAttribute("aria-controls");
    host.removeAttribute("aria-haspopup");
    if (host.hasAttribute("data-title")) {
      host.setAttribute("title", host.getAttribute("data-title"));
      host.removeAttribute("data-title");
    }
    node.classList.remove("md-tooltip2--active");
    setTimeout(function () { node.remove(); }, 250);
  }

  function show(host) {
    clearTimeout(hideTimer);
    if (open && open.host === host) return;
    hide();
    var node = build(host);
    if (!node) return;
    document.body.appendChild(node);
    place(host, node);
    open = { host: host, node: node };
    requestAnimationFrame(function () {
      if (open && open.node === node) node.classList.add("md-tooltip2--active");
    });
  }

  function inside(node) { return open && node && (open.node.contains(node) || open.host.contains(node)); }
  function later() { clearTimeout(hideTimer); hideTimer = setTimeout(hide, 250); }

  document.addEventListener("mouseover", function (event) {
    var host = hostOf(event.target);
    if (host) show(host); else if (inside(event.target)) clearTimeout(hideTimer);
  }, { passive: true });
  document.addEventListener("mouseout", function (event) {
    if (open && inside(event.target) && !inside(event.relatedTarget) && document.activeElement !== open.host) later();
  }, { passive: true });
  document.addEventListener("focusin", function (event) {
    var host = hostOf(event.target);
    if (host) show(host); else if (!inside(event.target)) hide();
  });
  document.addEventListener("focusout", function (event) {
    if (open && event.target === open.host && !inside(event.relatedTarget)) later();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) hide();
  });
  window.addEventListener("resize", hide, { passive: true });
})();
