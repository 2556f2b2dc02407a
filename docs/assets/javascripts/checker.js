/* The JavaScript engine of the draft checker (在线自查).
 *
 * A pure function of (rule set, text, options): no DOM, no network. The rule set is the
 * dict compiled from data/rules/*.yaml, data/time_facts.yaml and data/report_types.yaml
 * (macros/checker/compile.py), embedded in the site as assets/javascripts/checker-data.js.
 *
 * This is the same algorithm as macros/checker/engine.py, step for step; the two must give
 * identical findings (tests/test_checker_parity.py). Change both together.
 *
 * Positions: lines split at \r\n, \r or \n, counted from 1; columns count Unicode code
 * points from 1 (JavaScript strings are UTF-16, so offsets are converted at the end).
 * `paragraph` counts non-empty lines from 1 (第N段). A fix is {start, end, text}: replace code
 * points start..end of the checked text (a leading BOM included) with text; applyFixes does it.
 *
 * Work is linear in the size of the text: spans are looked up through a SpanIndex (sorted
 * starts, running maximum of ends), never rescanned for each match.
 *
 * Browser: window.ReportChecker.check(text, {year, date, type}) uses window.REPORT_CHECKER_DATA;
 *          ReportChecker.applyFixes(text, findings) and ReportChecker.fixAll(text, {year, date, type}).
 * Node:    require("./checker.js").create(data).check(text, {year, date, type}) / .fixAll(text, options).
 */
(function (root, factory) {
  "use strict";
  var api = factory();
  api.factory = factory;  // its source builds the page's Web Worker (checker-ui.js): file:// cannot load a worker file
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
  } else {
    root.ReportChecker = api;
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var LINE_SPLIT = /\r\n|\r|\n/;
  var SPACES = " \t\u3000";
  var DIGITS = { "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9 };
  var UNITS = { "十": 10, "百": 100, "千": 1000 };
  var own = Object.prototype.hasOwnProperty;
  var RELATIVE_YEARS = { "前年": -2, "去年": -1, "今年": 0, "明年": 1 };
  var SENTENCE_WINDOW = 200;  // how far back a year at the start of the sentence is looked for
  var SENTENCE_ENDS = "。；！？;!?";
  var TITLE_MAX = 60;  // a longer line is body text: the top block (title, page lines) has ended

  function cpLen(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        var d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
      }
      n++;
    }
    return n;
  }

  function isSpace(ch) {
    return ch === " " || ch === "\t" || ch === "\u3000";
  }

  function strip(s) {
    var a = 0, b = s.length;
    while (a < b && isSpace(s[a])) a++;
    while (b > a && isSpace(s[b - 1])) b--;
    return s.slice(a, b);
  }

  function leadingSpaces(s) {
    var a = 0;
    while (a < s.length && isSpace(s[a])) a++;
    return a;
  }

  function lastCodePoint(s) {
    var arr = Array.from(s);
    return arr.length ? arr[arr.length - 1] : "";
  }

  function cnNumber(s) {
    if (/^[\x00-\x7f]*$/.test(s)) return /^[0-9]+$/.test(s) ? parseInt(s, 10) : null;
    var chars = Array.from(s), i, c;
    var hasUnit = chars.some(function (ch) { return own.call(UNITS, ch); });
    if (!hasUnit) {
      var n = 0;
      for (i = 0; i < chars.length; i++) {
        if (!own.call(DIGITS, chars[i])) return null;
        n = n * 10 + DIGITS[chars[i]];
      }
      return n;
    }
    var total = 0, cur = 0;
    for (i = 0; i < chars.length; i++) {
      c = chars[i];
      if (own.call(DIGITS, c)) cur = DIGITS[c];
      else if (own.call(UNITS, c)) { total += (cur || 1) * UNITS[c]; cur = 0; }
      else return null;
    }
    return total + cur;
  }

  function cnNumeral(n) {
    var d = "〇一二三四五六七八九";
    if (n < 10) return d[n];
    var tens = Math.floor(n / 10), ones = n % 10;
    return (tens === 1 ? "" : d[tens]) + "十" + (ones ? d[ones] : "");
  }

  function fmt(template, vars) {
    return template.replace(/\{([a-z_0-9]+)\}/g, function (m, k) {
      return own.call(vars, k) ? String(vars[k]) : m;
    });
  }

  function quotedSpans(line) {
    var spans = [], books = [], quote = null, corner = null;
    for (var i = 0; i < line.length; i++) {
      var ch = line[i];
      if (ch === "《") books.push(i);
      else if (ch === "》" && books.length) spans.push([books.pop(), i + 1]);
      else if (ch === "“") quote = i;
      else if (ch === "”" && quote !== null) { spans.push([quote, i + 1]); quote = null; }
      else if (ch === "「") corner = i;
      else if (ch === "」" && corner !== null) { spans.push([corner, i + 1]); corner = null; }
    }
    return spans;
  }

  /* Spans [start, end] of one line, for questions answered in O(log n) rather than by a scan. */
  function SpanIndex(spans) {
    spans = spans.slice().sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    this.starts = [];
    this.reach = [];  // reach[i]: the largest end among spans[0..i]
    var m = -1;
    for (var i = 0; i < spans.length; i++) {
      m = Math.max(m, spans[i][1]);
      this.starts.push(spans[i][0]);
      this.reach.push(m);
    }
  }

  /* The largest end of the spans starting before pos (at or before, when inclusive); -1 if none. */
  SpanIndex.prototype.maxEnd = function (pos, inclusive) {
    var lo = 0, hi = this.starts.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (inclusive ? this.starts[mid] <= pos : this.starts[mid] < pos) lo = mid + 1; else hi = mid;
    }
    return lo ? this.reach[lo - 1] : -1;
  };
  SpanIndex.prototype.encloses = function (s, e) { return this.maxEnd(s, false) > e; };
  SpanIndex.prototype.touches = function (s, e) { return this.maxEnd(e, false) > s; };

  function bisectLeft(arr, x) {
    var lo = 0, hi = arr.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (arr[mid] < x) lo = mid + 1; else hi = mid; }
    return lo;
  }

  /* The match s..e lies within one of the longer correct words. */
  function excepted(line, s, e, words) {
    for (var i = 0; i < words.length; i++) {
      var w = words[i];
      for (var pos = Math.max(0, e - w.length); pos <= s; pos++) {
        if (line.startsWith(w, pos)) return true;
      }
    }
    return false;
  }

  var TEMPLATE = /\{([a-z_0-9]+)\}/g;

  /* The replacement of the first fix template whose placeholders all have values. */
  function fixTextOf(rule, vars) {
    var ts = rule.fix || [];
    for (var i = 0; i < ts.length; i++) {
      var ok = true;
      ts[i].replace(TEMPLATE, function (m, k) { if (!own.call(vars, k)) ok = false; return m; });
      if (ok) return fmt(ts[i], vars);
    }
    return null;
  }

  /* Code point offsets → UTF-16 offsets of text, for sorted offsets (one pass). */
  function utf16Offsets(text, cps) {
    var out = [], cp = 0, i = 0;
    for (var k = 0; k < cps.length; k++) {
      while (cp < cps[k] && i < text.length) {
        var c = text.charCodeAt(i);
        i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length &&
          text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff ? 2 : 1;
        cp++;
      }
      out.push(cp === cps[k] ? i : -1);
    }
    return out;
  }

  /* [fixed text, the findings whose fixes were applied]. */
  function applyWith(text, findings) {
    text = String(text == null ? "" : text);
    var todo = [];
    (findings || []).forEach(function (f, i) {
      var fx = f && f.fix;
      if (fx && fx.start >= 0 && fx.start <= fx.end) todo.push({ f: f, fx: fx, i: i });
    });
    todo.sort(function (a, b) { return a.fx.start - b.fx.start || a.fx.end - b.fx.end || a.i - b.i; });
    var cps = [];
    todo.forEach(function (t) { cps.push(t.fx.start, t.fx.end); });
    var order = cps.map(function (x, i) { return i; }).sort(function (a, b) { return cps[a] - cps[b]; });
    var sortedCps = order.map(function (i) { return cps[i]; });
    var conv = utf16Offsets(text, sortedCps), at = new Array(cps.length);
    order.forEach(function (i, k) { at[i] = conv[k]; });
    var out = [], applied = [], pos = 0, lastCp = 0;
    todo.forEach(function (t, k) {
      var s = at[2 * k], e = at[2 * k + 1];
      if (s < 0 || e < 0 || t.fx.start < lastCp) return;
      out.push(text.slice(pos, s), t.fx.text);
      applied.push(t.f);
      pos = e;
      lastCp = t.fx.end;
    });
    out.push(text.slice(pos));
    return [out.join(""), applied];
  }

  /* Apply the fixes of findings to the text they were found in. Fixes are taken from the start of
   * the text; one that overlaps a fix already taken is left out (checking the result again offers
   * it anew: see fixAll). */
  function applyFixes(text, findings) {
    return applyWith(text, findings)[0];
  }

  /* Every non-empty match of a global regex: [start, end, match] in UTF-16 offsets. */
  function eachMatch(rx, line, fn) {
    rx.lastIndex = 0;
    var m;
    while ((m = rx.exec(line)) !== null) {
      if (m[0].length === 0) {
        var c = line.charCodeAt(rx.lastIndex);
        rx.lastIndex += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
        continue;
      }
      fn(m.index, m.index + m[0].length, m);
    }
  }

  function Engine(data) {
    this.data = data;
    this.rules = data.rules;
    this.categories = {};
    this.types = {};
    this.cache = {};
    var self = this;
    data.categories.forEach(function (c) { self.categories[c.id] = c; });
    data.types.forEach(function (t) { self.types[t.id] = t; });
    this.headings = data.headings.map(function (h) { return [h, self.rx(h.pattern)]; });
    this.headingsEnd = data.headings_end ? this.rx(data.headings_end) : null;
  }

  /* One compiled RegExp per pattern and flags ("u" to search, "gu" to scan). */
  Engine.prototype.rx = function (pattern, global) {
    var key = (global ? "g:" : "s:") + pattern;
    var r = this.cache[key];
    if (!r) r = this.cache[key] = new RegExp(pattern, global ? "gu" : "u");
    if (global) r.lastIndex = 0;
    return r;
  };

  Engine.prototype.resolveYear = function (lines, year) {
    if (year) return [year, "given"];
    var dateLine = this.rx(this.data.date_line), inLine = this.rx(this.data.year_in_line);
    var seen = 0;
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i], s = strip(line);
      if (!s || dateLine.test(line)) continue;
      var m = inLine.exec(line);
      if (m) return [parseInt(m[1], 10), seen === 0 ? "title" : "paragraph"];
      seen++;
      if (seen >= 4 || (seen >= 2 && cpLen(s) >= 20)) break;
    }
    return [new Date().getFullYear(), "default"];
  };

  function cnIso(iso) {
    var p = iso.split("-");
    return parseInt(p[0], 10) + "年" + parseInt(p[1], 10) + "月" + parseInt(p[2], 10) + "日";
  }
  function pad2(n) { return (n < 10 ? "0" : "") + n; }
  function isoOf(y, m, d) {
    var t = new Date(Date.UTC(y, m - 1, d));
    if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
    return y + "-" + pad2(m) + "-" + pad2(d);
  }
  function monthEnd(y, m) {
    if (m < 1 || m > 12) return null;
    return isoOf(y, m, new Date(Date.UTC(y, m, 0)).getUTCDate());
  }

  /* The report's date: given; else a line holding only a date near the end (成文日期) or under
   * the title; else the end of the period its title names (上半年 → 6月30日). */
  Engine.prototype.resolveDate = function (lines, date, year, yearSource) {
    if (date) return [String(date), "given"];
    var rx = this.rx(this.data.report_date), filled = [];
    for (var i = 0; i < lines.length; i++) if (strip(lines[i])) filled.push(i);
    var order = filled.slice(-6).reverse().concat(filled.slice(1, 4));
    for (var k = 0; k < order.length; k++) {
      var m = rx.exec(lines[order[k]]);
      if (!m) continue;
      var y = parseInt(m[1], 10), mo = parseInt(m[2], 10);
      if (yearSource !== "default" && !(year <= y && y <= year + 1)) continue;
      var iso = m[3] ? isoOf(y, mo, parseInt(m[3], 10)) : monthEnd(y, mo);
      if (iso) return [iso, "text"];
    }
    if ((yearSource === "title" || yearSource === "given") && filled.length) {
      var title = lines[filled[0]], periods = this.data.periods;
      for (var j = 0; j < periods.length; j++) {
        if (this.rx(periods[j][0]).test(title)) return [isoOf(year, periods[j][1], periods[j][2]), "period"];
      }
    }
    return [null, null];
  };

  Engine.prototype.notices = function (year, date) {
    var horizon = this.data.verified_through;
    if (!horizon) return [];
    var ref = date || year + "-12-31";
    if (ref <= horizon) return [];
    var when = date ? "报告日期" + cnIso(date) : "报告年份" + year + "年";
    return ["时间事实核对至" + cnIso(horizon) + "，" + when + "在核对日期之后：此后召开的会议、开展的集中教育和提法的变化还没有收入数据，" +
      "与日期有关的检查只对核对日期以前的事实有效，请对照最新文件自行核对。"];
  };

  Engine.prototype.resolveType = function (lines, typeId) {
    if (typeId) return [typeId, "given"];
    var title = "";
    for (var i = 0; i < lines.length; i++) {
      if (strip(lines[i])) { title = strip(lines[i]); break; }
    }
    var tl = this.data.title_line;
    if (!title || cpLen(title) > 60 || !tl || !this.rx(tl).test(title)) return [null, null];
    var tt = this.data.type_titles;
    for (var j = 0; j < tt.length; j++) {
      if (this.rx(tt[j].pattern).test(title)) return [tt[j].type, "title"];
    }
    return [null, null];
  };

  Engine.prototype.check = function (text, options) {
    options = options || {};
    text = String(text == null ? "" : text);
    var bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    if (bom) text = text.slice(1);
    var lines = text.split(LINE_SPLIT);
    var givenYear = options.year ? Number(options.year) : null;
    if (options.date && !givenYear) givenYear = parseInt(String(options.date).slice(0, 4), 10);
    var yr = this.resolveYear(lines, givenYear);
    var dt = this.resolveDate(lines, options.date || null, yr[0], yr[1]);
    var ty = this.resolveType(lines, options.type || null);
    if (ty[0] !== null && !own.call(this.types, ty[0])) throw new Error("unknown report type " + ty[0]);
    var only = options.only ? new Set(options.only) : null;
    var run = this.needed(only);
    var ctx = new Context(this, lines, yr[0], ty[0], text, bom, dt[0]);
    var raw = [], fired = new Set(), self = this;
    this.rules.forEach(function (rule, ri) {
      if (!run.has(rule.id)) return;
      if (rule.unless && fired.has(rule.unless)) return;
      if (rule.types && rule.types.length && rule.types.indexOf(ty[0]) === -1) return;
      var before = raw.length;
      var matcher = ctx["k_" + rule.kind.replace(/-/g, "_")];
      matcher.call(ctx, rule, function (li, s, e, vars) {
        raw.push(self.finding(rule, ri, ctx, li, s, e, vars, yr[0]));
      });
      if (raw.length > before) fired.add(rule.id);
    });
    var kept = this.dedupe(raw);
    if (only) kept = kept.filter(function (x) { return only.has(x.f.rule); });
    kept.sort(function (a, b) {
      return a.f.line - b.f.line || a.f.column - b.f.column || a.ri - b.ri;
    });
    var findings = kept.map(function (x) { return x.f; });
    var counts = { error: 0, suspect: 0, hint: 0 };
    findings.forEach(function (f) { counts[f.severity]++; });
    return { findings: findings, year: yr[0], yearSource: yr[1], type: ty[0], typeSource: ty[1], counts: counts,
      date: dt[0], dateSource: dt[1], notices: this.notices(yr[0], dt[0]) };
  };

  /* Apply every fix, check again, until nothing fixable is left (a fix can uncover another). The
   * year and type of the first check are kept for the later ones. {text, applied, left}. */
  Engine.prototype.fixAll = function (text, options) {
    options = options || {};
    var rounds = options.rounds || 5;
    var res = this.check(text, options);
    var opts = { year: res.year, type: res.type, only: options.only, date: res.date };
    var applied = [];
    text = String(text == null ? "" : text);
    for (var r = 0; r < rounds; r++) {
      if (!res.findings.some(function (f) { return f.fix; })) break;
      var done = applyWith(text, res.findings);
      text = done[0];
      applied = applied.concat(done[1]);
      res = this.check(text, opts);
    }
    return { text: text, applied: applied, left: res };
  };

  Engine.prototype.needed = function (only) {
    var need = new Set();
    this.rules.forEach(function (r) {
      if (!only || only.has(r.id)) {
        need.add(r.id);
        if (only && r.unless) need.add(r.unless);
      }
    });
    return need;
  };

  Engine.prototype.finding = function (rule, ri, ctx, li, s, e, vars, year) {
    var line = li < ctx.lines.length ? ctx.lines[li] : "";
    var ts = s, te = e;
    while (ts < te && isSpace(line[ts])) ts++;
    while (te > ts && isSpace(line[te - 1])) te--;
    if (te > ts) { s = ts; e = te; }
    var text = line.slice(s, e);
    var v = { year: year, text: text };
    Object.keys(vars).forEach(function (k) { v[k] = vars[k]; });
    var fixVars = v;
    if (!own.call(v, "right") && rule.replace && Object.keys(rule.replace).length) {
      v.right = own.call(rule.replace, text) ? rule.replace[text] : "";
      if (!own.call(rule.replace, text)) {
        fixVars = {};
        Object.keys(v).forEach(function (k) { if (k !== "right") fixVars[k] = v[k]; });
      }
    }
    var column = ctx.cp(li, s) + 1;
    var f = {
      rule: rule.id, category: rule.category, severity: rule.severity, line: li + 1,
      column: column, end: column + cpLen(text), paragraph: ctx.paragraph(li), text: text,
      message: fmt(rule.message, v), suggestion: fmt(rule.suggestion, v),
      fix: rule.fix ? ctx.fix(rule, li, s, e, fixTextOf(rule, fixVars)) : null
    };
    return { ri: ri, f: f, s: s, e: e };
  };

  /* Drop a finding inside another of the same category (same rule: always). */
  Engine.prototype.dedupe = function (raw) {
    var self = this;
    var sorted = raw.slice().sort(function (a, b) {
      return a.f.line - b.f.line || (a.f.category < b.f.category ? -1 : a.f.category > b.f.category ? 1 : 0) ||
        a.s - b.s || b.e - a.e || a.ri - b.ri;
    });
    var out = [], reach = new Map();
    sorted.forEach(function (x) {
      if (x.e === x.s) { out.push(x); return; }
      var nestedOk = self.categories[x.f.category].keep_nested;
      var key = x.f.line + "\u0000" + x.f.category + (nestedOk ? "\u0000" + x.f.rule : "");
      if (reach.has(key) && reach.get(key) >= x.e) return;
      reach.set(key, Math.max(reach.has(key) ? reach.get(key) : -1, x.e));
      out.push(x);
    });
    // per line and absorbing category: a SpanIndex and the lowest rule index of each exact span
    var spans = new Map();
    out.forEach(function (x) {
      if (x.e > x.s && self.categories[x.f.category].absorbs_nested) {
        var key = x.f.line + "\u0000" + x.f.category;
        if (!spans.has(key)) spans.set(key, { line: x.f.line, cat: x.f.category, items: [] });
        spans.get(key).items.push(x);
      }
    });
    if (spans.size) {
      var absorbing = new Map();
      spans.forEach(function (g) {
        var exact = new Map();
        g.items.forEach(function (x) {
          var k = x.s + ":" + x.e;
          exact.set(k, exact.has(k) ? Math.min(exact.get(k), x.ri) : x.ri);
        });
        var idx = new SpanIndex(g.items.map(function (x) { return [x.s, x.e]; }));
        if (!absorbing.has(g.line)) absorbing.set(g.line, []);
        absorbing.get(g.line).push({ cat: g.cat, idx: idx, exact: exact });
      });
      out = out.filter(function (x) {
        return !(absorbing.get(x.f.line) || []).some(function (a) {
          if (a.cat === x.f.category) return false;
          // a span a..b with a <= s and e <= b, other than s..e itself from a later rule
          var k = x.s + ":" + x.e;
          return a.idx.maxEnd(x.s, true) > x.e || a.idx.maxEnd(x.s, false) >= x.e ||
            (a.exact.has(k) && a.exact.get(k) < x.ri);
        });
      });
    }
    return out;
  };

  function Context(engine, lines, year, typeId, text, bom, date) {
    this.engine = engine;
    this.lines = lines;
    this.date = date || null;
    this.aheadParts = null;
    this.aheadAll = false;
    this.year = year;
    this.typeId = typeId;
    this.quotedCache = {};
    this.headsCache = null;
    this.sections = null;
    this.paragraphs = null;
    this.positions = {};
    this.cpCache = {};
    // where each line starts in the checked text (code points, BOM included)
    this.starts = [bom || 0];
    var sep = /\r\n|\r|\n/g, m, cp = bom || 0, li = 0;
    text = text || "";
    while ((m = sep.exec(text)) !== null) {
      cp += cpLen(lines[li]) + m[0].length;
      this.starts.push(cp);
      li++;
    }
  }

  Context.prototype.quoted = function (li) {
    var q = this.quotedCache[li];
    if (!q) q = this.quotedCache[li] = new SpanIndex(quotedSpans(this.lines[li]));
    return q;
  };

  /* The code point offset of UTF-16 offset i on line li (a prefix table only for lines with
   * astral characters). */
  Context.prototype.cp = function (li, i) {
    var t = this.cpCache[li];
    if (t === undefined) {
      var line = this.lines[li];
      t = null;
      if (/[\ud800-\udfff]/.test(line)) {
        t = new Int32Array(line.length + 1);
        var n = 0;
        for (var k = 0; k < line.length; k++) {
          t[k] = n;
          var c = line.charCodeAt(k);
          if (!(c >= 0xdc00 && c <= 0xdfff && k > 0 && line.charCodeAt(k - 1) >= 0xd800 && line.charCodeAt(k - 1) <= 0xdbff)) n++;
          else t[k] = n - 1;
        }
        t[line.length] = n;
      }
      this.cpCache[li] = t;
    }
    return t ? t[i] : i;
  };

  /* How many times ch occurs on line li before pos. */
  Context.prototype.countBefore = function (li, ch, pos) {
    var key = li + "\u0000" + ch, at = this.positions[key];
    if (!at) {
      var line = this.lines[li];
      at = this.positions[key] = [];
      for (var i = line.indexOf(ch); i !== -1; i = line.indexOf(ch, i + 1)) at.push(i);
    }
    return bisectLeft(at, pos);
  };

  /* 第N段: non-empty lines counted from 1 up to this line. */
  Context.prototype.paragraph = function (li) {
    if (!this.paragraphs) {
      var n = 0, p = this.paragraphs = [];
      this.lines.forEach(function (line) { if (strip(line)) n++; p.push(Math.max(n, 1)); });
    }
    return li < this.paragraphs.length ? this.paragraphs[li] : 1;
  };

  /* The fix of a finding on line li, s..e (UTF-16 offsets), or null: no replacement, nothing
   * marked, no change, or a change that would touch text inside 《》“”「」. */
  Context.prototype.fix = function (rule, li, s, e, text) {
    if (text === null) return null;
    var lines = this.lines;
    if (rule.kind === "line-join") {  // join the next non-empty line on: drop the break and the spaces
      var nxt = li + 1;
      while (nxt < lines.length && !strip(lines[nxt])) nxt++;
      if (nxt >= lines.length) return null;
      var here = lines[li], end16 = here.length;
      while (end16 > 0 && isSpace(here[end16 - 1])) end16--;
      return {
        start: this.starts[li] + this.cp(li, end16),
        end: this.starts[nxt] + leadingSpaces(lines[nxt]),
        text: ""
      };
    }
    if (rule.kind === "doubled-line" || rule.kind === "doubled-title") {  // remove the repeat and the blank lines before it
      var prev = li - 1;
      while (prev >= 0 && !strip(lines[prev])) prev--;
      if (prev < 0) return null;
      return {
        start: this.starts[prev] + cpLen(lines[prev]),
        end: this.starts[li] + cpLen(lines[li]),
        text: ""
      };
    }
    var line = lines[li];
    if (e <= s || line.slice(s, e) === text || this.quoted(li).touches(s, e)) return null;
    var opens = rule.fix_opens;
    if (opens && (line[s] !== opens || this.countBefore(li, opens, s) % 2)) return null;
    return { start: this.starts[li] + this.cp(li, s), end: this.starts[li] + this.cp(li, e), text: text };
  };

  /* The years a dated reference may belong to: the year written just before it in the same
   * sentence; else the year of its part (“三、明年工作打算”) or the report year — and the year
   * after that too when “迎接”“明年”… comes just before it. */
  Context.prototype.ctxYears = function (rule, li, s) {
    var line = this.lines[li];
    var prefix = line.slice(Math.max(0, s - 40), s);
    var m = this.engine.rx(rule.year_before).exec(prefix);
    if (m) return [parseInt(m[1], 10)];
    var rel = rule.year_relative ? this.engine.rx(rule.year_relative).exec(prefix) : null;
    if (rel) return [this.year + RELATIVE_YEARS[rel[1]]];
    var year = this.sectionYear(li);
    if (rule.upcoming && this.engine.rx(rule.upcoming).test(prefix)) return [year, year + 1];
    var start = Math.max(0, s - SENTENCE_WINDOW);
    var far = rule.year_in_sentence ? this.engine.rx(rule.year_in_sentence).exec(line.slice(start, s)) : null;
    if (far && (start === 0 || SENTENCE_ENDS.indexOf(far[0][0]) !== -1) && parseInt(far[1], 10) !== year) {
      return [year, parseInt(far[1], 10)];
    }
    return [year];
  };

  /* The year a part speaks of: “三、2027年工作打算” → 2027, “三、明年工作打算” → next year. */
  Context.prototype.sectionYear = function (li) {
    var self = this;
    if (!this.sections) {
      var inLine = this.engine.rx(this.engine.data.year_in_line), nxt = this.engine.rx(this.engine.data.section_next);
      this.sections = [];
      this.heads().forEach(function (h) {
        if (h.level !== 1) return;
        var text = self.lines[h.li], m = inLine.exec(text);
        var y = m ? parseInt(m[1], 10) : (nxt.test(text) ? self.year + 1 : null);
        self.sections.push([h.li, y]);
      });
    }
    var lo = 0, hi = this.sections.length;  // last section starting at or before li
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (this.sections[mid][0] <= li) lo = mid + 1; else hi = mid;
    }
    var i = lo - 1;
    if (i < 0 || this.sections[i][1] === null) return this.year;
    return this.sections[i][1];
  };

  Context.prototype.heads = function () {
    if (this.headsCache) return this.headsCache;
    var out = [], hs = this.engine.headings, end = this.engine.headingsEnd, ended = false;
    this.lines.forEach(function (line, li) {
      // The attachment list and what follows it are not the body's headings.
      if (ended || (end && end.test(line))) { ended = true; return; }
      for (var i = 0; i < hs.length; i++) {
        var m = hs[i][1].exec(line);
        if (m) {
          var n = cnNumber(m[1]);
          if (n === null) continue;
          var s = leadingSpaces(line), e = m.index + m[0].length;
          out.push({ li: li, level: hs[i][0].level, n: n, s: s, e: e });
          break;
        }
      }
    });
    return (this.headsCache = out);
  };

  Context.prototype.k_regex = function (rule, emit) {
    var self = this, exc = rule.exceptions || [], skip = rule.skip_quoted, lead = rule.lead_group;
    var pats = rule.patterns.map(function (p) { return self.engine.rx(p, true); });
    this.lines.forEach(function (line, li) {
      if (!line) return;
      pats.forEach(function (rx) {
        eachMatch(rx, line, function (s, e, m) {
          if (lead) s += m[1].length;  // group 1 is context before the marked text
          if ((exc.length && excepted(line, s, e, exc)) || (skip && self.quoted(li).encloses(s, e))) return;
          var groups = {};
          for (var g = 1; g < m.length; g++) if (m[g] !== undefined) groups[String(g)] = m[g];
          emit(li, s, e, groups);
        });
      });
    });
  };

  Context.prototype.items = function (rule, fn) {
    var self = this, skip = rule.skip_quoted, exc = rule.exceptions || [];
    this.lines.forEach(function (line, li) {
      if (!line) return;
      rule.items.forEach(function (item) {
        eachMatch(self.engine.rx(item.pattern, true), line, function (s, e, m) {
          if (skip && self.quoted(li).encloses(s, e)) return;
          if (exc.length && excepted(line, s, e, exc)) return;
          fn(li, s, e, m, item, self.ctxYears(rule, li, s));
        });
      });
    });
  };

  function itemVars(item, year) {
    var v = {};
    Object.keys(item).forEach(function (k) {
      if (k !== "pattern" && item[k] !== null && item[k] !== undefined) v[k] = item[k];
    });
    v.year = year;
    return v;
  }

  Context.prototype.k_anniversary = function (rule, emit) {
    this.items(rule, function (li, s, e, m, item, years) {
      var n = cnNumber(m[1]);
      if (n === null || years.some(function (y) { return n === y - item.base_year; })) return;
      var year = years[0], expected = year - item.base_year;
      var v = itemVars(item, year);
      v.n = n;
      v.expected = expected;
      v.fixed = item.wording.replace("{n}", String(expected));
      if (/^[\x00-\x7f]*$/.test(m[1])) v.fixed_digits = v.fixed;  // the fix keeps the writer's numerals
      emit(li, s, e, v);
    });
  };

  /* Whether an item is right in a report (or part of one) speaking of year y: it may start by
   * the report's date (or the end of y), and may end no earlier than the start of y — or than
   * the report's date, for items judged by date. */
  Context.prototype.ahead = function (li) {
    var self = this;
    if (this.aheadParts === null) {
      var rx = this.engine.rx(this.engine.data.section_ahead), title = "";
      for (var i = 0; i < this.lines.length; i++) if (strip(this.lines[i])) { title = this.lines[i]; break; }
      this.aheadAll = rx.test(title);
      this.aheadParts = [];
      this.heads().forEach(function (h) {
        if (h.level === 1) self.aheadParts.push([h.li, rx.test(self.lines[h.li])]);
      });
    }
    if (this.aheadAll) return true;
    var k = -1;
    for (var j = 0; j < this.aheadParts.length && this.aheadParts[j][0] <= li; j++) k = j;
    return k >= 0 && this.aheadParts[k][1];
  };

  Context.prototype.rightFor = function (item, y, li) {
    if (item.always) return false;
    var dated = this.date !== null && y === this.year && !this.ahead(li === undefined ? -1 : li);
    var start = y + "-01-01", end = dated ? this.date : y + "-12-31";
    var lo = item.date_from, hi = item.date_until;
    var point = dated && item.by_date ? this.date : start;
    return (lo === null || lo === undefined || lo <= end) && (hi === null || hi === undefined || hi >= point);
  };

  Context.prototype.validity = function (rule, emit) {
    var self = this;
    this.items(rule, function (li, s, e, m, item, years) {
      if (years.some(function (y) { return self.rightFor(item, y, li); })) return;
      var v = itemVars(item, years[0]);
      v.date = self.date && years[0] === self.year ? cnIso(self.date) : years[0] + "年";
      emit(li, s, e, v);
    });
  };
  Context.prototype.k_expression = Context.prototype.validity;
  Context.prototype.k_plan_stage = Context.prototype.validity;
  Context.prototype.k_event_future = Context.prototype.validity;
  Context.prototype.k_event_superseded = Context.prototype.validity;
  Context.prototype.k_campaign_ongoing = Context.prototype.validity;
  Context.prototype.k_formula = Context.prototype.validity;
  Context.prototype.k_formula_outdated = Context.prototype.validity;

  Context.prototype.k_doubled_line = function (rule, emit) {
    var prev = null;
    this.lines.forEach(function (line, li) {
      var s = strip(line);
      if (!s) return;
      if (s === prev && cpLen(s) >= rule.min_length) {
        var start = leadingSpaces(line);
        emit(li, start, start + s.length, {});
      }
      prev = s;
    });
  };

  /* A line of the top block (title, page lines) that repeats an earlier line of it, with or
   * without other lines between. The block ends at the first body paragraph. */
  Context.prototype.k_doubled_title = function (rule, emit) {
    var seen = new Set(), heads = new Set(), count = 0, lines = this.lines;
    this.heads().forEach(function (h) { heads.add(h.li); });
    for (var li = 0; li < lines.length; li++) {
      var s = strip(lines[li]);
      if (!s) continue;
      count++;
      var n = cpLen(s);
      if (count > rule.top_lines || n > TITLE_MAX) return;
      if (seen.has(s) && n >= rule.min_length && !heads.has(li)) {
        var start = leadingSpaces(lines[li]);
        emit(li, start, start + s.length, {});
      }
      seen.add(s);
    }
  };

  /* Keyword tags at the top of a copied page: at least `min_lines` short lines in a row (blank
   * lines between them allowed), each matching `line` and none a heading, among the first
   * `top_lines` non-empty lines. Only the first such run. */
  Context.prototype.k_tag_lines = function (rule, emit) {
    var rx = this.engine.rx(rule.line), heads = new Set(), lines = this.lines, run = [], count = 0, li;
    this.heads().forEach(function (h) { heads.add(h.li); });
    var ended = false;
    for (li = 0; li < lines.length; li++) {
      if (!strip(lines[li])) continue;
      count++;
      if (count > rule.top_lines) return;
      if (!heads.has(li) && rx.test(lines[li])) { run.push(li); continue; }
      if (run.length >= rule.min_lines) { ended = true; break; }  // the tags end where the title or text begins
      run = [];
    }
    if (!ended) return;  // nothing after the short lines: not tags above a text
    if (run.length >= rule.min_lines) {
      run.forEach(function (i) {
        var start = leadingSpaces(lines[i]);
        emit(i, start, start + strip(lines[i]).length, {});
      });
    }
  };

  /* A line broken inside a sentence: a non-empty line matching `before`, then (after at most
   * `max_blank` empty lines) a line matching `after`. Marks the last character before the break. */
  Context.prototype.k_line_join = function (rule, emit) {
    var before = this.engine.rx(rule.before), after = this.engine.rx(rule.after);
    var lines = this.lines, prev = null, blanks = 0;
    for (var li = 0; li < lines.length; li++) {
      var line = lines[li];
      if (!strip(line)) { blanks++; continue; }
      if (prev !== null && blanks <= rule.max_blank && after.test(line)) {
        var p = lines[prev];
        if (before.test(p)) {
          var end = p.length;
          while (end > 0 && isSpace(p[end - 1])) end--;
          var c = p.charCodeAt(end - 1), s = end - (c >= 0xdc00 && c <= 0xdfff && end > 1 ? 2 : 1);
          emit(prev, s, end, { blank: blanks });
        }
      }
      prev = li;
      blanks = 0;
    }
  };

  Context.prototype.headingName = function (level, n) {
    var h = null;
    this.engine.headings.forEach(function (x) { if (!h && x[0].level === level) h = x[0]; });
    if (!h) return "";
    if (n === undefined || n === null) return h.name;
    if (h.numerals === "cn") return h.name.replace("一", cnNumeral(n));
    return h.name.replace("1", String(n));
  };

  Context.prototype.k_numbering_sequence = function (rule, emit) {
    var self = this, last = {}, reset = { 1: true, 2: true, 3: true, 4: true };
    this.heads().forEach(function (h) {
      var prev = own.call(last, h.level) ? last[h.level] : null;
      var ok = (prev !== null && h.n === prev + 1) || (reset[h.level] && h.n === 1);
      if (!ok) {
        var want = prev === null ? 1 : prev + 1;
        var wants = self.headingName(h.level, want);
        if (reset[h.level] && prev !== null) {
          wants = self.headingName(h.level, 1) + "（本部分重新编号）或" + wants + "（接续上文）";
        }
        emit(h.li, h.s, h.e, { want: wants, prev: prev ? self.headingName(h.level, prev) : "（无）" });
      }
      last[h.level] = h.n;
      reset[h.level] = false;
      for (var k = h.level + 1; k < 5; k++) reset[k] = true;
    });
  };

  Context.prototype.k_numbering_skip = function (rule, emit) {
    // Only a level the text uses elsewhere: a short report using just 一、 and 1. is accepted practice.
    var self = this, prev = null, used = new Set();
    this.heads().forEach(function (h) { used.add(h.level); });
    this.heads().forEach(function (h) {
      if (prev !== null && h.level > prev + 1 && used.has(prev + 1)) {
        emit(h.li, h.s, h.e, { from: self.headingName(prev), missing: self.headingName(prev + 1), level: h.level });
      }
      prev = h.level;
    });
  };

  Context.prototype.k_numbering_order = function (rule, emit) {
    // A heading at level L (2–4, inside a 一、 part) whose part already had a deeper heading
    // before any at level L: “1.” above “（一）”.
    var self = this, has = [false, false, false, false, false], deeper = [null, null, null, null, null];
    this.heads().forEach(function (h) {
      var L = h.level, k;
      if (L >= 2 && has[1] && !has[L] && deeper[L] !== null) {
        emit(h.li, h.s, h.e, { deeper: self.headingName(deeper[L]) });
      }
      has[L] = true;
      for (k = L + 1; k < 5; k++) { has[k] = false; deeper[k] = null; }
      for (k = 1; k < L; k++) { if (!has[k] && deeper[k] === null) deeper[k] = L; }
    });
  };

  Context.prototype.k_traditional_document = function (rule, emit) {
    var trad = this.engine.rx("[" + rule.chars + "]", true), cjkRx = this.engine.rx(this.engine.data.cjk_class, true);
    var cjk = 0, nTrad = 0, first = null;
    this.lines.forEach(function (line, li) {
      var c = line.match(cjkRx);
      if (c) cjk += c.length;
      var t = line.match(trad);
      if (t) {
        nTrad += t.length;
        if (first === null) { trad.lastIndex = 0; first = [li, line.search(trad)]; }
      }
    });
    if (first !== null && cjk >= 20 && nTrad * 100 >= rule.ratio * cjk) {
      emit(first[0], first[1], first[1] + 1, { percent: Math.floor((nTrad * 100) / cjk) });
    }
  };

  Context.prototype.titleIndex = function () {
    for (var i = 0; i < this.lines.length; i++) if (strip(this.lines[i])) return i;
    return 0;
  };

  Context.prototype.k_structure_parts = function (rule, emit) {
    if (this.typeId === null) return;
    var t = this.engine.types[this.typeId], lines = this.lines, title = this.titleIndex();
    var l1 = this.heads().filter(function (h) { return h.level === 1; });
    var headingLines;
    if (l1.length) {
      headingLines = l1.map(function (h) { return lines[h.li]; });
    } else {
      headingLines = lines.filter(function (x, i) {
        var s = strip(x), n = cpLen(s);
        return i !== title && n > 0 && n <= 30 && "。；，：,;:".indexOf(lastCodePoint(s)) === -1;
      });
    }
    var starts = lines.map(strip);
    t.required.forEach(function (part) {
      var present;
      if (part.check === "opening") {
        if (!l1.length) return;
        present = false;
        for (var i = title + 1; i < l1[0].li; i++) if (cpLen(strip(lines[i])) >= 20) present = true;
      } else {
        present = headingLines.some(function (h) {
          return part.keywords.some(function (k) { return h.indexOf(k) !== -1; });
        }) || starts.some(function (x) {
          return part.leads.some(function (lead) { return x.indexOf(lead) === 0; });
        }) || lines.some(function (x) {
          return (part.anywhere || []).some(function (w) { return x.indexOf(w) !== -1; });
        }) || (part.min_parts > 0 && l1.length >= part.min_parts);
      }
      if (!present) emit(title, 0, 0, { part: part.part, type: t.name });
    });
  };

  Context.prototype.k_structure_voice = function (rule, emit) {
    if (this.typeId === null || this.engine.types[this.typeId].voice !== "第一人称") return;
    var fp = this.engine.data.first_person;
    if (!fp) return;
    var rx = this.engine.rx(fp, true), count = 0;
    this.lines.forEach(function (x) { var m = x.match(rx); if (m) count += m.length; });
    if (count < rule.min_count) {
      emit(this.titleIndex(), 0, 0, { count: count, type: this.engine.types[this.typeId].name });
    }
  };

  var engines = typeof WeakMap !== "undefined" ? new WeakMap() : null;

  function create(data) {
    return new Engine(data);
  }

  /* check(text, {year, type}) with the rule set embedded in the page. */
  function check(text, options, data) {
    return engineFor(data).check(text, options);
  }

  function engineFor(data) {
    data = data || (typeof REPORT_CHECKER_DATA !== "undefined" ? REPORT_CHECKER_DATA : null);
    if (!data) throw new Error("REPORT_CHECKER_DATA is missing");
    var eng = engines && engines.get(data);
    if (!eng) { eng = new Engine(data); if (engines) engines.set(data, eng); }
    return eng;
  }

  /* Compile every rule's patterns before the first real check, as the 在线自查 worker does when
   * it starts: any text runs every rule, and each rule compiles its patterns on its first run. */
  var WARM_TEXT = "城南街道2026年意识形态工作情况报告\n一、主要工作\n（一）加强学习。召开会议4次,庆祝建党105周年。\n";
  function warm(data) {
    var eng = engineFor(data), text = "";
    for (var i = 0; i < 40; i++) text += WARM_TEXT;  // long enough for the regexes' and functions' tier-up
    eng.check(text, {});
  }

  /* fixAll(text, {year, type}) with the rule set embedded in the page: {text, applied, left}. */
  function fixAll(text, options, data) {
    return engineFor(data).fixAll(text, options);
  }

  return {
    create: create, check: check, applyFixes: applyFixes, fixAll: fixAll, warm: warm, cpLen: cpLen, Engine: Engine
  };
});
