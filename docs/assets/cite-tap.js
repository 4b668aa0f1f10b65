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
