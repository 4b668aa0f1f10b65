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
    return open.apply(this, arguments);
  };
  proto.send = function () {
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
   source in place (Material's footnote tooltip opens while the link has
   focus); a second tap on the same number follows the link to the Sources
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
