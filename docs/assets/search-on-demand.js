/* Fetch the search index only when a reader starts to search. Material 9.8
   requests search/search_index.json (the largest file of a first visit) as
   soon as a page loads; this holds that one request back until the search box
   is pointed at, focused (click, tap, or the "/", "s", "f" keys) or a ?q=
   search link is opened. Material shows "Initializing search" meanwhile and
   runs the query once the index has arrived. Any other request is untouched;
   if Material ever fetches the index another way, search simply loads as before.
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
