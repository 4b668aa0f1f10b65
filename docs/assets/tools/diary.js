/* Symptom and activity diary.
 *
 * Privacy: entries live only in this browser's localStorage, under one key
 * (STORAGE_KEY). This script makes no network requests, sets no cookies and
 * uses no third-party code. Export builds a CSV file in the browser (Blob).
 *
 * Robustness: bad input never throws. Invalid fields are reported next to the
 * field and nothing is saved; unreadable stored data is never overwritten
 * without the reader choosing to (they can download it first).
 */
(function () {
  "use strict";

  var STORAGE_KEY = "fibro-diary-v1";
  var VERSION = 1;
  var SLEEP = ["Very poor", "Poor", "Fair", "Good", "Very good"];
  var MOOD = ["Very low", "Low", "Okay", "Good", "Very good"];
  var MAX_TEXT = { activity: 200, notes: 1000 };
  var DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];
  var SHOWN = 30;  // entries drawn until the reader asks for all (fast with years of entries)
  var CSV_HEADER = ["Date", "Pain (0-10)", "Tiredness (0-10)", "Sleep quality", "Mood", "Activity", "Notes"];

  /* ---------- Pure helpers (no DOM) ---------- */

  function isIsoDate(text) {
    if (typeof text !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(text)) { return false; }
    var parts = text.split("-").map(Number);
    var date = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    return date.getUTCFullYear() === parts[0] && date.getUTCMonth() === parts[1] - 1 &&
      date.getUTCDate() === parts[2];
  }

  function longDate(iso) {
    if (!isIsoDate(iso)) { return String(iso); }
    var parts = iso.split("-").map(Number);
    var date = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    return DAYS[date.getUTCDay()] + " " + parts[2] + " " + MONTHS[parts[1] - 1] + " " + parts[0];
  }

  function today() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function isScore(value) {
    return value === null || (typeof value === "number" && Math.floor(value) === value && value >= 0 && value <= 10);
  }

  function validEntry(entry) {
    return entry !== null && typeof entry === "object" && !Array.isArray(entry) &&
      isIsoDate(entry.date) && isScore(entry.pain) && isScore(entry.fatigue) &&
      (entry.sleep === "" || SLEEP.indexOf(entry.sleep) !== -1) &&
      (entry.mood === "" || MOOD.indexOf(entry.mood) !== -1) &&
      typeof entry.activity === "string" && entry.activity.length <= MAX_TEXT.activity &&
      typeof entry.notes === "string" && entry.notes.length <= MAX_TEXT.notes;
  }

  /* Returns {entries: [...]} or {error: "why"}; never throws. */
  function parseStored(text) {
    if (text === null || text === undefined) { return { entries: [] }; }
    var data;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return { error: "it is not in a format this page can read" };
    }
    if (data === null || typeof data !== "object" || Array.isArray(data)) {
      return { error: "it does not look like a diary" };
    }
    if (data.version !== VERSION) {
      return { error: "it was saved in a format this page does not know" };
    }
    if (!Array.isArray(data.entries) || !data.entries.every(validEntry)) {
      return { error: "some entries are damaged or incomplete" };
    }
    var seen = {};
    for (var i = 0; i < data.entries.length; i += 1) {
      if (seen[data.entries[i].date]) { return { error: "a date appears twice" }; }
      seen[data.entries[i].date] = true;
    }
    return { entries: sortEntries(data.entries.slice()) };
  }

  function sortEntries(entries) {
    return entries.sort(function (a, b) { return a.date < b.date ? 1 : a.date > b.date ? -1 : 0; });
  }

  /* Every cell quoted, and a cell that a spreadsheet could run as a formula
     (starting with = + - @ tab or return) starts with ' instead (OWASP, CSV
     injection): so "a;=1+1" stays text where spreadsheets split on ";". */
  function csvCell(value) {
    var text = value === null || value === undefined ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(text)) { text = "'" + text; }
    return '"' + text.replace(/"/g, '""') + '"';
  }

  function toCsv(entries) {
    var rows = [CSV_HEADER];
    sortEntries(entries.slice()).reverse().forEach(function (e) {
      rows.push([e.date, e.pain, e.fatigue, e.sleep, e.mood, e.activity, e.notes]);
    });
    return rows.map(function (row) { return row.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  }

  /* ---------- Storage (localStorage only; every call guarded) ---------- */

  function openStorage() {
    try {
      var store = window.localStorage;
      var probe = STORAGE_KEY + "-probe";
      store.setItem(probe, "1");
      store.removeItem(probe);
      return store;
    } catch (error) {
      return null;
    }
  }

  /* ---------- The page ---------- */

  function byId(id) { return document.getElementById(id); }

  function start() {
    var app = byId("diary-app");
    var form = byId("diary-form");
    if (!app || !form) { return; }

    var ui = {
      status: byId("diary-status"),
      problem: byId("diary-problem"),
      problemText: byId("diary-problem-text"),
      problemDownload: byId("diary-problem-download"),
      problemReset: byId("diary-problem-reset"),
      heading: byId("diary-entries-heading"),
      count: byId("diary-count"),
      list: byId("diary-entries"),
      exportButton: byId("diary-export"),
      printEntries: byId("diary-print-entries"),
      printSheet: byId("diary-print-sheet"),
      deleteAll: byId("diary-delete-all"),
      confirm: byId("diary-confirm"),
      confirmText: byId("diary-confirm-text"),
      confirmYes: byId("diary-confirm-yes"),
      confirmNo: byId("diary-confirm-no"),
      clear: byId("diary-clear")
    };
    var fields = {
      date: byId("diary-date"), pain: byId("diary-pain"), fatigue: byId("diary-fatigue"),
      sleep: byId("diary-sleep"), mood: byId("diary-mood"),
      activity: byId("diary-activity"), notes: byId("diary-notes")
    };
    var state = { entries: [], unreadable: null, storage: openStorage(), pending: null, returnFocus: null,
      showAll: false };

    var needed = document.querySelectorAll(".js-needed");
    for (var i = 0; i < needed.length; i += 1) { needed[i].hidden = true; }
    app.hidden = false;

    function say(message) {
      // Clear first so the same message is announced again.
      ui.status.textContent = "";
      window.setTimeout(function () { ui.status.textContent = message; }, 50);
    }

    /* -- loading -- */

    function load() {
      state.unreadable = null;
      if (!state.storage) {
        state.entries = [];
        showProblem("This browser is not letting this page keep data (some private modes and settings block it). " +
          "You can still fill in the form, but entries cannot be saved. The printable sheet below still works.", false);
        return;
      }
      var text;
      try {
        text = state.storage.getItem(STORAGE_KEY);
      } catch (error) {
        text = null;
      }
      var parsed = parseStored(text);
      if (parsed.error) {
        state.entries = [];
        state.unreadable = text;
        showProblem("The diary saved in this browser could not be read: " + parsed.error + ". " +
          "Nothing has been changed or deleted. You can download the saved data as a text file to keep it, " +
          "or start a new, empty diary. Saving is paused until you choose.", true);
      } else {
        state.entries = parsed.entries;
        hideProblem();
      }
    }

    function showProblem(message, canFix) {
      ui.problemText.textContent = message;
      ui.problemDownload.hidden = !canFix;
      ui.problemReset.hidden = !canFix;
      ui.problem.hidden = false;
    }

    function hideProblem() {
      ui.problem.hidden = true;
      ui.problemText.textContent = "";
    }

    function write(entries) {
      if (!state.storage) { return "This browser is not letting this page keep data, so the entry was not saved."; }
      try {
        state.storage.setItem(STORAGE_KEY, JSON.stringify({ version: VERSION, entries: entries }));
        return null;
      } catch (error) {
        return "The browser would not store the entry (its storage may be full), so it was not saved.";
      }
    }

    /* -- showing entries -- */

    function render() {
      var n = state.entries.length;
      var shown = state.showAll ? n : Math.min(n, SHOWN);
      ui.count.textContent = n === 0 ? "You have no saved entries in this browser." :
        "You have " + n + (n === 1 ? " saved entry" : " saved entries") + " in this browser, newest first." +
        (shown < n ? " The latest " + shown + " are shown." : "");
      ui.list.textContent = "";
      ui.exportButton.disabled = n === 0;
      ui.printEntries.disabled = n === 0;
      ui.deleteAll.disabled = n === 0;
      if (n === 0) { return; }

      var table = document.createElement("table");
      table.className = "diary-entries";
      var caption = document.createElement("caption");
      caption.textContent = "Your saved diary entries";
      table.appendChild(caption);
      var head = table.createTHead().insertRow();
      ["Date", "Pain", "Tiredness", "Sleep", "Mood", "Activity", "Notes", "Remove"].forEach(function (name) {
        var th = document.createElement("th");
        th.scope = "col";
        th.textContent = name;
        if (name === "Remove") { th.className = "diary-no-print"; }
        head.appendChild(th);
      });
      var body = table.createTBody();
      state.entries.slice(0, shown).forEach(function (entry) {
        var row = body.insertRow();
        var th = document.createElement("th");
        th.scope = "row";
        th.textContent = longDate(entry.date);
        row.appendChild(th);
        [entry.pain, entry.fatigue, entry.sleep, entry.mood, entry.activity, entry.notes].forEach(function (value) {
          row.insertCell().textContent = value === null || value === "" ? "\u2013" : String(value);
        });
        var cell = row.insertCell();
        cell.className = "diary-no-print";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "md-button diary-small";
        button.textContent = "Delete";
        button.setAttribute("aria-label", "Delete the entry for " + longDate(entry.date));
        button.setAttribute("data-date", entry.date);
        cell.appendChild(button);
      });
      ui.list.appendChild(table);
      if (shown < n) {
        var more = document.createElement("button");
        more.type = "button";
        more.id = "diary-show-all";
        more.className = "md-button diary-no-print";
        more.textContent = "Show all " + n + " entries";
        ui.list.appendChild(more);
      }
    }

    // One listener for the whole list: Delete on a row, and "Show all".
    ui.list.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button") : null;
      if (!button) { return; }
      if (button.id === "diary-show-all") {
        state.showAll = true;
        render();
        say("All " + state.entries.length + " entries are shown.");
        return;
      }
      var date = button.getAttribute("data-date");
      if (date) {
        askToConfirm("Delete the entry for " + longDate(date) + "? This cannot be undone.",
          "Yes, delete this day", "No, keep it", function () { removeOne(date); }, button);
      }
    });

    /* -- form -- */

    function setError(name, message) {
      var input = fields[name];
      var box = byId("diary-" + name + "-error");
      var hint = byId("diary-" + name + "-hint");
      var described = hint ? [hint.id] : [];
      if (message) {
        box.textContent = message;
        box.hidden = false;
        input.setAttribute("aria-invalid", "true");
        described.push(box.id);
      } else {
        box.textContent = "";
        box.hidden = true;
        input.removeAttribute("aria-invalid");
      }
      if (described.length) {
        input.setAttribute("aria-describedby", described.join(" "));
      } else {
        input.removeAttribute("aria-describedby");
      }
    }

    function readScore(name, label, errors) {
      var input = fields[name];
      var raw = String(input.value || "").trim();
      if (input.validity && input.validity.badInput) {
        errors[name] = label + " must be a whole number from 0 to 10.";
        return null;
      }
      if (raw === "") { return null; }
      var value = Number(raw);
      if (!isFinite(value) || Math.floor(value) !== value) {
        errors[name] = label + " must be a whole number from 0 to 10. You entered " + raw + ".";
        return null;
      }
      if (value < 0 || value > 10) {
        errors[name] = label + " must be from 0 to 10. You entered " + raw + ".";
        return null;
      }
      return value;
    }

    function readChoice(name, options, errors) {
      var value = fields[name].value || "";
      if (value !== "" && options.indexOf(value) === -1) {
        errors[name] = "Please choose one of the options.";
        return "";
      }
      return value;
    }

    function readText(name, errors) {
      var value = String(fields[name].value || "").trim();
      if (value.length > MAX_TEXT[name]) {
        errors[name] = "Please keep this to " + MAX_TEXT[name] + " characters or fewer (now " + value.length + ").";
      }
      return value;
    }

    function readForm() {
      var errors = {};
      var date = String(fields.date.value || "").trim();
      if (fields.date.validity && fields.date.validity.badInput) {
        errors.date = "Enter a real date, for example 2026-03-14.";
      } else if (date === "") {
        errors.date = "Enter the date this entry is for.";
      } else if (!isIsoDate(date)) {
        errors.date = "Enter a real date as year-month-day, for example 2026-03-14.";
      }
      var entry = {
        date: date,
        pain: readScore("pain", "Pain", errors),
        fatigue: readScore("fatigue", "Tiredness", errors),
        sleep: readChoice("sleep", SLEEP, errors),
        mood: readChoice("mood", MOOD, errors),
        activity: readText("activity", errors),
        notes: readText("notes", errors)
      };
      var empty = entry.pain === null && entry.fatigue === null && entry.sleep === "" && entry.mood === "" &&
        entry.activity === "" && entry.notes === "";
      return { entry: entry, errors: errors, empty: empty && !errors.pain && !errors.fatigue };
    }

    function fill(entry) {
      fields.pain.value = entry && entry.pain !== null ? String(entry.pain) : "";
      fields.fatigue.value = entry && entry.fatigue !== null ? String(entry.fatigue) : "";
      fields.sleep.value = entry ? entry.sleep : "";
      fields.mood.value = entry ? entry.mood : "";
      fields.activity.value = entry ? entry.activity : "";
      fields.notes.value = entry ? entry.notes : "";
    }

    function find(date) {
      for (var k = 0; k < state.entries.length; k += 1) {
        if (state.entries[k].date === date) { return state.entries[k]; }
      }
      return null;
    }

    function clearErrors() {
      Object.keys(fields).forEach(function (name) { setError(name, ""); });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      try {
        save();
      } catch (error) {
        say("Sorry, something went wrong. The entry was not saved. Your other entries are unchanged.");
      }
    });

    function save() {
      var result = readForm();
      clearErrors();
      var names = Object.keys(result.errors);
      if (names.length) {
        names.forEach(function (name) { setError(name, result.errors[name]); });
        say("Entry not saved. Please check the " + (names.length === 1 ? "field" : names.length + " fields") +
          " marked with a message.");
        fields[names[0]].focus();
        return;
      }
      if (result.empty) {
        say("Nothing to save yet. Fill in at least one item for this day.");
        fields.pain.focus();
        return;
      }
      if (state.unreadable !== null) {
        say("Not saved: the diary already in this browser could not be read. Download it or start a new diary first.");
        ui.problem.focus();
        return;
      }
      var existed = find(result.entry.date) !== null;
      var next = state.entries.filter(function (e) { return e.date !== result.entry.date; });
      next.push(result.entry);
      sortEntries(next);
      var failure = write(next);
      if (failure) {
        say(failure);
        return;
      }
      state.entries = next;
      render();
      say((existed ? "Saved. Your entry for " + longDate(result.entry.date) + " was updated." :
        "Saved. Your entry for " + longDate(result.entry.date) + " is stored in this browser."));
    }

    fields.date.addEventListener("change", function () {
      var date = String(fields.date.value || "");
      setError("date", "");
      var entry = find(date);
      if (entry) {
        fill(entry);
        say("This date already has an entry. It is shown in the form, and saving will replace it.");
      }
    });

    ui.clear.addEventListener("click", function () {
      fill(null);
      clearErrors();
      fields.date.value = today();
      say("The form was cleared. Your saved entries are unchanged.");
      fields.date.focus();
    });

    /* -- removing -- */

    function removeOne(date) {
      var next = state.entries.filter(function (e) { return e.date !== date; });
      var failure = write(next);
      if (failure) { say(failure); return; }
      state.entries = next;
      render();
      say("Deleted the entry for " + longDate(date) + ".");
      ui.heading.focus();
    }

    function askToConfirm(text, yesLabel, noLabel, action, returnFocus) {
      state.pending = action;
      state.returnFocus = returnFocus;
      ui.confirmText.textContent = text;
      ui.confirmYes.textContent = yesLabel;
      ui.confirmNo.textContent = noLabel;
      ui.confirm.hidden = false;
      ui.confirmNo.focus();
    }

    function closeConfirm(focusBack) {
      ui.confirm.hidden = true;
      state.pending = null;
      if (focusBack && state.returnFocus && !state.returnFocus.disabled && !state.returnFocus.hidden) {
        state.returnFocus.focus();
      } else if (focusBack) {
        ui.heading.focus();
      }
      state.returnFocus = null;
    }

    ui.deleteAll.addEventListener("click", function () {
      var n = state.entries.length;
      askToConfirm("Delete all " + n + (n === 1 ? " entry" : " entries") + " from this browser? This cannot be undone. " +
        "You may want to download a copy first.", "Yes, delete all entries", "No, keep my entries",
        function () {
          try { state.storage.removeItem(STORAGE_KEY); } catch (error) { return say("The entries could not be deleted."); }
          state.entries = [];
          render();
          say("All entries were deleted from this browser.");
        }, ui.deleteAll);
    });

    ui.problemReset.addEventListener("click", function () {
      askToConfirm("Start a new, empty diary? This deletes the unreadable data for good. " +
        "Download it first if you may need it.", "Yes, start a new diary", "No, keep the data",
        function () {
          try { state.storage.removeItem(STORAGE_KEY); } catch (error) { return say("The data could not be deleted."); }
          state.unreadable = null;
          state.entries = [];
          hideProblem();
          render();
          say("A new, empty diary was started. You can save entries again.");
        }, ui.problemReset);
    });

    ui.confirmYes.addEventListener("click", function () {
      var action = state.pending;
      closeConfirm(false);
      if (action) { action(); }
      ui.heading.focus();
    });
    ui.confirmNo.addEventListener("click", function () {
      closeConfirm(true);
      say("Nothing was deleted.");
    });
    ui.confirm.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        closeConfirm(true);
        say("Nothing was deleted.");
      }
    });

    /* -- files and printing -- */

    function download(text, name, type) {
      var url = URL.createObjectURL(new Blob([text], { type: type }));
      var link = document.createElement("a");
      link.href = url;
      link.download = name;
      link.hidden = true;
      document.body.appendChild(link);
      link.click();
      document.body.removeChild(link);
      window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    }

    ui.exportButton.addEventListener("click", function () {
      if (!state.entries.length) { return say("There are no entries to download."); }
      try {
        download("\ufeff" + toCsv(state.entries), "symptom-diary-" + today() + ".csv", "text/csv;charset=utf-8");
        say("Your diary was downloaded as a file (" + state.entries.length + " entries). It was made on this device.");
      } catch (error) {
        say("Sorry, the file could not be made in this browser.");
      }
    });

    ui.problemDownload.addEventListener("click", function () {
      try {
        download(state.unreadable === null ? "" : String(state.unreadable),
          "symptom-diary-unreadable-" + today() + ".txt", "text/plain;charset=utf-8");
        say("The saved data was downloaded as a text file. Nothing was changed.");
      } catch (error) {
        say("Sorry, the file could not be made in this browser.");
      }
    });

    function printOnly(part) {
      var root = document.documentElement;
      root.classList.add("diary-print-" + part);
      var done = function () {
        root.classList.remove("diary-print-" + part);
        window.removeEventListener("afterprint", done);
      };
      window.addEventListener("afterprint", done);
      try {
        window.print();
      } finally {
        window.setTimeout(done, 1000);
      }
    }
    ui.printEntries.addEventListener("click", function () {
      if (!state.showAll) { state.showAll = true; render(); }  // print every entry, not only the latest
      printOnly("entries");
    });
    ui.printSheet.addEventListener("click", function () { printOnly("sheet"); });

    /* -- another tab changed the diary -- */
    window.addEventListener("storage", function (event) {
      if (event.key === STORAGE_KEY || event.key === null) {
        // A question to delete was asked about the diary as it was: withdraw it,
        // so "Yes" cannot delete entries saved meanwhile in the other tab.
        var withdrawn = !ui.confirm.hidden;
        if (withdrawn) { closeConfirm(false); }
        load();
        render();
        if (withdrawn) { ui.heading.focus(); }
        say("The diary was changed in another tab or window, and this page now shows the latest version." +
          (withdrawn ? " Nothing was deleted: ask again if you still want to delete." : ""));
      }
    });

    fields.date.value = today();
    load();
    render();
  }

  // Exposed for tests and curious readers; holds no data.
  window.FibroDiary = { STORAGE_KEY: STORAGE_KEY, parseStored: parseStored, toCsv: toCsv };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
