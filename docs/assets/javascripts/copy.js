/* Copy buttons.
 * <button class="copy-btn" data-copy-target="ID"> copies the plain text of element ID.
 * If that element has [data-copy-blocks], its [data-copy-block] descendants are copied,
 * one per line (a whole report: title, headings and paragraphs).
 * Works from file:// too: falls back to execCommand when the Clipboard API is refused.
 * Copying a selection by mouse (Ctrl+C) leaves out controls: button labels, permalink
 * marks, filter labels and anything marked [data-no-copy] never reach the clipboard. */
(function () {
  "use strict";

  function plainText(el) {
    if (el.hasAttribute("data-copy-blocks")) {
      return Array.prototype.map
        .call(el.querySelectorAll("[data-copy-block]"), plainText)
        .join("\n");
    }
    var clone = el.cloneNode(true);
    clone.querySelectorAll(".copy-btn, .headerlink, .md-tooltip, .md-tooltip2").forEach(function (n) {
      n.remove();
    });
    return clone.textContent.replace(/[\u200b-\u200d\u2060\ufeff]/g, "").trim();
  }

  function fallbackCopy(text) {
    var ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.position = "fixed";
    ta.style.top = "0";
    ta.style.opacity = "0";
    document.body.appendChild(ta);
    ta.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    ta.remove();
    return ok;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return fallbackCopy(text); }
      );
    }
    return Promise.resolve(fallbackCopy(text));
  }

  function flash(btn, ok) {
    var label = btn.getAttribute("data-label") || btn.textContent;
    btn.setAttribute("data-label", label);
    btn.classList.add(ok ? "copy-ok" : "copy-failed");
    btn.textContent = ok ? "已复制" : "复制失败，请手动选择";
    setTimeout(function () {
      btn.classList.remove("copy-ok", "copy-failed");
      btn.textContent = label;
    }, 1600);
  }

  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest ? ev.target.closest(".copy-btn") : null;
    if (!btn) return;
    var el = document.getElementById(btn.getAttribute("data-copy-target"));
    if (!el) return;
    ev.preventDefault();
    copy(plainText(el)).then(function (ok) { flash(btn, ok); });
  });

  // Controls that sit inside copyable text. Their labels must not end up in a selection.
  var CONTROLS =
    "button, input, select, textarea, label, .headerlink, .md-clipboard, .md-tooltip, .md-tooltip2, [data-no-copy]";

  function selectionWithoutControls(sel) {
    var holder = document.createElement("div");
    for (var i = 0; i < sel.rangeCount; i++) holder.appendChild(sel.getRangeAt(i).cloneContents());
    var controls = holder.querySelectorAll(CONTROLS);
    if (!controls.length) return null; // nothing to clean: let the browser copy as usual
    controls.forEach(function (n) { n.remove(); });
    // innerText needs layout to turn block boundaries into line breaks.
    holder.style.cssText = "position:fixed;left:-99999px;top:0;white-space:normal";
    document.body.appendChild(holder);
    var text = holder.innerText.replace(/[\u200b-\u200d\u2060\ufeff]/g, "");
    var html = holder.innerHTML;
    holder.remove();
    return { text: text, html: html };
  }

  document.addEventListener("copy", function (ev) {
    var active = document.activeElement;
    if (active && /^(INPUT|TEXTAREA)$/.test(active.tagName)) return; // the user copies what they typed
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || !ev.clipboardData) return;
    var clean = selectionWithoutControls(sel);
    if (!clean) return;
    ev.clipboardData.setData("text/plain", clean.text);
    ev.clipboardData.setData("text/html", clean.html);
    ev.preventDefault();
  });

  window.handbookPlainText = plainText; // used by tests and other scripts
})();
