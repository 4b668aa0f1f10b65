/* 2016 fibromyalgia criteria explainer (Wolfe et al., Semin Arthritis Rheum
 * 2016;46:319-329). Runs only in this browser: no storage, no network.
 *
 * FibroCriteria.score(input) is a pure function; it never throws.
 * input = {
 *   areas: ["neck", "jaw-left", ...]  (or {neck: true, ...}): painful areas, past week
 *   fatigue, waking, cognitive: 0-3   (severity over the past week)
 *   headaches, abdomen, depression: 0-1 or true/false (previous 6 months)
 *   threeMonths: true/false           (symptoms generally present >= 3 months)
 * }
 * Returns {wpi, sss, generalised, regionsWithPain, regions, meetsThresholds,
 *          meetsDuration, meetsCriteria, messages}.
 */
(function (root) {
  "use strict";

  // The 19 areas of the widespread pain index, in the 5 regions of the 2016
  // criteria. Jaw, chest and abdomen count for the WPI but are excluded from
  // the generalised pain definition (countsForRegion: false).
  var REGIONS = [
    { id: "left-upper", name: "Left upper region", areas: [
      { id: "jaw-left", name: "Jaw, left", countsForRegion: false },
      { id: "shoulder-left", name: "Shoulder girdle, left" },
      { id: "upper-arm-left", name: "Upper arm, left" },
      { id: "lower-arm-left", name: "Lower arm, left" }] },
    { id: "right-upper", name: "Right upper region", areas: [
      { id: "jaw-right", name: "Jaw, right", countsForRegion: false },
      { id: "shoulder-right", name: "Shoulder girdle, right" },
      { id: "upper-arm-right", name: "Upper arm, right" },
      { id: "lower-arm-right", name: "Lower arm, right" }] },
    { id: "left-lower", name: "Left lower region", areas: [
      { id: "hip-left", name: "Hip (buttock, trochanter), left" },
      { id: "upper-leg-left", name: "Upper leg, left" },
      { id: "lower-leg-left", name: "Lower leg, left" }] },
    { id: "right-lower", name: "Right lower region", areas: [
      { id: "hip-right", name: "Hip (buttock, trochanter), right" },
      { id: "upper-leg-right", name: "Upper leg, right" },
      { id: "lower-leg-right", name: "Lower leg, right" }] },
    { id: "axial", name: "Axial region (neck, back, chest and abdomen)", areas: [
      { id: "neck", name: "Neck" },
      { id: "upper-back", name: "Upper back" },
      { id: "lower-back", name: "Lower back" },
      { id: "chest", name: "Chest", countsForRegion: false },
      { id: "abdomen", name: "Abdomen", countsForRegion: false }] }
  ];

  var AREAS = {};
  REGIONS.forEach(function (region) {
    region.areas.forEach(function (area) {
      AREAS[area.id] = { name: area.name, region: region.id,
                         countsForRegion: area.countsForRegion !== false };
    });
  });

  // Symptom severity scale items: [key, plain name, maximum].
  var SEVERITY = [
    ["fatigue", "Fatigue", 3],
    ["waking", "Waking unrefreshed", 3],
    ["cognitive", "Cognitive symptoms (thinking and memory)", 3],
    ["headaches", "Headaches in the previous 6 months", 1],
    ["abdomen", "Pain or cramps in the lower abdomen in the previous 6 months", 1],
    ["depression", "Depression in the previous 6 months", 1]
  ];

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function selectedAreas(raw, messages) {
    var chosen = {};
    var list = [];
    if (raw === undefined || raw === null) {
      return chosen;
    }
    if (Array.isArray(raw)) {
      list = raw;
    } else if (isObject(raw)) {
      Object.keys(raw).forEach(function (key) {
        if (raw[key] === true || raw[key] === 1 || raw[key] === "on" || raw[key] === "yes") {
          list.push(key);
        }
      });
    } else {
      messages.push("The list of painful areas could not be read, so no areas were counted.");
      return chosen;
    }
    list.forEach(function (id) {
      var key = typeof id === "string" ? id.trim().toLowerCase() : id;
      if (typeof key === "string" && Object.prototype.hasOwnProperty.call(AREAS, key)) {
        chosen[key] = true;
      } else {
        messages.push("Unknown body area \u201c" + String(id) + "\u201d was not counted.");
      }
    });
    return chosen;
  }

  function number(value) {
    if (value === true) { return 1; }
    if (value === false) { return 0; }
    if (typeof value === "string") {
      var text = value.trim().toLowerCase();
      if (text === "yes" || text === "on") { return 1; }
      if (text === "no" || text === "off") { return 0; }
      if (text === "") { return NaN; }
      return Number(text);
    }
    if (typeof value === "number") { return value; }
    return NaN;
  }

  function severityItem(input, item, messages) {
    var key = item[0], name = item[1], max = item[2];
    var raw = input[key];
    if (raw === undefined || raw === null || raw === "") {
      messages.push(name + ": not answered, so counted as 0.");
      return 0;
    }
    var value = number(raw);
    if (!isFinite(value)) {
      messages.push(name + ": \u201c" + String(raw) + "\u201d is not a number from 0 to " + max +
                    ", so it was counted as 0.");
      return 0;
    }
    var rounded = Math.round(value);
    var clamped = Math.min(max, Math.max(0, rounded));
    if (clamped !== value) {
      messages.push(name + ": the score must be a whole number from 0 to " + max + "; " +
                    String(raw) + " was counted as " + clamped + ".");
    }
    return clamped;
  }

  function duration(raw, messages) {
    if (raw === undefined || raw === null || raw === "") {
      messages.push("You have not said whether the symptoms have lasted at least 3 months.");
      return false;
    }
    var value = number(raw);
    if (value === 1) { return true; }
    if (value === 0) { return false; }
    messages.push("The answer about 3 months could not be read, so it was taken as \u201cno\u201d.");
    return false;
  }

  function score(input) {
    try {
      return compute(input);
    } catch (error) {
      // Last line of defence (e.g. an object whose properties throw when read).
      return { wpi: 0, sss: 0, generalised: false, regionsWithPain: 0, regions: [],
               meetsThresholds: false, meetsDuration: false, meetsCriteria: false,
               messages: ["The answers could not be read, so nothing was counted."] };
    }
  }

  function compute(input) {
    var messages = [];
    if (!isObject(input)) {
      if (input !== undefined && input !== null) {
        messages.push("The answers could not be read, so nothing was counted.");
      }
      input = {};
    }
    var chosen = selectedAreas(input.areas, messages);
    var wpi = Object.keys(chosen).length;

    var regions = [];
    REGIONS.forEach(function (region) {
      var hasPain = region.areas.some(function (area) {
        return chosen[area.id] && area.countsForRegion !== false;
      });
      if (hasPain) { regions.push(region.id); }
    });

    var sss = 0;
    SEVERITY.forEach(function (item) { sss += severityItem(input, item, messages); });

    var meetsThresholds = (wpi >= 7 && sss >= 5) || (wpi >= 4 && wpi <= 6 && sss >= 9);
    var generalised = regions.length >= 4;
    var meetsDuration = duration(input.threeMonths, messages);
    return {
      wpi: wpi,
      sss: sss,
      generalised: generalised,
      regionsWithPain: regions.length,
      regions: regions,
      meetsThresholds: meetsThresholds,
      meetsDuration: meetsDuration,
      meetsCriteria: meetsThresholds && generalised && meetsDuration,
      messages: messages
    };
  }

  var api = { REGIONS: REGIONS, AREAS: AREAS, SEVERITY: SEVERITY, score: score };

  if (typeof module === "object" && module && module.exports) {
    module.exports = api;
  }
  if (root && typeof root === "object") {
    root.FibroCriteria = api;
  }

  /* ---- The page: read the form, show the result. ---- */

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function radioValue(form, name) {
    var checked = form.querySelector('input[name="' + name + '"]:checked');
    return checked ? checked.value : undefined;
  }

  function readForm(form) {
    var areas = [];
    var boxes = form.querySelectorAll('input[name="area"]:checked');
    for (var i = 0; i < boxes.length; i += 1) { areas.push(boxes[i].value); }
    var input = { areas: areas };
    SEVERITY.forEach(function (item) {
      var key = item[0];
      if (item[2] === 1) {
        var box = form.querySelector('input[name="' + key + '"]');
        input[key] = box ? box.checked : undefined;
      } else {
        input[key] = radioValue(form, key);
      }
    });
    var months = radioValue(form, "threeMonths");
    input.threeMonths = months === undefined ? undefined : months === "yes";
    return input;
  }

  function yesNo(ok) { return ok ? "Yes" : "No"; }

  function render(result, out) {
    out.textContent = "";
    var summary = el("p", "", "criteria-summary");
    var strong = el("strong", result.meetsCriteria ?
      "Your answers fit the pattern the 2016 criteria describe." :
      "Your answers do not fit the pattern the 2016 criteria describe.");
    summary.appendChild(strong);
    summary.appendChild(document.createTextNode(
      " This is not a diagnosis. Only a doctor or other clinician who assesses you can diagnose fibromyalgia, " +
      "and it can be present alongside other conditions."));
    out.appendChild(summary);

    var list = el("ul", "", "criteria-breakdown");
    list.appendChild(el("li", "Widespread pain index (WPI): " + result.wpi + " out of 19 areas."));
    list.appendChild(el("li", "Symptom severity scale (SSS): " + result.sss + " out of 12."));
    list.appendChild(el("li", "Scores high enough (WPI 7 or more and SSS 5 or more, or WPI 4 to 6 and SSS 9 or more): " +
      yesNo(result.meetsThresholds) + "."));
    list.appendChild(el("li", "Regions with pain, not counting jaw, chest or abdomen: " + result.regionsWithPain +
      " out of 5. Pain in at least 4 regions (generalised pain): " + yesNo(result.generalised) + "."));
    list.appendChild(el("li", "Symptoms for at least 3 months: " + yesNo(result.meetsDuration) + "."));
    out.appendChild(list);

    if (result.messages.length) {
      out.appendChild(el("p", "Please note:"));
      var notes = el("ul", "", "criteria-messages");
      result.messages.forEach(function (message) { notes.appendChild(el("li", message)); });
      out.appendChild(notes);
    }
  }

  function enhance() {
    var form = document.getElementById("criteria-form");
    var out = document.getElementById("criteria-result");
    if (!form || !out) { return; }
    var needed = document.querySelectorAll(".js-needed");
    for (var i = 0; i < needed.length; i += 1) { needed[i].hidden = true; }
    var controls = form.querySelectorAll(".js-only");
    for (var j = 0; j < controls.length; j += 1) { controls[j].hidden = false; }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      try {
        render(score(readForm(form)), out);
      } catch (error) {
        out.textContent = "Sorry, the result could not be shown. Your answers are unchanged.";
      }
    });
    form.addEventListener("reset", function () {
      out.textContent = "Answers cleared.";
    });
  }

  /* ---- The body map (drawn at build time by sitekit/bodymap.py): each area
     becomes a checkbox kept in step with the form's own box for that area. ---- */

  function enhanceMap() {
    var svg = document.querySelector("svg.body-map-svg");
    if (!svg) { return; }
    var boxes = {};
    var inputs = document.querySelectorAll('input[name="area"]');
    for (var i = 0; i < inputs.length; i += 1) { boxes[inputs[i].value] = inputs[i]; }
    var areas = svg.querySelectorAll(".body-area");

    function show(area) {
      var box = boxes[area.getAttribute("data-area")];
      area.setAttribute("aria-checked", box && box.checked ? "true" : "false");
    }
    function showAll() {
      for (var k = 0; k < areas.length; k += 1) { show(areas[k]); }
    }

    svg.setAttribute("role", "group");
    svg.removeAttribute("aria-labelledby");
    svg.setAttribute("aria-label", "Body map: choose each area where you had pain");
    var caption = document.querySelector(".body-map-caption");
    if (caption) {
      caption.textContent = "Tap or click an area on the picture, or tick its box below: the two always match. " +
        "With a keyboard, press Tab to move between areas and Space or Enter to choose one.";
    }
    Array.prototype.forEach.call(areas, function (area) {
      var box = boxes[area.getAttribute("data-area")];
      if (!box) { return; }
      area.setAttribute("role", "checkbox");
      area.setAttribute("tabindex", "0");
      area.setAttribute("aria-label", area.getAttribute("data-label"));
      show(area);
      area.addEventListener("click", function () { box.click(); });
      area.addEventListener("keydown", function (event) {
        if (event.key === " " || event.key === "Enter" || event.key === "Spacebar") {
          event.preventDefault();   // no page scroll, no form submission
          box.click();
        }
      });
      box.addEventListener("change", function () { show(area); });
    });
    var form = svg.closest("form");
    if (form) {
      form.addEventListener("reset", function () { window.setTimeout(showAll, 0); });
    }
    // Browsers may restore ticks when the page is reloaded or revisited.
    window.addEventListener("pageshow", showAll);
  }

  if (typeof document !== "undefined" && document.addEventListener) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", enhance);
      document.addEventListener("DOMContentLoaded", enhanceMap);
    } else {
      enhance();
      enhanceMap();
    }
  }
}(typeof window !== "undefined" ? window : null));
