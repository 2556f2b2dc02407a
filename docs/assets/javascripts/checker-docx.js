/* .docx files for the 在线自查 page, read and written in the page (nothing is uploaded):
 *
 *   ReportDocx.open(arrayBuffer, limits) -> {text, ...}   the draft's text, paragraph by paragraph
 *   ReportDocx.annotate(opened, findings, options) -> Uint8Array   a copy with one Word comment
 *       (批注) per finding, anchored on the marked characters; the text and its formatting are kept
 *       (runs are only split where a comment starts or ends)
 *
 * The zip is read through its central directory and inflated with the vendored fflate
 * (assets/vendor/fflate, MIT) in small pushes, so that a zip bomb is stopped as soon as its output
 * passes the limit instead of after it has filled the memory. fflate also writes the new zip:
 * the browser's CompressionStream cannot build a zip archive by itself.
 *
 * Text extraction is the same walk as the CLI's (macros/checker/cli.py docx_text): paragraphs of
 * the body, table cells and content controls in document order, one line per paragraph; w:tab is
 * a tab and w:br / w:cr inside a run a line break. Every character of that text keeps a pointer to
 * the XML node it came from, which is how a finding's span becomes a comment's range. */
(function (root) {
  "use strict";

  var REL_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
  var CT_COMMENTS = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
  var PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";
  var PKG_CT = "http://schemas.openxmlformats.org/package/2006/content-types";
  var XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';
  var AUTHOR = "意识形态报告自查";
  var INITIALS = "自查";
  var BAD = "无法读取，文件已损坏或不是 Word（.docx）文档";  // as report-check says it (macros/checker/docxio.py)

  /* limits: REPORT_CHECKER_DATA.limits (macros/checker/limits.py), with report-check's messages */
  function say(limits, key, values) {
    return limits.messages[key].replace(/\{([a-z_]+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : m;
    });
  }

  function refuse(message) {
    var e = new Error(message);
    e.refused = true;
    return e;
  }

  /* 30 MB, 512 KB, 900 字节 — as report-check shows sizes (limits.size_text). */
  function sizeText(n) {
    if (n >= 1048576) {
      var v = n / 1048576;
      return (v >= 10 || v === Math.floor(v) ? Math.round(v) : v.toFixed(1)) + " MB";
    }
    if (n >= 1024) return Math.floor(n / 1024) + " KB";
    return n + " 字节";
  }

  /* --- the zip -------------------------------------------------------------------------- */

  /* The members listed in the central directory, checked as report-check checks them (number
   * of members, total declared size, ratio of each large member) before anything is unpacked. */
  function members(bytes, limits, name) {
    var dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), eocd = -1;
    for (var i = bytes.length - 22; i >= Math.max(0, bytes.length - 65557); i--) {
      if (dv.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
    }
    if (eocd < 0) throw refuse(name + "：" + BAD);
    var count = dv.getUint16(eocd + 10, true), p = dv.getUint32(eocd + 16, true);
    if (count === 0xffff || p === 0xffffffff) throw refuse(name + "：" + BAD);
    if (count > limits.max_zip_members) {
      throw refuse(say(limits, "zip_members", { name: name, count: count, limit: limits.max_zip_members }));
    }
    var utf8 = new TextDecoder("utf-8"), out = [], total = 0;
    for (var n = 0; n < count; n++) {
      if (p + 46 > bytes.length || dv.getUint32(p, true) !== 0x02014b50) throw refuse(name + "：" + BAD);
      var m = {
        method: dv.getUint16(p + 10, true), csize: dv.getUint32(p + 20, true), usize: dv.getUint32(p + 24, true),
        flags: dv.getUint16(p + 8, true), local: dv.getUint32(p + 42, true)
      };
      var nameLen = dv.getUint16(p + 28, true), extraLen = dv.getUint16(p + 30, true);
      var commentLen = dv.getUint16(p + 32, true);
      m.name = utf8.decode(bytes.subarray(p + 46, p + 46 + nameLen));
      if (m.local + 30 > bytes.length || dv.getUint32(m.local, true) !== 0x04034b50) throw refuse(name + "：" + BAD);
      m.start = m.local + 30 + dv.getUint16(m.local + 26, true) + dv.getUint16(m.local + 28, true);
      if (m.start + m.csize > bytes.length) throw refuse(name + "：" + BAD);
      total += m.usize;
      out.push(m);
      p += 46 + nameLen + extraLen + commentLen;
    }
    if (total > limits.max_unpacked_bytes) {
      throw refuse(say(limits, "unpacked", { name: name, size: sizeText(total), limit: sizeText(limits.max_unpacked_bytes) }));
    }
    out.forEach(function (m) {
      if (m.usize > limits.ratio_floor && m.usize > limits.max_ratio * Math.max(m.csize, 1)) {
        throw refuse(say(limits, "ratio", { name: name, part: m.name.slice(0, 80),
          ratio: Math.floor(m.usize / Math.max(m.csize, 1)), limit: limits.max_ratio }));
      }
      if (m.flags & 1) throw refuse(name + "：文件已加密，请在 Word 或 WPS 中取消密码后再检查");
    });
    return out;
  }

  /* One member's bytes. The declared size is not trusted: output is counted as it comes, and a
   * member that unpacks to more than it declares (which report-check's zipfile would not read
   * either) is refused as soon as it passes that size. */
  function unpack(bytes, m, name) {
    var comp = bytes.subarray(m.start, m.start + m.csize);
    if (m.method === 0) return comp;
    if (m.method !== 8) throw refuse(name + "：不支持这种压缩方式的 .docx，请在 Word 或 WPS 中另存一次后再试");
    var fflate = root.fflate;
    if (!fflate) throw new Error("fflate is missing");
    var parts = [], size = 0, max = m.usize;
    var inf = new fflate.Inflate(function (chunk) {
      size += chunk.length;
      if (size > max) throw refuse(name + "：" + BAD);
      parts.push(chunk);
    });
    try {
      var STEP = 16384;  // at most ~16 MB of output per push, even at deflate's largest ratio
      for (var off = 0; off < comp.length || off === 0; off += STEP) {
        inf.push(comp.subarray(off, off + STEP), off + STEP >= comp.length);
      }
    } catch (e) {
      if (e.refused) throw e;
      throw refuse(name + "：" + BAD);
    }
    if (size !== max) throw refuse(name + "：" + BAD);
    if (parts.length === 1) return parts[0];
    var out = new Uint8Array(size), at = 0;
    parts.forEach(function (c) { out.set(c, at); at += c.length; });
    return out;
  }

  /* --- the text of document.xml, with where each character came from --------------------- */

  function parseXml(bytes, name) {
    var text;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (e) {
      throw refuse(name + "：" + BAD);
    }
    var doc = new DOMParser().parseFromString(text, "application/xml");
    if (doc.getElementsByTagName("parsererror").length || !doc.documentElement) throw refuse(name + "：" + BAD);
    return doc;
  }

  /* pieces: [{node, start, end}] in UTF-16 offsets of the text; node is a w:t, w:tab, w:br or
   * w:cr element; paras: [{p, start}] the paragraph that begins each line group. */
  function walk(doc, name) {
    var W = doc.documentElement.namespaceURI;
    var body = doc.getElementsByTagNameNS(W, "body")[0];
    if (!body) throw refuse(name + "：" + BAD);
    var out = [], pieces = [], paras = [], at = 0;

    function para(p) {
      if (paras.length) { out.push("\n"); at += 1; }
      paras.push({ p: p, start: at });
      var walker = doc.createTreeWalker(p, 1 /* NodeFilter.SHOW_ELEMENT */);
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.namespaceURI !== W) continue;
        var ln = node.localName, parent = node.parentNode, s = null;
        var inRun = parent && parent.namespaceURI === W && parent.localName === "r";
        if (ln === "t") s = node.textContent;
        else if (ln === "tab" && inRun) s = "\t";
        else if ((ln === "br" || ln === "cr") && inRun) s = "\n";
        if (s) {
          pieces.push({ node: node, start: at, end: at + s.length });
          out.push(s);
          at += s.length;
        }
      }
    }

    function block(el) {
      for (var c = el.firstElementChild; c; c = c.nextElementSibling) {
        if (c.namespaceURI !== W) continue;
        if (c.localName === "p") para(c);
        else if (c.localName === "tbl") {
          for (var tr = c.firstElementChild; tr; tr = tr.nextElementSibling) {
            if (tr.localName !== "tr") continue;
            for (var tc = tr.firstElementChild; tc; tc = tc.nextElementSibling) {
              if (tc.localName === "tc") block(tc);
            }
          }
        } else if (c.localName === "sdt") {
          for (var s = c.firstElementChild; s; s = s.nextElementSibling) {
            if (s.localName === "sdtContent") block(s);
          }
        }
      }
    }

    block(body);
    return { W: W, text: out.join(""), pieces: pieces, paras: paras };
  }

  /* The text of a .docx (name: how messages call the file). Refused (error.refused, message in
   * report-check's words): over the size limits, a zip bomb, not a Word document. */
  function open(buf, limits, name) {
    var bytes = new Uint8Array(buf);
    if (bytes.length > limits.max_input_bytes) {
      throw refuse(say(limits, "too_large", { name: name, size: sizeText(bytes.length), limit: sizeText(limits.max_input_bytes) }));
    }
    if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw refuse(name + "：" + BAD);
    var list = members(bytes, limits, name);
    var main = list.filter(function (m) { return m.name === "word/document.xml"; })[0];
    if (!main) throw refuse(name + "：" + BAD);
    var w = walk(parseXml(unpack(bytes, main, name), name), name);
    return { text: w.text, bytes: bytes, members: list, name: name };
  }

  /* --- comments -------------------------------------------------------------------------- */

  function attr(el, W, name) {
    return el.getAttributeNS(W, name) || el.getAttribute("w:" + name);
  }

  /* Make a run boundary at the given offset inside piece pc: returns the node before which a
   * marker is to be inserted (null: append to parent). Splitting keeps the run's properties. */
  function boundary(pc, k, W) {
    var node = pc.node, len = pc.end - pc.start;
    if (k === len && pc.tail) { node = pc.tail; k = 0; }  // the start of an earlier split's rest
    var run = node.parentNode;
    var isRun = run && run.namespaceURI === W && run.localName === "r";
    if (!isRun) return k === 0 ? node : node.nextSibling;  // a w:t outside a run: next to it
    if (k > 0 && k < len) {
      // split the w:t itself: the first part stays, the rest moves to a copy right after it
      var t2 = node.cloneNode(false), full = node.textContent;
      node.textContent = full.slice(0, k);
      t2.textContent = full.slice(k);
      node.setAttributeNS("http://www.w3.org/XML/1998/namespace", "xml:space", "preserve");
      t2.setAttributeNS("http://www.w3.org/XML/1998/namespace", "xml:space", "preserve");
      node.parentNode.insertBefore(t2, node.nextSibling);
      pc.end = pc.start + k;  // later (earlier-positioned) boundaries may still use this piece
      pc.tail = node = t2;
      k = 0;
    }
    // now the boundary is before `node` (k === 0) or after it (k === len)
    var first = k === 0 ? node : node.nextSibling;
    var hasBefore = false;
    for (var c = run.firstChild; c && c !== first; c = c.nextSibling) {
      if (c.nodeType === 1 && !(c.namespaceURI === W && c.localName === "rPr")) { hasBefore = true; break; }
    }
    if (!hasBefore) return run;
    if (!first) return run.nextSibling;
    // split the run: content from `first` on moves into a copy with the same properties
    var run2 = run.cloneNode(false);
    var rPr = run.firstElementChild;
    if (rPr && rPr.namespaceURI === W && rPr.localName === "rPr") run2.appendChild(rPr.cloneNode(true));
    while (first) {
      var next = first.nextSibling;
      run2.appendChild(first);
      first = next;
    }
    run.parentNode.insertBefore(run2, run.nextSibling);
    return run2;
  }

  function insertAt(ref, parentOf, el) {
    if (ref) ref.parentNode.insertBefore(el, ref);
    else parentOf.appendChild(el);
  }

  /* The piece holding character `pos` (as a start) or character pos-1 (as an end). */
  function pieceAt(pieces, pos, asEnd) {
    var lo = 0, hi = pieces.length - 1, target = asEnd ? pos - 1 : pos;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1, pc = pieces[mid];
      if (target < pc.start) hi = mid - 1;
      else if (target >= pc.end) lo = mid + 1;
      else return mid;
    }
    return -1;
  }

  function closestPara(node, W) {
    for (var n = node; n; n = n.parentNode) if (n.namespaceURI === W && n.localName === "p") return n;
    return null;
  }

  function clean(s) {
    return String(s).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "");
  }

  /* annotate(opened, items): items are [{start, end, comment}] in UTF-16 offsets of opened.text
   * (start === end: the whole line there). Returns the new .docx as bytes. */
  function annotate(opened, items, options) {
    options = options || {};
    var fflate = root.fflate, bytes = opened.bytes, name = opened.name;
    var files = {}, order = [];
    opened.members.forEach(function (m) {
      if (/\/$/.test(m.name)) return;
      files[m.name] = unpack(bytes, m, name);
      order.push(m.name);
    });
    var doc = parseXml(files["word/document.xml"], name);
    var w = walk(doc, name), W = w.W;
    if (w.text !== opened.text) throw new Error("document.xml changed");

    // the comments part: the one the document already has, or a new one
    var relsName = "word/_rels/document.xml.rels";
    var rels = files[relsName] ? parseXml(files[relsName], name) : null;
    if (!rels) {
      rels = new DOMParser().parseFromString('<Relationships xmlns="' + PKG_REL + '"/>', "application/xml");
      order.push(relsName);
    }
    var target = null, ids = {};
    Array.prototype.forEach.call(rels.documentElement.getElementsByTagNameNS(PKG_REL, "Relationship"), function (r) {
      ids[r.getAttribute("Id")] = true;
      if (r.getAttribute("Type") === REL_COMMENTS && r.getAttribute("TargetMode") !== "External") target = r.getAttribute("Target");
    });
    var commentsName;
    if (target) {
      commentsName = target.charAt(0) === "/" ? target.slice(1) : "word/" + target.replace(/^\.\//, "");
    } else {
      commentsName = "word/comments.xml";
      while (files[commentsName]) commentsName = "word/comments" + Math.floor(Math.random() * 1e6) + ".xml";
      var n = 1;
      while (ids["rId" + n]) n++;
      var rel = rels.createElementNS(PKG_REL, "Relationship");
      rel.setAttribute("Id", "rId" + n);
      rel.setAttribute("Type", REL_COMMENTS);
      rel.setAttribute("Target", commentsName.slice("word/".length));
      rels.documentElement.appendChild(rel);
    }
    var comments = files[commentsName] ? parseXml(files[commentsName], name)
      : new DOMParser().parseFromString('<w:comments xmlns:w="' + W + '"/>', "application/xml");
    if (!files[commentsName]) order.push(commentsName);

    // comment ids above every id already used in the comments part and in the body
    var nextId = 0;
    [comments, doc].forEach(function (d) {
      ["comment", "commentRangeStart", "commentRangeEnd", "commentReference"].forEach(function (ln) {
        Array.prototype.forEach.call(d.getElementsByTagNameNS(W, ln), function (el) {
          var v = parseInt(attr(el, W, "id"), 10);
          if (v >= nextId) nextId = v + 1;
        });
      });
    });

    var date = (options.date || new Date()).toISOString().replace(/\.\d{3}Z$/, "Z");
    var lineStarts = [0];
    for (var i = 0; i < w.text.length; i++) if (w.text.charCodeAt(i) === 10) lineStarts.push(i + 1);
    var events = [];  // [pos, order, kind, id]  kind: 0 end, 1 start
    items.forEach(function (it) {
      var s = it.start, e = it.end;
      if (e <= s) {  // a finding about the whole text: the whole line
        var li = 0;
        while (li + 1 < lineStarts.length && lineStarts[li + 1] <= s) li++;
        s = lineStarts[li];
        e = li + 1 < lineStarts.length ? lineStarts[li + 1] - 1 : w.text.length;
      }
      var a = pieceAt(w.pieces, s, false), b = pieceAt(w.pieces, e, true);
      if (a < 0 || b < 0 || b < a) return;  // nothing to hold a comment (an empty line)
      if (closestPara(w.pieces[a].node, W) !== closestPara(w.pieces[b].node, W)) {
        b = a;  // do not cross into a text box or another paragraph: mark the first run only
        e = w.pieces[a].end;
      }
      var id = nextId++;
      var c = comments.createElementNS(W, "w:comment");
      c.setAttributeNS(W, "w:id", String(id));
      c.setAttributeNS(W, "w:author", AUTHOR);
      c.setAttributeNS(W, "w:date", date);
      c.setAttributeNS(W, "w:initials", INITIALS);
      String(it.comment).split("\n").forEach(function (line) {
        var p = comments.createElementNS(W, "w:p"), r = comments.createElementNS(W, "w:r");
        var t = comments.createElementNS(W, "w:t");
        t.setAttributeNS("http://www.w3.org/XML/1998/namespace", "xml:space", "preserve");
        t.textContent = clean(line);
        r.appendChild(t);
        p.appendChild(r);
        c.appendChild(p);
      });
      comments.documentElement.appendChild(c);
      events.push([e, 0, b, id], [s, 1, a, id]);
    });

    // insert from the end of the text backwards, so that earlier offsets stay valid; at one
    // position ends go in before starts
    events.sort(function (x, y) { return y[0] - x[0] || x[1] - y[1]; });
    events.forEach(function (ev) {
      var pc = w.pieces[ev[2]], pos = ev[0];
      var ref = boundary(pc, pos - pc.start, W);
      var holder = pc.node.parentNode;  // where markers go when there is nothing after them
      var parent = ref ? ref.parentNode : holder.namespaceURI === W && holder.localName === "r" ? holder.parentNode : holder;
      if (ev[1] === 1) {
        var st = doc.createElementNS(W, "w:commentRangeStart");
        st.setAttributeNS(W, "w:id", String(ev[3]));
        insertAt(ref, parent, st);
      } else {
        var en = doc.createElementNS(W, "w:commentRangeEnd");
        en.setAttributeNS(W, "w:id", String(ev[3]));
        var run = doc.createElementNS(W, "w:r"), cr = doc.createElementNS(W, "w:commentReference");
        cr.setAttributeNS(W, "w:id", String(ev[3]));
        run.appendChild(cr);
        insertAt(ref, parent, en);
        insertAt(ref, parent, run);
      }
    });

    // content type of the comments part
    var ctName = "[Content_Types].xml";
    if (!files[ctName]) throw refuse(name + "：" + BAD);
    var ct = parseXml(files[ctName], name), part = "/" + commentsName;
    var has = Array.prototype.some.call(ct.documentElement.getElementsByTagNameNS(PKG_CT, "Override"), function (o) {
      return o.getAttribute("PartName") === part;
    });
    if (!has) {
      var ov = ct.createElementNS(PKG_CT, "Override");
      ov.setAttribute("PartName", part);
      ov.setAttribute("ContentType", CT_COMMENTS);
      ct.documentElement.appendChild(ov);
    }

    var ser = new XMLSerializer(), enc = new TextEncoder();
    var xml = function (d) { return enc.encode(XML_DECL + ser.serializeToString(d.documentElement)); };
    files["word/document.xml"] = xml(doc);
    files[commentsName] = xml(comments);
    files[relsName] = xml(rels);
    files[ctName] = xml(ct);
    var zipped = {};
    order.forEach(function (name) {
      // XML is deflated; pictures and other binary parts are stored as they are (already compressed)
      zipped[name] = [files[name], { level: /\.(xml|rels)$/i.test(name) ? 6 : 0 }];
    });
    return fflate.zipSync(zipped);
  }

  root.ReportDocx = { open: open, annotate: annotate, say: say, sizeText: sizeText, AUTHOR: AUTHOR };
})(typeof self !== "undefined" ? self : this);
