/* 清单: ticks kept in this browser (localStorage), progress, reset and print.
 * Markup (macros/features/checklists.py):
 *   <div class="checklist-toolbar" data-checklist-toolbar="ID" hidden>…</div>
 *   <ul class="checklist-items" data-checklist="ID"> <li> <input class="checklist-box" data-key="KEY"> …
 * One localStorage key per item: "handbook-checklist:<checklist id>:<item id>" = "1".
 * Without JavaScript the page is a plain list of checkboxes; without storage
 * (blocked, private mode) ticking still works for the open page. */
(function () {
  "use strict";

  function storage() {
    try {
      var s = window.localStorage;
      var probe = "handbook-checklist:probe";
      s.setItem(probe, "1");
      s.removeItem(probe);
      return s;
    } catch (e) {
      return null;
    }
  }

  function setup(toolbar) {
    var id = toolbar.getAttribute("data-checklist-toolbar");
    var boxes = Array.prototype.slice.call(
      document.querySelectorAll('.checklist-items[data-checklist="' + id + '"] .checklist-box')
    );
    var store = storage();
    var done = toolbar.querySelector(".checklist-done");
    var total = toolbar.querySelector(".checklist-total");

    function mark(box) {
      var li = box.closest(".checklist-item");
      if (li) li.classList.toggle("checklist-item--done", box.checked);
    }

    function progress() {
      var n = boxes.filter(function (b) { return b.checked; }).length;
      done.textContent = String(n);
      total.textContent = String(boxes.length);
    }

    boxes.forEach(function (box) {
      var key = box.getAttribute("data-key");
      if (store && store.getItem(key) === "1") box.checked = true;
      mark(box);
      box.addEventListener("change", function () {
        if (store) {
          try {
            if (box.checked) store.setItem(key, "1");
            else store.removeItem(key);
          } catch (e) { /* storage full or blocked: the tick stays for this visit */ }
        }
        mark(box);
        progress();
      });
    });

    toolbar.querySelector(".checklist-reset").addEventListener("click", function () {
      if (!boxes.some(function (b) { return b.checked; })) return;
      if (!window.confirm("清除本清单的全部勾选？")) return;
      boxes.forEach(function (box) {
        box.checked = false;
        if (store) store.removeItem(box.getAttribute("data-key"));
        mark(box);
      });
      progress();
    });

    // Printing: the ticks as they are (or a blank copy), and only the chosen report type's
    // groups beside the common ones. Each group is its heading, its note and its list.
    var scope = toolbar.querySelector(".checklist-scope");
    function groupParts(list) {
      var parts = [list];
      for (var el = list.previousElementSibling; el; el = el.previousElementSibling) {
        parts.push(el);
        if (el.tagName === "H2") break;
      }
      return parts;
    }
    function printWith(blank) {
      var type = scope ? scope.value : "";
      document.querySelectorAll('.checklist-items[data-checklist="' + id + '"]').forEach(function (list) {
        var other = type && list.getAttribute("data-report-type") && list.getAttribute("data-report-type") !== type;
        groupParts(list).forEach(function (el) { el.classList.toggle("checklist-print-skip", !!other); });
      });
      document.body.classList.toggle("checklist-print-blank", blank);
      window.print();
    }
    toolbar.querySelector(".checklist-print").addEventListener("click", function () { printWith(false); });
    toolbar.querySelector(".checklist-print-blank").addEventListener("click", function () { printWith(true); });
    window.addEventListener("afterprint", function () {
      document.body.classList.remove("checklist-print-blank");
      document.querySelectorAll(".checklist-print-skip").forEach(function (el) { el.classList.remove("checklist-print-skip"); });
    });

    if (!store) {
      var note = toolbar.querySelector(".checklist-note");
      if (note) note.textContent = "此浏览器不允许本地保存，勾选在关闭页面后不会保留。";
    }
    toolbar.hidden = false;
    progress();
  }

  function init() {
    document.querySelectorAll("[data-checklist-toolbar]").forEach(function (toolbar) {
      if (toolbar.getAttribute("data-ready")) return;
      toolbar.setAttribute("data-ready", "1");
      setup(toolbar);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
