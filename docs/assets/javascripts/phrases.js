/* Phrase-bank filters: report year (or date), function and tag, without reloading.
 * Without JavaScript the form stays hidden and every phrase is shown.
 *
 * Each phrase carries data-from / data-until (YYYY-MM-DD, from data/time_facts.yaml). With a
 * year only, a phrase is shown when it is right on some day of that year; with a date, it must
 * have started by that day (a meeting that closed later cannot be cited yet). The same rule as
 * the checker (macros/checker/engine.py right_for). After the data's horizon a notice says so. */
(function () {
  "use strict";

  function init(form) {
    var year = form.elements.year, fn = form.elements["function"], tag = form.elements.tag;
    var date = form.elements.date, notice = form.querySelector(".phrase-horizon");
    var horizon = form.getAttribute("data-verified-through") || "";
    var count = form.querySelector(".phrase-count");
    var phrases = Array.prototype.slice.call(document.querySelectorAll(".phrase"));
    var groups = Array.prototype.slice.call(document.querySelectorAll(".phrase-group"));

    // Default to this year, within the years the data covers.
    var years = Array.prototype.map.call(year.options, function (o) { return +o.value; });
    var now = new Date().getFullYear();
    year.value = String(Math.min(Math.max(now, years[0]), years[years.length - 1]));

    function cn(iso) {
      var p = iso.split("-");
      return +p[0] + "年" + +p[1] + "月" + +p[2] + "日";
    }

    function apply(ev) {
      var d = date && /^\d{4}-\d{2}-\d{2}$/.test(date.value) ? date.value : "";
      // A date picks its year; choosing another year clears the date.
      if (d && ev && ev.target === year && d.slice(0, 4) !== year.value) { date.value = ""; d = ""; }
      if (d && year.querySelector('option[value="' + d.slice(0, 4) + '"]')) year.value = d.slice(0, 4);
      var y = d ? +d.slice(0, 4) : +year.value, f = fn.value, t = tag.value, shown = 0;
      var start = y + "-01-01", end = d || y + "-12-31";
      if (notice) {
        var after = horizon && end > horizon;
        notice.hidden = !after;
        notice.textContent = after ? "时间事实核对至" + cn(horizon) + "，" + (d ? "成文日期" + cn(d) : "报告年份" + y + "年") +
          "在核对日期之后：此后召开的会议、开展的集中教育和提法的变化还没有收入数据，请对照最新文件核对表述。" : "";
      }
      phrases.forEach(function (el) {
        var from = el.getAttribute("data-from") || "", until = el.getAttribute("data-until") || "";
        // A JSON list: a tag may contain spaces.
        var tags = JSON.parse(el.getAttribute("data-tags") || "[]");
        var ok = (!from || from <= end) && (!until || until >= start) &&
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
    if (date) date.addEventListener("input", apply);
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
