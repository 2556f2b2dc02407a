/* Tables on a phone: a table wider than the page becomes a stack of cards, one per row,
 * each cell labelled with its column heading (CSS: .table-cards in site.css). Tables that
 * fit keep their grid; nothing changes on a wide screen or in print. */
(function () {
  "use strict";

  function label(table) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    if (!heads.length) return false;
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      Array.prototype.forEach.call(tr.children, function (cell, i) {
        if (heads[i] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", heads[i]);
      });
    });
    return true;
  }

  // Phones and small tablets only; on a desktop a wide table scrolls in its box as usual.
  var narrow = window.matchMedia("(max-width: 59.9375em)");

  function fit() {
    document.querySelectorAll(".md-typeset table").forEach(function (table) {
      table.classList.remove("table-cards");
      if (!narrow.matches) return;
      var article = table.closest(".md-content__inner") || document.body;
      if (table.scrollWidth > article.clientWidth + 1 && label(table)) table.classList.add("table-cards");
    });
  }

  var pending = null;
  function refit() {
    if (pending) cancelAnimationFrame(pending);
    pending = requestAnimationFrame(fit);
  }

  // Material wraps tables after the page loads and announces it on document$ (its documented
  // hook for extra JavaScript); without it, wait for the page to load.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(refit);
  else if (document.readyState === "complete") fit();
  else window.addEventListener("load", fit);
  window.addEventListener("resize", refit);
  window.handbookFitTables = fit; // tables rendered later (filters, the checker) call this
})();
