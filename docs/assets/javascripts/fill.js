/* 在线填写 on a template page: a form with one input per value the template asks for,
 * the filled report beside it (updated and checked live), values kept in this browser,
 * export/import as a small file, "复制全文" and "下载 Word".
 *
 * Data: window.HANDBOOK_FILL[type] from assets/fill/<type>.js (macros/features/fill.py):
 *   blocks  [{level, text}]       the blank template, title first, slots as 【name】
 *   slots   [{name, key}]         every slot occurrence in order; key = the input or computed figure
 *   fields  [{key, label, kind, format?, derived?, phrases?}]  kind: number | text | date | day | year | quarter
 *   facts   {years, anniv, plan_label, spirit, verified}  time facts computed by the build
 *   phraseBank {slug: {part, phrases: [{id, text, function, valid: [since, until]}]}} (ISO dates or null)
 *   docx    the template's Word file (base64); its k-th content control is slots[k]
 * Computed figures use render.py's definitions (pct and avg: one decimal, half up).
 * Everything stays in the page: no request, works from file://. Text from data and from
 * the user only ever reaches the page through textContent / DOM text nodes. */
(function () {
  "use strict";

  var STORE = "handbook-fill:v1:";
  var W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
  var XML_NS = "http://www.w3.org/XML/1998/namespace";
  var SLOT = /【[^【】]+】/g;
  var MAX_IMPORT = 1024 * 1024;
  var CLASSES = {
    title: "report-title", 1: "report-h1", 2: "report-h2", 3: "report-h3", 4: "report-h4",
    para: "report-para", signature: "report-signature", names: "report-names",
    "annex-note": "report-annex-note", annex: "report-annex", "annex-title": "report-annex-title"
  };
  var SEV = { error: "错误", suspect: "存疑", hint: "提示" };
  var TITLE_CELLS = 20; // 2号 characters a title line holds in the Word file

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  // --- numbers, as render.py computes them (Decimal, ROUND_HALF_UP) -----------------

  function parseDec(s) {
    var m = /^\s*(-?)(\d+)(?:\.(\d+))?\s*$/.exec(String(s));
    if (!m) return null;
    var frac = m[3] || "";
    var n = BigInt(m[2] + frac);
    return { n: m[1] ? -n : n, scale: frac.length };
  }

  function pow10(k) { return BigInt(10) ** BigInt(k); }

  // num/den rounded half up (away from zero) to one decimal, ".0" dropped: "91.7", "100"
  function round1(num, den) {
    var neg = (num < 0) !== (den < 0);
    if (num < 0) num = -num;
    if (den < 0) den = -den;
    var tenths = (BigInt(20) * num + den) / (BigInt(2) * den);
    var s = String(tenths / BigInt(10));
    var d = tenths % BigInt(10);
    if (d !== BigInt(0)) s += "." + String(d);
    return (neg && tenths !== BigInt(0) ? "-" : "") + s;
  }

  function ratio(a, b, factor) {
    var x = parseDec(a), y = parseDec(b);
    if (!x || !y) return null;
    if (y.n === BigInt(0)) return { error: "除数为 0" };
    // a/b = x.n·10^y.scale / (y.n·10^x.scale)
    return round1(x.n * BigInt(factor) * pow10(y.scale), y.n * pow10(x.scale));
  }

  function addAll(first, rest, sign) {
    var vals = [first].concat(rest).map(parseDec);
    if (vals.some(function (v) { return !v; })) return null;
    var scale = Math.max.apply(null, vals.map(function (v) { return v.scale; }));
    var total = BigInt(0);
    vals.forEach(function (v, i) {
      var n = v.n * pow10(scale - v.scale);
      total += i === 0 || sign > 0 ? n : -n;
    });
    var neg = total < 0, abs = neg ? -total : total, s = String(abs);
    if (scale) {
      while (s.length <= scale) s = "0" + s;
      s = s.slice(0, -scale) + "." + s.slice(-scale);
      s = s.replace(/\.?0+$/, "");
    }
    return (neg ? "-" : "") + s;
  }

  function cnDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? { y: +m[1], m: +m[2], d: +m[3] } : null;
  }

  function cnDateText(iso) {
    var d = cnDate(iso);
    return d ? d.y + "年" + d.m + "月" + d.d + "日" : null;
  }

  function cells(text) {
    var n = 0;
    for (var i = 0; i < text.length; i++) n += text.charCodeAt(i) < 0x2e80 ? 0.5 : 1;
    return n;
  }

  // --- the fill-in model ---------------------------------------------------------------

  function Model(spec) {
    var self = this;
    this.spec = spec;
    this.fields = {};
    spec.fields.forEach(function (f) { self.fields[f.key] = f; });
    this.values = {};
  }

  Model.prototype.raw = function (key) {
    var v = this.values[key];
    return v == null ? "" : String(v).trim();
  };

  Model.prototype.arg = function (a) {
    if (Object.prototype.hasOwnProperty.call(a, "const")) return String(a["const"]);
    if (a.derived) return this.compute(a.derived);
    var f = this.fields[a.key], v = this.raw(a.key);
    return v === "" ? null : (f && f.kind === "date" ? v : v);
  };

  /* A computed figure, as text (null while an input it needs is empty). */
  Model.prototype.compute = function (d) {
    var self = this, facts = this.spec.facts;
    var args = d.args.map(function (a) { return self.arg(a); });
    if (args.some(function (a) { return a == null || (typeof a === "object"); })) return null;
    var r;
    switch (d.fn) {
      case "pct": r = ratio(args[0], args[1], 100); return r && typeof r === "object" ? null : r && r + "%";
      case "avg": r = ratio(args[0], args[1], 1); return r && typeof r === "object" ? null : r;
      case "minus": return addAll(args[0], args.slice(1), -1);
      case "plus": return addAll(args[0], args.slice(1), 1);
      case "span": {
        var a = cnDate(args[0]), b = cnDate(args[1]);
        if (!a || !b) return null;
        return cnDateText(args[0]) + "至" + (a.y === b.y ? b.m + "月" + b.d + "日" : cnDateText(args[1]));
      }
      case "spirit": {
        var out = null;
        facts.spirit.forEach(function (step) { if (step[0] <= args[0]) out = step[1] || null; });
        return out;
      }
      case "plan_label": return facts.plan_label[args[0]] || null;
      case "anniv": {
        var t = facts.anniv[d.id];
        return t && t[args[0]] != null ? String(t[args[0]]) : null;
      }
    }
    return null;
  };

  /* Why a computed figure is empty (for the form), or "". */
  Model.prototype.problem = function (d) {
    if (d.fn === "pct" || d.fn === "avg") {
      var a = this.arg(d.args[0]), b = this.arg(d.args[1]);
      if (a != null && b != null && parseDec(b) && parseDec(b).n === BigInt(0)) return "分母为 0，无法计算";
    }
    if ((d.fn === "plan_label" || d.fn === "anniv" || d.fn === "spirit") && this.arg(d.args[0]) != null) {
      return "时效性表中没有这一年的数据，请对照“时效性”页自行填写";
    }
    return "";
  };

  /* The text a slot shows: its value, or null (the slot stays 【】). */
  Model.prototype.display = function (key) {
    var f = this.fields[key];
    if (!f) return null;
    if (f.derived) return this.compute(f.derived);
    var v = this.raw(key);
    if (v === "") return null;
    if (f.kind === "date") return cnDateText(v) || v;
    if (f.kind === "day") { var d = cnDate(v); return d ? d.m + "月" + d.d + "日" : v; }
    if (f.kind === "quarter") return this.spec.quarters[v] || v;
    if (f.kind === "text") {
      v = v.replace(/\s*[\r\n]+\s*/g, "");
      // render.py's f_sentence: one sentence ending in 。
      return f.format === "sentence" ? v.replace(/[。；;，,\s]+$/, "") + "。" : v;
    }
    return v;
  };

  /* [[piece, slot|null], ...] per block: the filled report. */
  Model.prototype.filled = function () {
    var self = this, k = 0, slots = this.spec.slots;
    return this.spec.blocks.map(function (b) {
      var parts = [], last = 0, m;
      SLOT.lastIndex = 0;
      while ((m = SLOT.exec(b.text))) {
        if (m.index > last) parts.push([b.text.slice(last, m.index), null]);
        var slot = slots[k++];
        var v = slot ? self.display(slot.key) : null;
        // 【slot】。 in the template: a value's own closing mark would double it (render.py's points())
        if (v != null && /^[。；，]/.test(b.text.slice(m.index + m[0].length))) v = v.replace(/[。；;，,\s]+$/, "");
        parts.push([v == null ? m[0] : v, { slot: slot, filled: v != null, hint: m[0] }]);
        last = m.index + m[0].length;
      }
      if (last < b.text.length) parts.push([b.text.slice(last), null]);
      return { level: b.level, parts: parts };
    });
  };

  Model.prototype.text = function () {
    return this.filled().map(function (b) {
      return b.parts.map(function (p) { return p[0]; }).join("");
    }).join("\n");
  };

  Model.prototype.year = function () {
    var y = this.raw("year");
    return /^\d{4}$/.test(y) ? y : "";
  };

  // --- the Word file -------------------------------------------------------------------

  function b64ToBytes(b64) {
    var bin = atob(b64), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  /* The template's .docx with every filled content control replaced by its text. */
  Model.prototype.docx = function () {
    var spec = this.spec;
    var files = fflate.unzipSync(b64ToBytes(spec.docx));
    var doc = new DOMParser().parseFromString(fflate.strFromU8(files["word/document.xml"]), "application/xml");
    var sdts = Array.prototype.slice.call(doc.getElementsByTagNameNS(W, "sdt"));
    var texts = [];
    this.filled().forEach(function (b) {
      b.parts.forEach(function (p) { if (p[1]) texts.push(p[1].filled ? p[0] : null); });
    });
    if (sdts.length !== spec.slots.length) throw new Error("模板的 Word 文件与填写项对不上");
    sdts.forEach(function (sdt, k) {
      var slot = spec.slots[k];
      var tag = sdt.getElementsByTagNameNS(W, "tag")[0];
      if (!tag || tag.getAttributeNS(W, "val") !== slot.name) throw new Error("第 " + (k + 1) + " 个填写项与 Word 文件不符");
      var v = texts[k];
      if (v == null) return; // left as the control, showing its 【hint】
      var r = doc.createElementNS(W, "w:r");
      var old = sdt.getElementsByTagNameNS(W, "rPr");
      var rpr = old.length ? old[old.length - 1].cloneNode(true) : null;
      if (rpr) {
        Array.prototype.slice.call(rpr.getElementsByTagNameNS(W, "highlight")).forEach(function (h) { h.remove(); });
        if (rpr.childNodes.length) r.appendChild(rpr);
      }
      var t = doc.createElementNS(W, "w:t");
      t.setAttributeNS(XML_NS, "xml:space", "preserve");
      t.textContent = v;
      r.appendChild(t);
      sdt.parentNode.replaceChild(r, sdt);
    });
    // A filled title that fits on one line loses the template's line break.
    var title = doc.getElementsByTagNameNS(W, "p")[0];
    var titleText = this.filled()[0].parts.map(function (p) { return p[0]; }).join("");
    if (title && cells(titleText) <= TITLE_CELLS) {
      Array.prototype.slice.call(title.getElementsByTagNameNS(W, "br")).forEach(function (br) {
        var run = br.parentNode;
        run.removeChild(br);
        if (!run.childNodes.length) run.remove();
      });
    }
    var xml = new XMLSerializer().serializeToString(doc);
    if (xml.indexOf("<?xml") !== 0) xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml;
    files["word/document.xml"] = fflate.strToU8(xml);
    if (files["docProps/core.xml"]) {
      var core = new DOMParser().parseFromString(fflate.strFromU8(files["docProps/core.xml"]), "application/xml");
      var dcTitle = core.getElementsByTagNameNS("http://purl.org/dc/elements/1.1/", "title")[0];
      if (dcTitle) dcTitle.textContent = titleText;
      var cat = core.getElementsByTagNameNS("http://schemas.openxmlformats.org/package/2006/metadata/core-properties", "category")[0];
      if (cat) cat.textContent = "报告";
      files["docProps/core.xml"] = fflate.strToU8(new XMLSerializer().serializeToString(core));
    }
    return fflate.zipSync(files, { level: 6 });
  };

  function save(blob, name) {
    var a = el("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function safeName(s) { return s.replace(/[\\/:*?"<>|\s]+/g, ""); }

  // --- storage -----------------------------------------------------------------------------

  function store(key, value) {
    try {
      if (value == null) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch (e) { return false; }
  }

  function load(key) {
    try {
      var v = localStorage.getItem(key);
      return v == null ? null : JSON.parse(v);
    } catch (e) { return null; }
  }

  // --- the page ------------------------------------------------------------------------------

  function init(section) {
    var type = section.getAttribute("data-fill-type");
    var spec = window.HANDBOOK_FILL && window.HANDBOOK_FILL[type];
    if (!spec || !window.fflate) return;
    var model = new Model(spec);
    var prefix = STORE + type + ":";
    var original = document.getElementById("doc-template-" + type);
    var toolbar = original && original.previousElementSibling;
    var toggle = section.querySelector(".fill-toggle");
    var years = spec.facts.years.map(String);
    var inputs = {}, outputs = {}, pickers = [];

    function defaultYear() {
      var now = String(new Date().getFullYear());
      if (years.indexOf(now) >= 0) return now;
      return years[years.length - 1];
    }

    function storageKey(year) { return prefix + (year || "all"); }

    function persist() {
      var y = model.year();
      store(storageKey(y), model.values);
      if (y) store(prefix + "year", y);
    }

    // panel ----------------------------------------------------------------------------
    var panel = el("div", "fill-panel");
    panel.hidden = true;
    var actions = el("div", "fill-actions");
    var copyBtn = el("button", "md-button copy-btn fill-copy", "复制全文");
    copyBtn.type = "button";
    copyBtn.setAttribute("data-copy-target", "fill-doc-" + type);
    var wordBtn = el("button", "md-button md-button--primary fill-word", "下载 Word");
    wordBtn.type = "button";
    var exportBtn = el("button", "md-button fill-export", "导出填写数据");
    exportBtn.type = "button";
    var importLabel = el("label", "md-button fill-import", "导入填写数据");
    var importInput = el("input");
    importInput.type = "file";
    importInput.accept = ".json,application/json";
    importInput.className = "fill-import-file";
    importLabel.appendChild(importInput);
    var clearBtn = el("button", "md-button fill-clear", "清空");
    clearBtn.type = "button";
    [copyBtn, wordBtn, exportBtn, importLabel, clearBtn].forEach(function (b) { actions.appendChild(b); });
    var status = el("p", "fill-status");
    status.setAttribute("role", "status");
    panel.appendChild(actions);
    panel.appendChild(status);

    var cols = el("div", "fill-columns");
    var form = el("form", "fill-form");
    form.setAttribute("aria-label", "填写项");
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var right = el("div", "fill-right");
    var checkBox = el("div", "fill-check");
    checkBox.setAttribute("aria-live", "polite");
    var preview = el("article", "report-doc fill-doc");
    preview.id = "fill-doc-" + type;
    preview.lang = "zh-CN";
    preview.setAttribute("data-copy-blocks", "");
    preview.setAttribute("data-no-glossary", "");
    right.appendChild(checkBox);
    right.appendChild(preview);
    cols.appendChild(form);
    cols.appendChild(right);
    panel.appendChild(cols);
    section.appendChild(panel);

    // groups: the level-1 heading each value first appears under ------------------------
    var groupOf = {}, groups = [], k = 0, current = "标题和开头";
    function deps(key, out) {
      var f = model.fields[key];
      if (f && f.derived) (function walk(d) {
        d.args.forEach(function (a) { if (a.key) out.push(a.key); else if (a.derived) walk(a.derived); });
      })(f.derived);
      out.push(key);
      return out;
    }
    spec.blocks.forEach(function (b) {
      if (b.level === "1") current = b.text;
      if (b.level === "signature") current = "落款";
      var n = (b.text.match(SLOT) || []).length;
      for (var i = 0; i < n; i++, k++) {
        deps(spec.slots[k].key, []).forEach(function (key) {
          if (!(key in groupOf)) {
            groupOf[key] = current;
            if (groups.indexOf(current) < 0) groups.push(current);
          }
        });
      }
    });

    function fieldFor(f, idx) {
      var wrap = el("div", "fill-field fill-" + f.kind + (f.derived ? " fill-derived" : ""));
      var id = "fill-" + type + "-" + idx;
      var label = el("label", "fill-label", f.label);
      label.htmlFor = id;
      wrap.appendChild(label);
      var input;
      if (f.derived) {
        input = el("output", "fill-output");
        input.id = id;
        var how = { pct: "÷", avg: "÷", minus: "−", plus: "+" }[f.derived.fn];
        var note = how ? "自动计算：" + f.derived.args.map(function (a) {
          return a.key ? (model.fields[a.key] || {}).label : String(a["const"]);
        }).join(" " + how + " ") + (f.derived.fn === "pct" ? "，保留一位小数" : "")
          : "按“时效性”数据自动填写";
        wrap.appendChild(el("span", "fill-note", note));
        outputs[f.key] = input;
        wrap.appendChild(input);
        return wrap;
      }
      if (f.kind === "year" || f.kind === "quarter") {
        input = el("select", "fill-input");
        var opts = f.kind === "year" ? years.map(function (y) { return [y, y + "年"]; })
          : ["1", "2", "3", "4"].map(function (q) { return [q, "第" + spec.quarters[q] + "季度"]; });
        if (f.kind === "quarter") opts.unshift(["", "请选择"]);
        opts.forEach(function (o) { var op = el("option", null, o[1]); op.value = o[0]; input.appendChild(op); });
      } else if (f.kind === "text" && (f.label.length > 10 || /^[写用]/.test(f.label))) {
        input = el("textarea", "fill-input");
        input.rows = 3;
      } else {
        input = el("input", "fill-input");
        input.type = f.kind === "number" ? "number" : f.kind === "date" || f.kind === "day" ? "date" : "text";
        if (f.kind === "number") { input.min = "0"; input.step = "any"; input.inputMode = "decimal"; }
      }
      input.id = id;
      input.name = f.key;
      input.setAttribute("data-key", f.key);
      inputs[f.key] = input;
      wrap.appendChild(input);
      if (f.phrases && spec.phraseBank[f.phrases]) {
        var pick = el("select", "fill-phrases");
        pick.setAttribute("aria-label", "从表述库插入：" + spec.phraseBank[f.phrases].part);
        pick.setAttribute("data-part", f.phrases);
        pick.setAttribute("data-for", f.key);
        wrap.appendChild(pick);
        pickers.push(pick);
      }
      return wrap;
    }

    var idx = 0;
    groups.forEach(function (g) {
      var fs = el("fieldset", "fill-group");
      fs.appendChild(el("legend", null, g));
      spec.fields.forEach(function (f) {
        if (groupOf[f.key] === g) fs.appendChild(fieldFor(f, idx++));
      });
      form.appendChild(fs);
    });

    function fillPickers() {
      // valid on the 成文日期 when it is filled, else on some day of the year (phrases.js does the same)
      var y = model.year(), day = model.fields.date ? model.raw("date") : "";
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) day = "";
      pickers.forEach(function (pick) {
        var bank = spec.phraseBank[pick.getAttribute("data-part")];
        pick.textContent = "";
        var first = el("option", null, "从表述库插入（" + bank.part + "）…");
        first.value = "";
        pick.appendChild(first);
        var byFn = {};
        bank.phrases.forEach(function (p) {
          var since = p.valid[0], until = p.valid[1];
          if (day && ((since && day < since) || (until && day > until))) return;
          if (!day && y && ((since && y < since.slice(0, 4)) || (until && y > until.slice(0, 4)))) return;
          (byFn[p["function"]] = byFn[p["function"]] || []).push(p);
        });
        Object.keys(byFn).forEach(function (fn) {
          var og = el("optgroup");
          og.label = fn;
          byFn[fn].forEach(function (p) {
            var op = el("option", null, p.text.length > 60 ? p.text.slice(0, 59) + "…" : p.text);
            op.value = p.id;
            op.title = p.text;
            og.appendChild(op);
          });
          pick.appendChild(og);
        });
      });
    }

    function insertPhrase(pick) {
      var bank = spec.phraseBank[pick.getAttribute("data-part")];
      var p = bank.phrases.filter(function (x) { return x.id === pick.value; })[0];
      pick.value = "";
      if (!p) return;
      var input = inputs[pick.getAttribute("data-for")];
      var start = input.value.length;
      input.value += p.text;
      model.values[input.getAttribute("data-key")] = input.value;
      update();
      input.focus();
      // select the phrase's first 【slot】 so that typing replaces it
      var rest = input.value.slice(start), m = /【[^【】]+】/.exec(rest);
      if (m) input.setSelectionRange(start + m.index, start + m.index + m[0].length);
      else input.setSelectionRange(input.value.length, input.value.length);
    }

    // rendering --------------------------------------------------------------------------
    function render() {
      preview.textContent = "";
      var table = null; // consecutive thead/row blocks: one table, as html.py draws it
      model.filled().forEach(function (b) {
        var row = b.level === "thead" || b.level === "row";
        if (!row) table = null;
        else if (!table) {
          var wrap = el("div", "report-table-wrap");
          table = el("table", "report-table");
          table.appendChild(el("thead"));
          table.appendChild(el("tbody"));
          wrap.appendChild(table);
          preview.appendChild(wrap);
        }
        var p = row ? el("tr") : el("p", CLASSES[b.level] || "report-para");
        p.setAttribute("data-copy-block", "");
        var into = row ? el(b.level === "thead" ? "th" : "td") : p;
        if (row) p.appendChild(into);
        b.parts.forEach(function (part, i) {
          var text = part[0];
          if (!part[1]) {
            // a row's cells are its text cut at tabs; each cell but the last keeps its tab for copying
            var pieces = row ? text.split("\t") : [text];
            pieces.forEach(function (piece, k) {
              if (k > 0) {
                into.appendChild(el("span", "report-cell-sep", "\t"));
                into = el(b.level === "thead" ? "th" : "td");
                p.appendChild(into);
              }
              if (piece) into.appendChild(document.createTextNode(piece));
            });
            return;
          }
          into.appendChild(el(part[1].filled ? "span" : "mark", part[1].filled ? "fill-value" : "slot", text));
        });
        if (b.level === "names") labelFirst(p);
        (row ? table.querySelector(b.level === "thead" ? "thead" : "tbody") : preview).appendChild(p);
      });
      Object.keys(outputs).forEach(function (key) {
        var f = model.fields[key], v = model.display(key);
        var late = v != null && /^(spirit|plan_label|anniv)$/.test(f.derived.fn) && beyondHorizon();
        outputs[key].textContent = v == null ? (model.problem(f.derived) || "（填好所需数字后自动算出）")
          : v + (late ? "（时效性数据核对至" + cnDateText(spec.facts.verified) + "，此后的变化未收入，请核对）" : "");
        outputs[key].classList.toggle("fill-output-empty", v == null);
      });
      var filled = 0, total = 0;
      spec.fields.forEach(function (f) {
        if (f.derived) return;
        total++;
        if (model.raw(f.key) !== "") filled++;
      });
      status.textContent = "已填写 " + filled + " / " + total + " 项。内容只保存在本机浏览器中。";
    }

    // 出席：… — the label before the first “：” in 黑体 (html.py's report-label)
    function labelFirst(p) {
      var t = p.firstChild;
      if (!t || t.nodeType !== 3) return;
      var k = t.data.indexOf("：");
      if (k <= 0) return;
      var label = el("span", "report-label", t.data.slice(0, k));
      t.data = t.data.slice(k);
      p.insertBefore(label, t);
    }

    function beyondHorizon() {
      var day = model.raw("date"), v = spec.facts.verified;
      if (!v) return false;
      if (/^\d{4}-\d{2}-\d{2}$/.test(day)) return day > v;
      var y = model.year();
      return !!y && y + "-12-31" > v;
    }

    function runCheck() {
      checkBox.textContent = "";
      if (!window.ReportChecker) return;
      var result;
      try {
        result = window.ReportChecker.check(model.text(), { year: model.year() || null, type: type });
      } catch (e) {
        checkBox.appendChild(el("p", "fill-check-error", "自查出错：" + e.message));
        return;
      }
      var c = result.counts;
      var head = el("p", "fill-check-summary", result.findings.length
        ? "自查：" + result.findings.length + " 处需要处理（错误 " + c.error + "，存疑 " + c.suspect + "，提示 " + c.hint + "）"
        : "自查：没有发现问题。");
      checkBox.appendChild(head);
      if (!result.findings.length) return;
      var details = el("details", "fill-check-details");
      details.appendChild(el("summary", null, "查看自查结果"));
      var ul = el("ul", "fill-findings");
      result.findings.slice(0, 100).forEach(function (f) {
        var li = el("li", "sev-" + f.severity);
        li.appendChild(el("span", "sev sev-" + f.severity, SEV[f.severity] || f.severity));
        li.appendChild(document.createTextNode(" 第 " + f.line + " 行：" + f.message));
        ul.appendChild(li);
      });
      details.appendChild(ul);
      checkBox.appendChild(details);
    }

    var timer = null;
    function update() {
      render();
      persist();
      clearTimeout(timer);
      timer = setTimeout(runCheck, 200);
    }

    function showValues() {
      Object.keys(inputs).forEach(function (key) {
        var v = model.values[key];
        inputs[key].value = v == null ? "" : String(v);
      });
      if (inputs.year && !model.year()) { inputs.year.value = defaultYear(); model.values.year = inputs.year.value; }
    }

    function setYear(y) {
      var saved = load(storageKey(y));
      if (saved && typeof saved === "object") {
        model.values = sanitize(saved);
      }
      // no values for that year: carry this year's over, as a start
      model.values.year = y;
      showValues();
      fillPickers();
      update();
    }

    function sanitize(obj) {
      var out = {};
      Object.keys(obj || {}).forEach(function (key) {
        var f = model.fields[key], v = obj[key];
        if (!f || f.derived || (typeof v !== "string" && typeof v !== "number")) return;
        out[key] = String(v).slice(0, 5000);
      });
      return out;
    }

    form.addEventListener("input", function (e) {
      var key = e.target.getAttribute && e.target.getAttribute("data-key");
      if (!key) return;
      if (key === "year") return;
      model.values[key] = e.target.value;
      update();
    });
    form.addEventListener("change", function (e) {
      if (e.target.classList.contains("fill-phrases")) { insertPhrase(e.target); return; }
      var key = e.target.getAttribute && e.target.getAttribute("data-key");
      if (key === "year") { persist(); setYear(e.target.value); return; }
      if (key) { model.values[key] = e.target.value; update(); }
      if (key === "date") fillPickers();
    });

    wordBtn.addEventListener("click", function () {
      try {
        var data = model.docx();
        var title = model.filled()[0].parts.map(function (p) { return p[0]; }).join("");
        save(new Blob([data], { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" }),
          safeName(title) + ".docx");
        status.textContent = "已生成 Word 文件。还没填写的地方保留【】和黄色底纹。";
      } catch (e) {
        status.textContent = "生成 Word 文件失败：" + e.message;
      }
    });
    exportBtn.addEventListener("click", function () {
      var y = model.year();
      var data = { format: "handbook-fill", version: 1, type: type, name: spec.name, year: y, values: sanitize(model.values) };
      save(new Blob([JSON.stringify(data, null, 1)], { type: "application/json" }),
        safeName(spec.name + (y ? "-" + y + "年" : "") + "-填写数据") + ".json");
      status.textContent = "已导出填写数据。下一年或换一台电脑时，用“导入填写数据”接着填。";
    });
    importInput.addEventListener("change", function () {
      var file = importInput.files && importInput.files[0];
      importInput.value = "";
      if (!file) return;
      if (file.size > MAX_IMPORT) { status.textContent = "文件太大（超过 1 MB），不是填写数据文件。"; return; }
      file.text().then(function (text) {
        var data;
        try { data = JSON.parse(text); } catch (e) { data = null; }
        if (!data || data.format !== "handbook-fill" || typeof data.values !== "object") {
          status.textContent = "“" + file.name + "”不是本手册导出的填写数据文件，没有导入。";
          return;
        }
        if (data.type !== type) {
          status.textContent = "“" + file.name + "”是“" + String(data.name || data.type) + "”的填写数据，不是本模板的，没有导入。";
          return;
        }
        var values = sanitize(data.values);
        var y = years.indexOf(String(data.year)) >= 0 ? String(data.year) : (values.year || model.year());
        model.values = values;
        model.values.year = y;
        showValues();
        fillPickers();
        update();
        status.textContent = "已导入 " + Object.keys(values).length + " 项。";
      });
    });
    clearBtn.addEventListener("click", function () {
      var y = model.year();
      if (!window.confirm("清空本模板" + (y ? y + "年" : "") + "已填写的全部内容？清空后无法恢复（可先导出填写数据）。")) return;
      store(storageKey(y), null);
      model.values = { year: y };
      showValues();
      update();
      status.textContent = "已清空。";
    });

    function open(on) {
      panel.hidden = !on;
      if (original) original.hidden = on;
      if (toolbar && toolbar.classList.contains("report-toolbar")) toolbar.hidden = on;
      toggle.setAttribute("aria-expanded", on ? "true" : "false");
      toggle.textContent = on ? "退出填写，查看空白模板" : "在线填写";
      store(prefix + "open", on ? 1 : null);
      if (on) runCheck();
    }
    toggle.addEventListener("click", function () { open(panel.hidden); });

    // start ------------------------------------------------------------------------------
    var lastYear = load(prefix + "year");
    var y0 = years.indexOf(String(lastYear)) >= 0 ? String(lastYear) : defaultYear();
    if (!model.fields.year) y0 = "";
    model.values = sanitize(load(storageKey(y0)) || {});
    if (y0) model.values.year = y0;
    showValues();
    fillPickers();
    render();
    section.hidden = false;
    if (load(prefix + "open")) open(true);

    section.handbookFill = model; // for tests
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("section.fill[data-fill-type]"), init);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
