/* The 在线自查 page: paste a draft or open a .txt/.docx file, choose year and report type,
 * and see the findings listed and highlighted. Everything happens in the page: the rule set
 * is embedded (checker-data.js), .docx files are unzipped with the browser's own
 * DecompressionStream, and nothing is sent anywhere. Pasted text is only ever inserted as
 * text nodes, never as HTML. */
(function () {
  "use strict";

  var root = document.getElementById("checker");
  if (!root || !window.ReportChecker || typeof REPORT_CHECKER_DATA === "undefined") return;
  var data = REPORT_CHECKER_DATA;
  var $ = function (id) { return document.getElementById(id); };
  var input = $("checker-input"), yearSel = $("checker-year"), typeSel = $("checker-type");
  var fileInput = $("checker-file"), status = $("checker-status"), list = $("checker-findings");
  var view = $("checker-view"), clearBtn = $("checker-clear"), runBtn = $("checker-run");
  var SEV = data.severities;
  var SEV_RANK = { error: 0, suspect: 1, hint: 2 };
  var thisYear = new Date().getFullYear();

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  /* --- controls ------------------------------------------------------------------------- */

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

  /* --- reading files -------------------------------------------------------------------- */

  function decodeText(buf) {
    var bytes = new Uint8Array(buf);
    if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
    if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (e) {
      return new TextDecoder("gb18030").decode(bytes);  // 国标编码的 .txt（Windows 记事本常见）
    }
  }

  function inflateRaw(bytes) {
    if (typeof DecompressionStream === "undefined") {
      return Promise.reject(new Error("这个浏览器不能直接读取 .docx，请另存为 .txt 或复制粘贴文字"));
    }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }

  /* One file out of a .zip (a .docx is a zip): read its central directory. */
  function zipEntry(buf, wanted) {
    var dv = new DataView(buf), bytes = new Uint8Array(buf), eocd = -1;
    for (var i = bytes.length - 22; i >= Math.max(0, bytes.length - 65557); i--) {
      if (dv.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
    }
    if (eocd < 0) return Promise.reject(new Error("不是有效的 .docx 文件"));
    var count = dv.getUint16(eocd + 10, true), p = dv.getUint32(eocd + 16, true);
    var utf8 = new TextDecoder("utf-8");
    for (var n = 0; n < count && p + 46 <= bytes.length; n++) {
      if (dv.getUint32(p, true) !== 0x02014b50) break;
      var method = dv.getUint16(p + 10, true), size = dv.getUint32(p + 20, true);
      var nameLen = dv.getUint16(p + 28, true), extraLen = dv.getUint16(p + 30, true);
      var commentLen = dv.getUint16(p + 32, true), local = dv.getUint32(p + 42, true);
      var name = utf8.decode(bytes.subarray(p + 46, p + 46 + nameLen));
      if (name === wanted) {
        var start = local + 30 + dv.getUint16(local + 26, true) + dv.getUint16(local + 28, true);
        var comp = bytes.subarray(start, start + size);
        if (method === 0) return Promise.resolve(comp);
        if (method === 8) return inflateRaw(comp);
        return Promise.reject(new Error("不支持这种压缩方式的 .docx"));
      }
      p += 46 + nameLen + extraLen + commentLen;
    }
    return Promise.reject(new Error("文件里没有 Word 正文（word/document.xml）"));
  }

  var W = null;  // WordprocessingML's namespace: that of the document's root element <w:document>

  function paraText(p) {
    var out = [];
    var walker = document.createTreeWalker(p, NodeFilter.SHOW_ELEMENT);
    var node = p;
    while (node) {
      if (node.namespaceURI === W) {
        var ln = node.localName, parent = node.parentNode;
        var inRun = parent && parent.namespaceURI === W && parent.localName === "r";
        if (ln === "t") out.push(node.textContent);
        else if (ln === "tab" && inRun) out.push("\t");
        else if ((ln === "br" || ln === "cr") && inRun) out.push("\n");
      }
      node = walker.nextNode();
    }
    return out.join("");
  }

  /* Same walk as the CLI (macros/checker/cli.py): paragraphs, table cells, content controls. */
  function blockText(elm, out) {
    for (var c = elm.firstElementChild; c; c = c.nextElementSibling) {
      if (c.namespaceURI !== W) continue;
      if (c.localName === "p") out.push(paraText(c));
      else if (c.localName === "tbl") {
        for (var tr = c.firstElementChild; tr; tr = tr.nextElementSibling) {
          if (tr.localName !== "tr") continue;
          for (var tc = tr.firstElementChild; tc; tc = tc.nextElementSibling) {
            if (tc.localName === "tc") blockText(tc, out);
          }
        }
      } else if (c.localName === "sdt") {
        for (var s = c.firstElementChild; s; s = s.nextElementSibling) {
          if (s.localName === "sdtContent") blockText(s, out);
        }
      }
    }
  }

  function docxText(buf) {
    return zipEntry(buf, "word/document.xml").then(function (xml) {
      var doc = new DOMParser().parseFromString(new TextDecoder("utf-8").decode(xml), "application/xml");
      W = doc.documentElement.namespaceURI;
      var body = doc.getElementsByTagNameNS(W, "body")[0];
      if (!body) throw new Error("不是有效的 .docx 文件");
      var out = [];
      blockText(body, out);
      return out.join("\n");
    });
  }

  function openFile(file) {
    var name = (file.name || "").toLowerCase();
    if (/\.(doc|wps|pdf)$/.test(name)) {
      showError("暂不支持 " + name.split(".").pop() + " 文件：请在 Word 或 WPS 中另存为 .docx，或复制文字粘贴到上面。");
      return;
    }
    file.arrayBuffer().then(function (buf) {
      return /\.docx$/.test(name) ? docxText(buf) : decodeText(buf);
    }).then(function (text) {
      input.value = text;
      run();
    }, function (err) {
      showError("无法读取“" + file.name + "”：" + (err && err.message ? err.message : err));
    });
  }

  /* --- showing results ------------------------------------------------------------------ */

  function showError(msg) {
    status.className = "checker-status checker-status--error";
    status.textContent = msg;
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
    return "按" + y + t + "检查";
  }

  function render(text, res) {
    list.textContent = "";
    view.textContent = "";
    var c = res.counts;
    status.className = "checker-status" + (res.findings.length ? " checker-status--found" : " checker-status--clean");
    if (!text.trim()) {
      status.className = "checker-status";
      status.textContent = "在上面粘贴草稿，或打开一个 .txt / .docx 文件。";
      return;
    }
    status.textContent = describe(res) + "：" + (res.findings.length
      ? "发现 " + res.findings.length + " 处问题（" + SEV.error + " " + c.error + "，" + SEV.suspect + " " + c.suspect +
        "，" + SEV.hint + " " + c.hint + "）。"
      : "没有发现问题。交稿前仍请通读全文。");

    res.findings.forEach(function (f, i) {
      var li = el("li", "checker-finding sev-" + f.severity);
      li.setAttribute("data-finding", String(i));
      li.setAttribute("data-rule", f.rule);
      var head = el("div", "checker-finding-head");
      head.appendChild(el("span", "sev sev-" + f.severity, SEV[f.severity]));
      var where = el("a", "checker-where", f.text ? "第" + f.line + "行第" + f.column + "列" : "全文");
      where.href = "#checker-line-" + f.line;
      where.addEventListener("click", function (ev) { ev.preventDefault(); focusMark(i); });
      head.appendChild(where);
      if (f.text) head.appendChild(el("span", "checker-text", f.text));
      li.appendChild(head);
      li.appendChild(el("p", "checker-message", f.message));
      var sug = el("p", "checker-suggestion");
      sug.appendChild(el("strong", null, "建议："));
      sug.appendChild(document.createTextNode(f.suggestion));
      li.appendChild(sug);
      var rule = el("a", "checker-rule", "规则说明");
      rule.href = "rules.html#rule-" + f.rule;
      rule.target = "_blank";
      li.appendChild(rule);
      list.appendChild(li);
    });

    // the text, line by line, with the findings marked
    var lines = text.replace(/^\ufeff/, "").split(/\r\n|\r|\n/);
    var byLine = {};
    res.findings.forEach(function (f, i) {
      if (f.end > f.column) (byLine[f.line] = byLine[f.line] || []).push([f.column - 1, f.end - 1, i, f]);
    });
    var frag = document.createDocumentFragment();
    lines.forEach(function (line, idx) {
      var n = idx + 1;
      var row = el("div", "checker-line");
      row.id = "checker-line-" + n;
      row.appendChild(el("span", "checker-ln", String(n)));
      var body = el("span", "checker-lt");
      var marks = byLine[n];
      if (!marks) {
        body.textContent = line;
      } else {
        var chars = Array.from(line), cuts = [0, chars.length];
        marks.forEach(function (m) { cuts.push(m[0], m[1]); });
        cuts = cuts.filter(function (x, i, a) { return a.indexOf(x) === i; }).sort(function (a, b) { return a - b; });
        for (var k = 0; k + 1 < cuts.length; k++) {
          var a = cuts[k], b = cuts[k + 1], seg = chars.slice(a, b).join("");
          var cover = marks.filter(function (m) { return m[0] <= a && b <= m[1]; });
          if (!cover.length) { body.appendChild(document.createTextNode(seg)); continue; }
          cover.sort(function (x, y) { return SEV_RANK[x[3].severity] - SEV_RANK[y[3].severity]; });
          var mk = el("mark", "checker-mark sev-" + cover[0][3].severity, seg);
          mk.setAttribute("data-findings", cover.map(function (m) { return m[2]; }).join(" "));
          mk.title = cover.map(function (m) { return m[3].message; }).join("\n");
          body.appendChild(mk);
        }
      }
      row.appendChild(body);
      frag.appendChild(row);
    });
    view.appendChild(frag);
  }

  function focusMark(i) {
    var target = document.querySelector('[data-findings~="' + i + '"]');
    var f = lastResult && lastResult.findings[i];
    if (!target && f) target = document.getElementById("checker-line-" + f.line);
    if (!target) return;
    target.scrollIntoView({ block: "center" });
    target.classList.add("checker-flash");
    setTimeout(function () { target.classList.remove("checker-flash"); }, 1200);
  }

  var lastResult = null, timer = null;

  function run() {
    var text = input.value;
    try {
      lastResult = ReportChecker.check(text, { year: yearSel.value ? Number(yearSel.value) : null,
        type: typeSel.value || null }, data);
    } catch (e) {
      showError("检查出错：" + e.message);
      return;
    }
    render(text, lastResult);
    root.setAttribute("data-checked", String(lastResult.findings.length));
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(run, 300);
  }

  fillSelects();
  input.addEventListener("input", later);
  yearSel.addEventListener("change", run);
  typeSel.addEventListener("change", run);
  runBtn.addEventListener("click", run);
  clearBtn.addEventListener("click", function () { input.value = ""; fileInput.value = ""; run(); input.focus(); });
  fileInput.addEventListener("change", function () { if (fileInput.files && fileInput.files[0]) openFile(fileInput.files[0]); });
  list.addEventListener("mouseover", function (ev) {
    var li = ev.target.closest && ev.target.closest(".checker-finding");
    view.querySelectorAll(".checker-hover").forEach(function (m) { m.classList.remove("checker-hover"); });
    if (li) {
      view.querySelectorAll('[data-findings~="' + li.getAttribute("data-finding") + '"]').forEach(function (m) {
        m.classList.add("checker-hover");
      });
    }
  });
  root.hidden = false;
  root.setAttribute("data-ready", "true");
  run();
})();
