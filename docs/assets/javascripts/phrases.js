/* Phrase-bank filters: report year, function and tag, without reloading.
 * Without JavaScript the form stays hidden and every phrase is shown. */
(function () {
  "use strict";

  function init(form) {
    var year = form.elements.year, fn = form.elements["function"], tag = form.elements.tag;
    var count = form.querySelector(".phrase-count");
    var phrases = Array.prototype.slice.call(document.querySelectorAll(".phrase"));
    var groups = Array.prototype.slice.call(document.querySelectorAll(".phrase-group"));

    // Default to this year, within the years the data covers.
    var years = Array.prototype.map.call(year.options, function (o) { return +o.value; });
    var now = new Date().getFullYear();
    year.value = String(Math.min(Math.max(now, years[0]), years[years.length - 1]));

    function apply() {
      var y = +year.value, f = fn.value, t = tag.value, shown = 0;
      phrases.forEach(function (el) {
        var from = +el.getAttribute("data-from") || -Infinity;
        var until = +el.getAttribute("data-until") || Infinity;
        // A JSON list: a tag may contain spaces.
        var tags = JSON.parse(el.getAttribute("data-tags") || "[]");
        var ok = y >= from && y <= until &&
          (!f || el.getAttribute("data-function") === f) && (!t || tags.indexOf(t) >= 0);
        el.hidden = !ok;
        if (ok) shown++;
      });
      groups.forEach(function (g) {
        var visible = g.querySelector(".phrase:not([hidden])") !== null;
        g.hidden = !visible;
        var h = g.previousElementSibling;
        if (h && /^H[1-6]$/.test(h.tagName)) h.hidden = !visible;
      });
      count.textContent = "显示 " + shown + " / " + phrases.length + " 条";
    }

    form.addEventListener("change", apply);
    form.hidden = false;
    apply();
  }

  function start() {
    var form = document.querySelector("form.phrase-filters");
    if (form) init(form);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
