/* Questions to ask your doctor: print or copy only the ticked questions.
   Progressive enhancement: without this script the checkboxes still tick,
   and the browser's own Print prints them ticked or empty.
   Nothing is stored, and nothing leaves the page (no form, no request). */
(function () {
  "use strict";

  var PRINT_CLASS = "questions-print-ticked";

  /* The text of a question or heading, without citation numbers or the heading's link sign. */
  function questionText(label) {
    var copy = label.cloneNode(true);
    var drop = copy.querySelectorAll("sup, input, .headerlink");
    for (var i = 0; i < drop.length; i += 1) { drop[i].parentNode.removeChild(drop[i]); }
    return copy.textContent.replace(/\s+/g, " ").replace(/\s+([?.,])/g, "$1").trim();
  }

  /* The ticked questions, grouped under the heading of their section. */
  function ticked(root) {
    var groups = [];
    var boxes = root.querySelectorAll(".question-list input[type=checkbox]:checked");
    for (var i = 0; i < boxes.length; i += 1) {
      var label = boxes[i].closest("label");
      var list = boxes[i].closest(".question-list");
      var heading = list;
      while (heading && !/^H2$/.test(heading.tagName)) { heading = heading.previousElementSibling; }
      var title = heading ? questionText(heading) : "";
      if (!groups.length || groups[groups.length - 1].title !== title) {
        groups.push({ title: title, questions: [] });
      }
      groups[groups.length - 1].questions.push(questionText(label));
    }
    return groups;
  }

  function asText(groups) {
    var lines = ["My questions for my doctor", ""];
    groups.forEach(function (group) {
      if (group.title) { lines.push(group.title); }
      group.questions.forEach(function (q) { lines.push("- " + q); });
      lines.push("");
    });
    return lines.join("\n").trim() + "\n";
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  /* A print-only section with the ticked questions and room for answers. */
  function printSheet(groups) {
    var sheet = el("section", "", "questions-ticked");
    sheet.id = "questions-ticked";
    sheet.appendChild(el("h2", "My questions"));
    groups.forEach(function (group) {
      if (group.title) { sheet.appendChild(el("h3", group.title)); }
      var list = el("ul");
      group.questions.forEach(function (q) { list.appendChild(el("li", q)); });
      sheet.appendChild(list);
    });
    sheet.appendChild(el("h3", "Notes"));
    sheet.appendChild(el("div", "", "questions-notes"));
    return sheet;
  }

  function enhance() {
    var printButton = document.getElementById("questions-print");
    var copyButton = document.getElementById("questions-copy");
    var status = document.getElementById("questions-status");
    var content = document.querySelector(".md-content__inner");
    if (!printButton || !copyButton || !status || !content) { return; }
    var needed = document.querySelectorAll(".js-needed");
    for (var i = 0; i < needed.length; i += 1) { needed[i].hidden = true; }
    var controls = document.querySelectorAll(".js-only");
    for (var j = 0; j < controls.length; j += 1) { controls[j].hidden = false; }

    function say(text) { status.textContent = text; }

    function cleanUp() {
      document.documentElement.classList.remove(PRINT_CLASS);
      var old = document.getElementById("questions-ticked");
      if (old) { old.parentNode.removeChild(old); }
    }

    printButton.addEventListener("click", function () {
      var groups = ticked(content);
      if (!groups.length) {
        say("Tick at least one question first. Or use your browser's Print command to print the whole page.");
        return;
      }
      cleanUp();
      var title = content.querySelector("h1");
      content.insertBefore(printSheet(groups), title ? title.nextSibling : content.firstChild);
      document.documentElement.classList.add(PRINT_CLASS);
      say("");
      // Print media shows only this sheet (tools.css). It stays until the print
      // dialog closes (afterprint) or the next click, and is never shown on screen.
      window.print();
    });
    window.addEventListener("afterprint", cleanUp);

    copyButton.addEventListener("click", function () {
      var groups = ticked(content);
      if (!groups.length) {
        say("Tick at least one question first.");
        return;
      }
      var text = asText(groups);
      var count = groups.reduce(function (n, g) { return n + g.questions.length; }, 0);
      var done = "Copied " + count + (count === 1 ? " question" : " questions") +
        ". You can paste them into a note or a message to yourself.";
      function fallback() {
        var box = document.getElementById("questions-copy-text");
        if (!box) {
          box = el("textarea", "", "questions-copy-text");
          box.id = "questions-copy-text";
          box.setAttribute("aria-label", "Your ticked questions");
          box.readOnly = true;
          status.parentNode.insertBefore(box, status.nextSibling);
        }
        box.value = text;
        box.rows = Math.min(12, text.split("\n").length + 1);
        box.focus();
        box.select();
        say("Your browser did not let this page copy. Your questions are selected in the box below: copy them from there.");
      }
      try {
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(function () { say(done); }, fallback);
        } else {
          fallback();
        }
      } catch (error) {
        fallback();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
}());
