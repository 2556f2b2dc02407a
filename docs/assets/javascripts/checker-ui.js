/* The 在线自查 page: paste a draft or open a .txt/.docx file, choose year and report type, and
 * see the findings grouped by rule, with one-click fixes, the draft with the places marked, the
 * corrected text to copy, and for a .docx a copy with one Word comment (批注) per finding.
 *
 * Everything happens in the page: the rule set is embedded (checker-data.js), checking runs in a
 * Web Worker built from the engine's own source (a Blob worker, so it also runs from file://,
 * where a worker file cannot be loaded), and nothing is sent anywhere. Pasted text is only ever
 * inserted as text nodes, never as HTML. What is drawn is capped (the first places of each rule,
 * the first part of a long draft), so a long paste cannot flood the page. */
(function () {
  "use strict";

  var root = document.getElementById("checker");
  if (!root || !window.ReportChecker || typeof REPORT_CHECKER_DATA === "undefined") return;
  var data = REPORT_CHECKER_DATA;
  var $ = function (id) { return document.getElementById(id); };
  var input = $("checker-input"), yearSel = $("checker-year"), typeSel = $("checker-type");
  var dateSel = $("checker-date"), noticeEl = $("checker-notice");  // 成文日期; the time facts' horizon
  var fileInput = $("checker-file"), status = $("checker-status"), list = $("checker-findings");
  var view = $("checker-view"), clearBtn = $("checker-clear"), runBtn = $("checker-run");
  var actions = $("checker-actions"), viewNote = $("checker-view-note");
  var SEV = data.severities;
  var SEV_RANK = { error: 0, suspect: 1, hint: 2 };
  var CATEGORY_LABELS = { layout: "排版" };  // a fallback for a category whose title is missing
  var thisYear = new Date().getFullYear();

  /* What report-check refuses, the page refuses too, in the same words (macros/checker/limits.py,
   * embedded as REPORT_CHECKER_DATA.limits). */
  var LIMITS = data.limits;

  var PLACES_FIRST = 5;        // places shown per rule before “显示其余”
  var PLACES_MORE = 50;        // places added per click
  var VIEW_MAX_CHARS = 60000;  // the marked-up draft shows this much; the list covers the rest
  var AUTO_MAX_CHARS = 200000; // above this, typing does not re-check by itself (the button does)
  var SLICE_MS = 12;           // drawing the marked-up draft yields to the page this often,
  var SLICE_CHARS = 4000;      // or after this many characters,
  var BLOCK_LINES = 20;        // in blocks of at most 20 lines
  var BLOCK_CHARS = 1500;      // or 1,500 characters

  /* 12345 -> "12,345" (Number#toLocaleString builds a formatter on every call: slow) */
  function num(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function button(text, cls, onClick) {
    var b = el("button", "md-button " + (cls || ""), text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  /* --- the checking job: the same function in the worker and (as a fallback) in the page ------ */

  /* job: {id, text, options, fixes?}. With fixes (findings of `text`), they are applied first.
   * Adds to each finding: index; s, e (UTF-16 offsets of the marked text) and ls, le (of its line)
   * in the checked text. Linear in the text: the findings come sorted by line and column.
   * Self-contained: its source goes to the worker. */
  function runJob(RC, data, job) {
    var text = job.text, fixed = false;
    if (job.fixes && job.fixes.length) {
      text = RC.applyFixes(text, job.fixes);
      fixed = true;
    }
    var res = RC.check(text, job.options, data);
    var starts = [0], ends = [], rx = /\r\n|\r|\n/g, m;
    while ((m = rx.exec(text)) !== null) { ends.push(m.index); starts.push(m.index + m[0].length); }
    ends.push(text.length);
    var curLine = -1, at = 0, cp = 0;
    res.findings.forEach(function (f, i) {
      f.index = i;
      var li = f.line - 1;
      if (li !== curLine) { curLine = li; at = starts[li] || 0; cp = 0; }
      while (cp < f.column - 1 && at < text.length) {
        var c = text.charCodeAt(at);
        at += c >= 0xd800 && c <= 0xdbff && at + 1 < text.length ? 2 : 1;
        cp++;
      }
      f.ls = starts[li] || 0;
      f.le = ends[li] === undefined ? text.length : ends[li];
      f.s = at;
      f.e = at + f.text.length;
    });
    return { id: job.id, result: res, text: fixed ? text : null };
  }

  function workerMain() {
    var data = null;
    /* global RC_FACTORY, RUN_JOB */
    var RC = RC_FACTORY();
    self.onmessage = function (ev) {
      var m = ev.data;
      if (m.init) {  // compiled now, while the writer is still pasting: the first check is then quick
        data = m.init;
        try { RC.warm(data); } catch (e) { /* the first check reports what is wrong */ }
        return;
      }
      try {
        // the findings go in parts: one message of 20,000 findings would hold the page while it
        // is unpacked; parts of 1,000 are unpacked between other work
        var reply = RUN_JOB(RC, data, m), all = reply.result.findings;
        for (var i = 0; i < all.length; i += 1000) self.postMessage({ id: m.id, part: all.slice(i, i + 1000) });
        reply.result.findings = null;
        self.postMessage(reply);
      } catch (e) {
        self.postMessage({ id: m.id, error: String(e && e.message ? e.message : e) });
      }
    };
  }

  var Worker_ = null, workerUrl = null, worker = null, noWorker = false, jobId = 0, busy = null;

  /* Material's offline build replaces window.Worker on file:// by an iframe stand-in that runs on
   * the page's own thread; a fresh iframe still has the browser's real Worker. */
  function nativeWorker() {
    if (window.IFrameWorker && window.Worker === window.IFrameWorker) {
      var f = document.createElement("iframe");
      f.hidden = true;
      f.setAttribute("aria-hidden", "true");
      f.title = "checker";
      document.body.appendChild(f);
      return f.contentWindow.Worker;
    }
    return window.Worker;
  }

  function startWorker() {
    if (noWorker) return null;
    try {
      if (!Worker_) Worker_ = nativeWorker();
      if (!workerUrl) {
        var src = "var RC_FACTORY = " + ReportChecker.factory.toString() + ";\nvar RUN_JOB = " +
          runJob.toString() + ";\n(" + workerMain.toString() + ")();\n";
        workerUrl = URL.createObjectURL(new Blob([src], { type: "text/javascript" }));
      }
      var w = new Worker_(workerUrl);
      w.onmessage = function (ev) { done(ev.data); };
      w.onerror = function (ev) {  // a worker that cannot run here: check in the page instead
        if (ev.preventDefault) ev.preventDefault();
        noWorker = true;
        if (worker === w) worker = null;
        if (busy) inPage(busy);
      };
      w.postMessage({ init: data });
      return w;
    } catch (e) {
      return null;  // no worker: check in the page itself
    }
  }

  /* --- state ---------------------------------------------------------------------------------- */

  var shown = null;          // {text, result, accepted: {index: true}} — what is on screen
  var ignored = {};          // ignore keys (keyOf): kept across re-checks
  var nIgnoredKeys = 0;
  var opened = null;         // the .docx that was opened: {name, doc (ReportDocx.open), result}
  var stale = false;         // the text was edited since the results were drawn
  var renderToken = 0, busyTimer = null, debounce = null;
  var allRounds = 0;         // rounds 全部改正 may still take (LIMITS.fix_rounds in all)

  function options() {
    var date = dateSel && /^\d{4}-\d{2}-\d{2}$/.test(dateSel.value) ? dateSel.value : null;
    return { year: yearSel.value ? Number(yearSel.value) : null, type: typeSel.value || null, date: date };
  }

  function say(key, values) { return ReportDocx.say(LIMITS, key, values); }

  /* Check `text` (after applying `fixes`, findings of shown.text). The newest job wins: one still
   * running is stopped. */
  function check(text, fixes) {
    clearTimeout(debounce);
    text = String(text).replace(/^\ufeff/, "");
    if (!text.trim()) {
      cancel();
      shown = null;
      drawEmpty();
      return;
    }
    if (text.length > LIMITS.max_text_chars) {
      cancel();
      showError(say("too_long", { name: opened ? opened.name : "草稿", count: text.length, limit: LIMITS.max_text_chars }));
      return;
    }
    var job = { id: ++jobId, text: text, options: options(), fixes: fixes || null };
    if (busy && worker) { worker.terminate(); worker = null; }
    busy = job;
    clearTimeout(busyTimer);
    busyTimer = setTimeout(showBusy, 80);
    root.setAttribute("data-busy", "true");
    if (!worker) worker = startWorker();
    if (worker) worker.postMessage(job);
    else inPage(job);
  }

  function inPage(job) {
    setTimeout(function () {
      var reply;
      try { reply = runJob(ReportChecker, data, job); } catch (e) { reply = { id: job.id, error: e.message }; }
      reply.inPage = true;
      done(reply);
    }, 0);
  }

  function cancel() {
    if (busy && worker) { worker.terminate(); worker = null; }
    busy = null;
    clearTimeout(busyTimer);
    root.removeAttribute("data-busy");
  }

  function showBusy() {
    if (!busy) return;
    var started = Date.now(), job = busy;
    status.className = "checker-status checker-status--busy";
    status.textContent = "";
    status.appendChild(el("span", "checker-spinner"));
    var label = el("span", null, "正在检查……");
    status.appendChild(label);
    var tick = function () {
      if (busy !== job) return;
      var s = Math.floor((Date.now() - started) / 1000);
      if (s >= 1) label.textContent = "正在检查……（" + num(job.text.length) + " 字，已用 " + s + " 秒）";
      busyTimer = setTimeout(tick, 500);
    };
    tick();
  }

  function done(reply) {
    if (!busy || reply.id !== busy.id) return;
    if (reply.part) { (busy.parts = busy.parts || []).push(reply.part); return; }
    if (reply.result && !reply.result.findings) reply.result.findings = [].concat.apply([], busy.parts || []);
    var job = busy;
    busy = null;
    clearTimeout(busyTimer);
    root.removeAttribute("data-busy");
    if (reply.error) {
      showError("检查出错：" + reply.error);
      return;
    }
    var text = reply.text !== null && reply.text !== undefined ? reply.text : job.text;
    if (reply.text !== null && reply.text !== undefined) input.value = text;
    shown = { text: text, result: reply.result, accepted: {} };
    var now = input.value;
    stale = now !== text && now !== "\ufeff" + text;
    if (opened && text === opened.doc.text) opened.result = reply.result;
    // 全部改正 goes on while its fixes uncover new ones (a space left by a joined line), as
    // report-check --fix does: one click leaves only what needs a person
    if (allRounds > 0 && !stale && job.fixes) {
      var more = reply.result.findings.filter(function (f) { return f.fix && !isIgnored(f); });
      if (more.length) {
        allRounds--;
        more.forEach(function (f) { shown.accepted[f.index] = true; });
        check(text, more);
        return;
      }
    }
    allRounds = 0;
    render();
    root.setAttribute("data-checked", String(reply.result.findings.length));
    root.setAttribute("data-engine", reply.inPage ? "page" : "worker");
  }

  /* --- reading files -------------------------------------------------------------------------- */

  function fail(msg) { var e = new Error(msg); e.refused = true; return e; }

  /* The same decisions and words as report-check (macros/checker/cli.py decode, read_input). */
  function decodeText(buf, name) {
    var bytes = new Uint8Array(buf);
    if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    else if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
      try {
        return new TextDecoder(bytes[0] === 0xff ? "utf-16le" : "utf-16be", { fatal: true }).decode(bytes.subarray(2));
      } catch (e) {
        throw fail(name + "：UTF-16 编码的文字无法解码");
      }
    }
    if (bytes.indexOf(0) !== -1) throw fail(name + "：不是文本文件（只能检查 .txt、.md 或 .docx）");
    var encodings = ["utf-8", "gb18030"];  // 国标编码的 .txt（Windows 记事本常见）
    for (var i = 0; i < encodings.length; i++) {
      try {
        return new TextDecoder(encodings[i], { fatal: true, ignoreBOM: true }).decode(bytes);
      } catch (e) { /* the next one */ }
    }
    throw fail(name + "：无法识别文字编码（支持 UTF-8 和 GB18030），请另存为 UTF-8 后再试");
  }

  var NOT_SUPPORTED = { doc: "Word 97-2003 文档", wps: "WPS 文档", pdf: "PDF", xls: "Excel 表格", xlsx: "Excel 表格",
    rtf: "RTF 文档", odt: "OpenDocument 文档" };  // as report-check (cli.py NOT_SUPPORTED)

  function openFile(file) {
    var name = file.name || "文件";
    var ext = (name.match(/\.([^.]+)$/) || ["", ""])[1].toLowerCase();
    var refused = function (msg) {
      opened = null;
      shown = null;
      renderToken++;
      list.textContent = "";
      view.textContent = "";
      actions.textContent = "";
      viewNote.textContent = "";
      showError(msg);
    };
    if (Object.prototype.hasOwnProperty.call(NOT_SUPPORTED, ext)) {
      refused(name + "：不支持" + NOT_SUPPORTED[ext] + "，请另存为 .docx 或 .txt 后再检查");
      return;
    }
    if (file.size > LIMITS.max_input_bytes) {
      refused(say("too_large", { name: name, size: ReportDocx.sizeText(file.size), limit: ReportDocx.sizeText(LIMITS.max_input_bytes) }));
      return;
    }
    cancel();
    status.className = "checker-status checker-status--busy";
    status.textContent = "正在读取“" + name + "”……";
    file.arrayBuffer().then(function (buf) {
      var head = new Uint8Array(buf, 0, Math.min(4, buf.byteLength));
      var isZip = head.length === 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4;
      var doc = null, text;
      if (ext === "docx" || isZip) {
        doc = ReportDocx.open(buf, LIMITS, name);
        text = doc.text;
      } else {
        text = decodeText(buf, name);
      }
      if (text.length > LIMITS.max_text_chars) throw fail(say("too_long", { name: name, count: text.length, limit: LIMITS.max_text_chars }));
      if (!text.replace(/^\ufeff/, "").trim()) throw fail(say("empty", { name: name }));
      opened = doc ? { name: name, doc: doc, result: null } : null;
      input.value = text;
      unignoreAll();
      stale = false;
      check(text);
    }).catch(function (err) {
      // a file the browser cannot read at all (moved, or no permission) ends here too
      refused(err && err.refused ? err.message : name + "：" + (/docx$/.test(ext) ? "无法读取，文件已损坏或不是 Word（.docx）文档" : "无法读取这个文件"));
    });
  }

  /* --- drawing ---------------------------------------------------------------------------------- */

  function showError(msg) {
    status.className = "checker-status checker-status--error";
    status.textContent = msg;
  }

  function drawEmpty() {
    renderToken++;
    list.textContent = "";
    view.textContent = "";
    if (noticeEl) noticeEl.hidden = true;
    actions.textContent = "";
    viewNote.textContent = "";
    status.className = "checker-status";
    status.textContent = "在上面粘贴草稿，或打开一个 .txt / .docx 文件。";
  }

  function describe(res) {
    var y = res.year + "年" + ({ given: "", title: "（取自标题）", paragraph: "（取自第一段）",
      "default": "（未识别出年份，按今年）" })[res.yearSource];
    var t = "";
    if (res.type) {
      var name = data.types.filter(function (x) { return x.id === res.type; })[0].name;
      t = "、" + name + (res.typeSource === "title" ? "（由标题判断）" : "");
    } else {
      t = "（未选报告类型，不查结构）";
    }
    if (res.date) {
      var p = res.date.split("-");
      y += "、" + +p[0] + "年" + +p[1] + "月" + +p[2] + "日" +
        ({ given: "", text: "（取自文中的日期）", period: "（标题所写时段的最后一天）" }[res.dateSource] || "");
    }
    return "按" + y + t + "检查";
  }

  var ruleById = {}, categoryById = {};
  data.rules.forEach(function (r) { ruleById[r.id] = r; });
  data.categories.forEach(function (c) { categoryById[c.id] = c; });

  function categoryLabel(id) {
    var c = categoryById[id];
    return (c && c.title) || CATEGORY_LABELS[id] || id;
  }

  /* A short quote around a finding: up to 12 characters either side, within its line. */
  function context(f) {
    var text = shown.text, ls = f.ls, le = f.le;
    var before = Array.from(text.slice(Math.max(ls, f.s - 40), f.s)), after = Array.from(text.slice(f.e, Math.min(le, f.e + 40)));
    var cutB = f.s - 40 > ls || before.length > 12, cutA = f.e + 40 < le || after.length > 12;
    return {
      before: (cutB ? "…" : "") + before.slice(-12).join(""),
      text: f.text,
      after: after.slice(0, 12).join("") + (cutA ? "…" : "")
    };
  }

  /* What an ignored place is known by across re-checks: its rule, its text, a few characters
   * around it and which of the places alike it is, so that it stays ignored when other parts of
   * the draft change. Worked out for all findings of a result at once, when first needed. */
  function ensureKeys(res, text) {
    if (res.keyed) return;
    res.keyed = true;
    var seen = {};
    res.findings.forEach(function (f) {
      var k = f.rule + "\u0001" + text.slice(Math.max(f.ls, f.s - 10), f.s) + "\u0001" + f.text + "\u0001" +
        text.slice(f.e, Math.min(f.le, f.e + 10));
      seen[k] = (seen[k] || 0) + 1;
      f.key = k + "\u0001" + seen[k];
    });
  }

  function isIgnored(f) {
    if (!nIgnoredKeys) return false;
    ensureKeys(shown.result, shown.text);
    return ignored[f.key] === true;
  }

  function ignore(f) {
    ensureKeys(shown.result, shown.text);
    if (!ignored[f.key]) nIgnoredKeys++;
    ignored[f.key] = true;
  }

  function unignoreAll() {
    ignored = {};
    nIgnoredKeys = 0;
  }

  /* Findings grouped by rule, each group in the order of its first place; errors first. */
  function groups(findings) {
    var by = {}, out = [];
    findings.forEach(function (f) {
      var g = by[f.rule];
      if (!g) { g = by[f.rule] = { rule: f.rule, severity: f.severity, category: f.category, all: [] }; out.push(g); }
      g.all.push(f);
    });
    out.sort(function (a, b) { return SEV_RANK[a.severity] - SEV_RANK[b.severity]; });  // stable
    return out;
  }

  function open(f) {
    return !shown.accepted[f.index] && !isIgnored(f);
  }

  function render() {
    var token = ++renderToken;
    var res = shown.result, findings = res.findings;
    var left = findings.filter(open);
    var fixable = left.filter(function (f) { return f.fix; });
    var nIgnored = nIgnoredKeys ? findings.filter(isIgnored).length : 0;
    var nAccepted = Object.keys(shown.accepted).length;

    status.className = "checker-status" + (left.length ? " checker-status--found" : " checker-status--clean");
    var c = { error: 0, suspect: 0, hint: 0 };
    left.forEach(function (f) { c[f.severity]++; });
    var msg = describe(res) + "：";
    if (!findings.length) msg += "没有发现问题。交稿前仍请通读全文。";
    else if (!left.length) msg += "问题都已处理" + (nIgnored ? "（忽略 " + nIgnored + " 处）" : "") + "。交稿前仍请通读全文。";
    else {
      msg += (nAccepted || nIgnored ? "还剩 " : "发现 ") + left.length + " 处问题（" + SEV.error + " " + c.error + "，" +
        SEV.suspect + " " + c.suspect + "，" + SEV.hint + " " + c.hint + "）";
      msg += fixable.length ? "，其中 " + fixable.length + " 处可以一键改正，" + (left.length - fixable.length) + " 处需要人工修改。"
        : "，都需要人工修改。";
      if (nIgnored) msg += "已忽略 " + nIgnored + " 处。";
    }
    if (stale) msg += "（文字已修改，结果可能已过时，请点“检查”。）";
    status.textContent = msg;
    status.setAttribute("data-left", String(left.length));
    if (noticeEl) {  // facts after the data's horizon: a notice, not a finding
      noticeEl.textContent = (res.notices || []).join(" ");
      noticeEl.hidden = !(res.notices && res.notices.length);
    }

    drawActions(fixable);
    drawGroups(findings);
    drawView(token);
  }

  function drawActions(fixable) {
    actions.textContent = "";
    if (!shown) return;
    if (fixable.length) {
      var all = button("全部改正（" + fixable.length + " 处）", "md-button--primary checker-fix-all", function () {
        if (!stale) applyFixes(fixable, LIMITS.fix_rounds);
      });
      all.disabled = stale;
      actions.appendChild(all);
    }
    actions.appendChild(button("复制改正后的全文", "checker-copy", copyFixed));
    if (opened && opened.result) {
      actions.appendChild(button("下载带批注的 Word 文件", "checker-annotate", downloadAnnotated));
    }
  }

  function drawGroups(findings) {
    list.textContent = "";
    var frag = document.createDocumentFragment();
    groups(findings).forEach(function (g) {
      var places = g.all.filter(open);
      var rule = ruleById[g.rule] || {};
      var li = el("li", "checker-group sev-" + g.severity);
      li.setAttribute("data-rule", g.rule);
      li.setAttribute("data-count", String(places.length));
      if (!places.length) li.classList.add("checker-group--done");
      var head = el("div", "checker-group-head");
      head.appendChild(el("span", "sev sev-" + g.severity, SEV[g.severity]));
      head.appendChild(el("strong", "checker-group-title", rule.title || g.rule));
      head.appendChild(el("span", "checker-count", "×" + places.length));
      head.appendChild(el("span", "checker-category", categoryLabel(g.category)));
      li.appendChild(head);
      if (!places.length) {
        li.appendChild(el("p", "checker-message", "已全部处理。"));
        frag.appendChild(li);
        return;
      }
      var same = places.every(function (f) { return f.message === places[0].message && f.suggestion === places[0].suggestion; });
      if (same) li.appendChild(message(places[0]));
      var fixes = places.filter(function (f) { return f.fix; });
      var ul = el("ul", "checker-places");
      li.appendChild(ul);
      var shownCount = 0;
      var more = el("p", "checker-more");
      var addPlaces = function (n) {
        var end = Math.min(places.length, shownCount + n);
        for (; shownCount < end; shownCount++) ul.appendChild(place(places[shownCount], !same));
        more.textContent = "";
        if (shownCount < places.length) {
          more.appendChild(button("显示其余 " + (places.length - shownCount) + " 处" +
            (places.length - shownCount > PLACES_MORE ? "中的 " + PLACES_MORE + " 处" : ""), "checker-more-btn",
            function () { addPlaces(PLACES_MORE); }));
        }
      };
      addPlaces(PLACES_FIRST);
      li.appendChild(more);
      var foot = el("div", "checker-group-foot");
      if (fixes.length > 1 || (fixes.length === 1 && places.length > 1)) {
        var b = button("全部改正（" + fixes.length + " 处）", "checker-fix-group", function () { if (!stale) applyFixes(fixes); });
        b.disabled = stale;
        foot.appendChild(b);
      }
      var link = el("a", "checker-rule", "规则说明");
      link.href = "rules.html#rule-" + g.rule;
      link.target = "_blank";
      foot.appendChild(link);
      li.appendChild(foot);
      frag.appendChild(li);
    });
    var nIgnored = nIgnoredKeys ? findings.filter(isIgnored).length : 0;
    if (nIgnored) {
      var li = el("li", "checker-ignored");
      li.appendChild(document.createTextNode("已忽略 " + nIgnored + " 处。"));
      li.appendChild(button("全部恢复", "checker-unignore", function () { unignoreAll(); render(); }));
      frag.appendChild(li);
    }
    list.appendChild(frag);
  }

  function message(f) {
    var box = el("div", "checker-explain");
    box.appendChild(el("p", "checker-message", f.message));
    var sug = el("p", "checker-suggestion");
    sug.appendChild(el("strong", null, "建议："));
    sug.appendChild(document.createTextNode(f.suggestion));
    box.appendChild(sug);
    return box;
  }

  function place(f, withMessage) {
    var li = el("li", "checker-place");
    li.setAttribute("data-finding", String(f.index));
    li.setAttribute("data-rule", f.rule);
    var where = el("a", "checker-where", f.text ? "第" + f.paragraph + "段" : "全文");
    where.href = "#checker-para-" + f.paragraph;
    where.addEventListener("click", function (ev) { ev.preventDefault(); focusMark(f); });
    li.appendChild(where);
    if (f.text) {
      var c = context(f), q = el("span", "checker-context");
      q.appendChild(document.createTextNode("“" + c.before));
      q.appendChild(el("mark", "checker-mark sev-" + f.severity, c.text));
      q.appendChild(document.createTextNode(c.after + "”"));
      li.appendChild(q);
    }
    var btns = el("span", "checker-place-actions");
    if (f.fix) {
      var fx = button(f.fix.text ? "改正为“" + f.fix.text + "”" : "改正（删去）", "checker-fix", function () {
        if (!stale) applyFixes([f]);
      });
      fx.disabled = stale;
      btns.appendChild(fx);
    }
    btns.appendChild(button("忽略", "checker-ignore", function () { ignore(f); render(); }));
    li.appendChild(btns);
    if (withMessage) li.appendChild(message(f));
    return li;
  }

  /* The draft with paragraph numbers and the places marked. A long draft is drawn only in part,
   * in slices of a few thousand characters that leave the page free between them; the lines go
   * in blocks that the browser lays out only when they are scrolled into view (CSS
   * content-visibility), so the cost of layout does not grow with the length of the draft. */
  function drawView(token) {
    view.textContent = "";
    viewNote.textContent = "";
    var text = shown.text, limit = Math.min(text.length, VIEW_MAX_CHARS);
    var byLine = {};
    shown.result.findings.forEach(function (f) {
      if (f.e > f.s && f.s < limit && open(f)) (byLine[f.line] = byLine[f.line] || []).push(f);
    });
    var rx = /\r\n|\r|\n/g, pos = 0, lineNo = 0, para = 0, more = true;
    var step = function () {
      if (token !== renderToken) return;
      var t0 = performance.now(), budget = pos + SLICE_CHARS;
      while (more && pos < budget && performance.now() - t0 < SLICE_MS) {
        var block = el("div", "checker-block"), chars = 0;
        for (var k = 0; k < BLOCK_LINES && chars < BLOCK_CHARS && more; k++) {
          rx.lastIndex = pos;
          var m = rx.exec(text), end = m ? m.index : text.length;
          lineNo++;
          var line = text.slice(pos, Math.min(end, limit)), row = lineBody(line, pos, byLine[lineNo]);
          if (/[^\s\u3000]/.test(line)) {
            para++;
            row.id = "checker-para-" + para;
            row.setAttribute("data-n", String(para));
          }
          block.appendChild(row);
          chars += line.length + 1;
          pos = m ? m.index + m[0].length : text.length;
          more = m !== null && pos < limit;
        }
        view.appendChild(block);
      }
      if (more) setTimeout(step, 0);
      else if (limit < text.length) {
        viewNote.textContent = "全文较长，这里只显示前 " + num(limit) + " 字（" + para +
          " 段）；其余各处见上面的问题列表（按“第N段”查找）。";
      }
    };
    step();
  }

  /* One line with its marks: a sweep over the cut points, so many marks on a line stay cheap. */
  function lineBody(line, lineStart, marks) {
    var body = el("div", "checker-line");
    if (!marks) { body.textContent = line; return body; }
    var cuts = [0, line.length];
    marks.forEach(function (f) { cuts.push(Math.min(f.s - lineStart, line.length), Math.min(f.e - lineStart, line.length)); });
    cuts.sort(function (a, b) { return a - b; });
    var byStart = marks.slice().sort(function (x, y) { return x.s - y.s; }), next = 0, active = [];
    for (var k = 0; k + 1 < cuts.length; k++) {
      var a = cuts[k], b = cuts[k + 1];
      if (a === b) continue;
      while (next < byStart.length && byStart[next].s - lineStart <= a) active.push(byStart[next++]);
      active = active.filter(function (f) { return f.e - lineStart >= b; });
      var seg = line.slice(a, b);
      if (!active.length) { body.appendChild(document.createTextNode(seg)); continue; }
      var cover = active.slice().sort(function (x, y) { return SEV_RANK[x.severity] - SEV_RANK[y.severity]; });
      var mk = el("mark", "checker-mark sev-" + cover[0].severity, seg);
      mk.setAttribute("data-findings", cover.map(function (f) { return f.index; }).join(" "));
      mk.title = cover.map(function (f) { return f.message; }).join("\n");
      body.appendChild(mk);
    }
    return body;
  }

  function focusMark(f) {
    var target = view.querySelector('[data-findings~="' + f.index + '"]') || document.getElementById("checker-para-" + f.paragraph);
    if (!target) return;
    target.scrollIntoView({ block: "center" });
    target.classList.add("checker-flash");
    setTimeout(function () { target.classList.remove("checker-flash"); }, 1200);
  }

  /* --- actions ---------------------------------------------------------------------------------- */

  function applyFixes(findings, rounds) {
    allRounds = rounds ? rounds - 1 : 0;
    findings.forEach(function (f) { shown.accepted[f.index] = true; });
    var all = shown.result.findings.filter(function (f) { return shown.accepted[f.index] && f.fix; });
    render();
    check(shown.text, all);
  }

  /* The text with every fix not ignored applied (what “全部改正” would give). */
  function fixedText() {
    if (!shown) return input.value;
    var fixes = shown.result.findings.filter(function (f) { return f.fix && !isIgnored(f); });
    if (!fixes.length || stale) return stale ? input.value : shown.text;
    return ReportChecker.applyFixes(shown.text, fixes);
  }

  function copyFixed() {
    var text = fixedText(), done = function (ok) {
      status.className = "checker-status" + (ok ? " checker-status--clean" : " checker-status--error");
      status.textContent = ok ? "已复制改正后的全文（" + num(text.length) + " 字）。可以粘贴到 Word 或 WPS 中。"
        : "浏览器不允许复制，请在上面的框里全选（Ctrl+A）后复制。";
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallbackCopy(text)); });
    } else {
      done(fallbackCopy(text));
    }
  }

  function fallbackCopy(text) {
    var ta = el("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.position = "fixed";
    ta.style.opacity = "0";
    document.body.appendChild(ta);
    ta.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    ta.remove();
    return ok;
  }

  function downloadAnnotated() {
    if (!opened || !opened.result) return;
    if (nIgnoredKeys) ensureKeys(opened.result, opened.doc.text);
    var items = opened.result.findings.filter(function (f) {
      return !(nIgnoredKeys && ignored[f.key]);
    }).map(function (f) {
      // the same words as report-check --annotate (macros/checker/docxio.py)
      return { start: f.s, end: f.e, comment: SEV[f.severity] + "：" + f.message + "\n建议：" + f.suggestion };
    });
    var bytes;
    try {
      bytes = ReportDocx.annotate(opened.doc, items);
    } catch (e) {
      showError("无法生成带批注的文件：" + (e && e.message ? e.message : e));
      return;
    }
    var blob = new Blob([bytes], { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" });
    var a = el("a");
    a.href = URL.createObjectURL(blob);
    a.download = opened.name.replace(/\.docx$/i, "") + "（自查批注）.docx";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
  }

  /* --- controls --------------------------------------------------------------------------------- */

  function fillSelects() {
    var auto = el("option", null, "自动识别（识别不出时按" + thisYear + "年）");
    auto.value = "";
    yearSel.appendChild(auto);
    for (var y = thisYear + 1; y >= 2019; y--) {
      var o = el("option", null, y + "年");
      o.value = String(y);
      yearSel.appendChild(o);
    }
    var autoT = el("option", null, "自动（由标题判断）");
    autoT.value = "";
    typeSel.appendChild(autoT);
    data.types.forEach(function (t) {
      var o = el("option", null, t.name);
      o.value = t.id;
      typeSel.appendChild(o);
    });
  }

  function run() { check(input.value); }

  /* Typing re-checks after a pause that grows with the text; a long text is re-checked only when
   * asked (the 检查 button), or right away when it was pasted or dropped in. */
  function onInput(ev) {
    var n = input.value.length, pasted = ev && /^insertFrom(Paste|Drop)/.test(ev.inputType || "");
    if (shown && !stale) {
      stale = true;
      root.querySelectorAll(".checker-fix, .checker-fix-all, .checker-fix-group").forEach(function (b) { b.disabled = true; });
    }
    clearTimeout(debounce);
    if (n > AUTO_MAX_CHARS && !pasted) {
      cancel();
      status.className = "checker-status";
      status.textContent = "文字较长（" + num(n) + " 字），改完后请点“检查”重新检查。";
      return;
    }
    debounce = setTimeout(run, pasted ? 0 : n <= 20000 ? 300 : 1000);
  }

  fillSelects();
  input.addEventListener("input", onInput);
  yearSel.addEventListener("change", run);
  if (dateSel) dateSel.addEventListener("change", run);
  typeSel.addEventListener("change", run);
  runBtn.addEventListener("click", run);
  clearBtn.addEventListener("click", function () {
    input.value = "";
    fileInput.value = "";
    opened = null;
    unignoreAll();
    stale = false;
    run();
    input.focus();
  });
  fileInput.addEventListener("change", function () { if (fileInput.files && fileInput.files[0]) openFile(fileInput.files[0]); });
  list.addEventListener("mouseover", function (ev) {
    var li = ev.target.closest && ev.target.closest(".checker-place");
    view.querySelectorAll(".checker-hover").forEach(function (m) { m.classList.remove("checker-hover"); });
    if (li) {
      view.querySelectorAll('[data-findings~="' + li.getAttribute("data-finding") + '"]').forEach(function (m) {
        m.classList.add("checker-hover");
      });
    }
  });
  worker = startWorker();
  root.hidden = false;
  root.setAttribute("data-ready", "true");
  run();
})();
