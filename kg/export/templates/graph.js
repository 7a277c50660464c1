/* kg graph viewer. Reads the JSON block #kg-data written by kg/export/html.py:
 *   nodes: [key, type, name, aliases, x, y, size, extra]
 *   facts: [source, target, rel, sentence index or -1, article (node index | key | null), start, end]
 *   sentences: [string]; types: [[type, zh, colour, shape, hiddenByDefault]]; rels: {rel: [out, in]}
 *   relOrder: [rel] (the order to list relations in); links: [rel] (links that index the text, such
 *   as mentions: dashed, hidden unless asked for); parts: [rel] (what a Position's membership holds)
 * Relation names and labels come from kg/schema.py through the data; none is written here.
 * Everything from the data is put into the page with textContent / vis text labels, never as HTML.
 */
(function () {
  "use strict";

  var FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';
  var DIM = "rgba(185,185,185,0.35)";
  var graphEl = document.getElementById("graph");
  var data = JSON.parse(document.getElementById("kg-data").textContent);

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  // ---------------------------------------------------------------- model
  var TYPES = {};
  data.types.forEach(function (t) {
    TYPES[t[0]] = { type: t[0], zh: t[1], color: t[2], shape: t[3], hidden: !!t[4], count: 0 };
  });
  function typeOf(t) {
    return TYPES[t] || { type: t, zh: t, color: "#8c8c8c", shape: "dot", hidden: false, count: 0 };
  }

  var nodes = data.nodes.map(function (n, i) {
    return { i: i, key: n[0], type: n[1], name: n[2], aliases: n[3] || [], x: n[4], y: n[5],
             size: n[6], extra: n[7] || {}, out: [], inc: [] };
  });
  var byKey = {};
  nodes.forEach(function (n) { byKey[n.key] = n; typeOf(n.type).count++; });

  var facts = data.facts.map(function (f, j) {
    var fact = { j: j, u: f[0], v: f[1], rel: f[2], s: f[3], a: f[4], start: f[5], end: f[6] };
    nodes[fact.u].out.push(fact);
    nodes[fact.v].inc.push(fact);
    return fact;
  });

  function flags(list) {
    var out = {};
    (list || []).forEach(function (r) { out[r] = true; });
    return out;
  }
  var LINK = flags(data.links);
  var PART = flags(data.parts);
  var REL_ORDER = data.relOrder || Object.keys(data.rels);

  function relLabel(rel, outgoing) {
    var l = data.rels[rel];
    return l ? l[outgoing ? 0 : 1] : rel;
  }

  // visual edges: one per (source, target, link-or-fact), labels joined
  var vedges = [];
  (function () {
    var index = {};
    facts.forEach(function (f) {
      var m = !!LINK[f.rel];
      var k = f.u + ">" + f.v + (m ? "m" : "");
      var e = index[k];
      if (!e) {
        e = index[k] = { id: vedges.length, from: f.u, to: f.v, link: m, rels: [], facts: [] };
        vedges.push(e);
      }
      if (e.rels.indexOf(f.rel) < 0) e.rels.push(f.rel);
      e.facts.push(f);
    });
  })();

  var large = !data.physics;

  // ---------------------------------------------------------------- state
  var state = {
    on: {},
    links: false,  // show the links that index the text (mentions)
    labels: data.physics,
    physics: data.physics,
    selected: null,
    dimmed: false,
  };
  Object.keys(TYPES).forEach(function (t) { state.on[t] = !TYPES[t].hidden; });

  // ---------------------------------------------------------------- vis data
  function nodeTitle(n) {
    var t = n.name + "\n" + typeOf(n.type).zh;
    if (n.aliases.length) t += " · 又称 " + n.aliases.slice(0, 6).join("、") + (n.aliases.length > 6 ? "…" : "");
    return t;
  }
  function visNode(n, dim) {
    var ty = typeOf(n.type);
    var small = n.type === "Position";
    var c = dim ? DIM : ty.color;
    return {
      id: n.i, label: wrapLabel(n.name, small ? 16 : 12), title: nodeTitle(n), shape: ty.shape, size: n.size,
      color: { background: c, border: dim ? DIM : shade(ty.color),
               highlight: { background: ty.color, border: "#1f2933" },
               hover: { background: ty.color, border: "#1f2933" } },
      font: { size: small ? 10 : (n.type === "Article" || n.type === "Page" ? 11 : 14),
              color: dim ? "rgba(110,110,110,0.5)" : (small ? "#6b7280" : "#1f2933") },
      borderWidth: small ? 1 : 1.5,
    };
  }
  // canvas labels do not wrap CJK text by themselves
  function wrapLabel(s, width) {
    if (s.length <= width + 2) return s;
    var lines = [], rest = s;
    while (rest.length > width + 2 && lines.length < 2) {
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
    }
    if (rest.length > width + 2) rest = rest.slice(0, width) + "…";
    lines.push(rest);
    return lines.join("\n");
  }
  function edgeLabel(e) {
    return e.rels.map(function (r) { return relLabel(r, true); }).join(" / ");
  }
  function edgeTitle(e) {
    var t = nodes[e.from].name + " → " + nodes[e.to].name + "\n" + edgeLabel(e);
    for (var k = 0; k < e.facts.length; k++) {
      var f = e.facts[k];
      if (f.s >= 0) {
        var s = data.sentences[f.s];
        t += "\n“" + (s.length > 120 ? s.slice(0, 120) + "…" : s) + "”";
        break;
      }
    }
    return t;
  }
  function visEdge(e, dim) {
    return {
      id: e.id, from: e.from, to: e.to,
      label: state.labels && !e.link ? edgeLabel(e) : "",
      title: edgeTitle(e),
      dashes: e.link,
      width: e.link ? 0.6 : 1.1,
      color: { color: dim ? "rgba(200,200,200,0.2)" : (e.link ? "#cfd6d8" : (large ? "rgba(140,150,165,0.35)" : "#aeb4bd")),
               highlight: "#3b4f66", hover: "#5b6b7d", inherit: false },
      font: { color: dim ? "rgba(150,150,150,0.3)" : "#6b7280" },
    };
  }
  function shade(hex) {
    var v = parseInt(hex.slice(1), 16);
    var r = Math.round(((v >> 16) & 255) * 0.72), g = Math.round(((v >> 8) & 255) * 0.72),
        b = Math.round((v & 255) * 0.72);
    return "rgb(" + r + "," + g + "," + b + ")";
  }

  var nodeSet = new vis.DataSet(nodes.map(function (n) {
    var v = visNode(n, false);
    v.x = n.x;
    v.y = n.y;
    return v;
  }));
  var edgeSet = new vis.DataSet(vedges.map(function (e) { return visEdge(e, false); }));
  function nodeVisible(i) { return !!state.on[nodes[i].type]; }
  function edgeVisible(e) {
    return nodeVisible(e.from) && nodeVisible(e.to) && (state.links || !e.link);
  }
  var nodeView = new vis.DataView(nodeSet, { filter: function (item) { return nodeVisible(item.id); } });
  var edgeView = new vis.DataView(edgeSet, { filter: function (item) { return edgeVisible(vedges[item.id]); } });

  var options = {
    autoResize: true,
    layout: { randomSeed: 7, improvedLayout: false },
    nodes: {
      font: { face: FONT, size: 14, strokeWidth: 3, strokeColor: "#ffffff" },
      scaling: { label: { enabled: false, drawThreshold: 6 } },
      shapeProperties: { interpolation: false },
    },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.45 } },
      smooth: large ? false : { enabled: true, type: "continuous", roundness: 0.25 },
      font: { face: FONT, size: 10.5, strokeWidth: 3, strokeColor: "#ffffff", align: "middle" },
      selectionWidth: 1.2,
      hoverWidth: 0.6,
    },
    interaction: {
      hover: true, tooltipDelay: 180, hideEdgesOnDrag: large, hideEdgesOnZoom: large,
      multiselect: false, navigationButtons: false, keyboard: false,
    },
    physics: {
      enabled: state.physics,
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -55, centralGravity: 0.008, springLength: 85,
                          springConstant: 0.07, damping: 0.5, avoidOverlap: 0.35 },
      maxVelocity: 40, minVelocity: 1.2, timestep: 0.45,
      stabilization: { enabled: state.physics, iterations: 350, updateInterval: 50, fit: true },
    },
  };
  var network = new vis.Network(graphEl, { nodes: nodeView, edges: edgeView }, options);

  // network.storePositions() fails on a DataView (it looks up filtered-out nodes)
  function storePositions() {
    var p = network.getPositions();
    nodeSet.update(Object.keys(p).map(function (id) { return { id: +id, x: p[id].x, y: p[id].y }; }));
  }

  var ready = false;
  function markReady() {
    if (ready) return;
    ready = true;
    graphEl.setAttribute("data-ready", "1");
    graphEl.setAttribute("data-ready-ms", String(Math.round(performance.now())));
    fromHash();
  }
  if (state.physics) {
    network.once("stabilizationIterationsDone", function () {
      state.physics = false;
      network.setOptions({ physics: { enabled: false } });
      storePositions();
      syncPhysicsBox();
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", markReady);
  }

  // ---------------------------------------------------------------- header stats
  (function () {
    var articles = (TYPES.Article ? TYPES.Article.count : 0);
    var entities = nodes.length - articles - (TYPES.Page ? TYPES.Page.count : 0)
                   - (TYPES.Position ? TYPES.Position.count : 0);
    var rels = facts.filter(function (f) { return !LINK[f.rel]; }).length;
    var s = entities + " 个实体 · " + rels + " 条关系";
    if (articles) s += " · " + articles + " 篇文章";
    document.getElementById("stats").textContent = s;
  })();

  // ---------------------------------------------------------------- filters
  function refresh() {
    if (!state.physics) storePositions();
    nodeView.refresh();
    edgeView.refresh();
    if (state.selected !== null && !nodeVisible(state.selected)) clearSelection();
    else if (state.selected !== null) applyDim(state.selected);
  }

  var legendList = document.getElementById("legend-types");
  var legendRows = {};
  Object.keys(TYPES).forEach(function (t) {
    var ty = TYPES[t];
    var li = el("li");
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = state.on[t];
    box.addEventListener("change", function () { setType(t, box.checked); });
    var sw = el("span", "swatch " + ty.shape + (t === "Position" ? " small" : ""));
    sw.style.setProperty("--c", ty.color);
    label.appendChild(box);
    label.appendChild(sw);
    label.appendChild(el("span", null, ty.zh));
    label.appendChild(el("span", "en", t));
    label.appendChild(el("span", "count", ty.count));
    li.appendChild(label);
    li.classList.toggle("off", !state.on[t]);
    legendRows[t] = { li: li, box: box };
    legendList.appendChild(li);
  });
  function setType(t, on) {
    state.on[t] = on;
    if (legendRows[t]) { legendRows[t].box.checked = on; legendRows[t].li.classList.toggle("off", !on); }
    refresh();
  }
  document.getElementById("btn-all").addEventListener("click", function () {
    Object.keys(TYPES).forEach(function (t) {
      state.on[t] = true;
      legendRows[t].box.checked = true;
      legendRows[t].li.classList.remove("off");
    });
    refresh();
  });

  var mentionsBox = document.getElementById("opt-mentions");
  mentionsBox.checked = state.links;
  mentionsBox.addEventListener("change", function () { state.links = mentionsBox.checked; refresh(); });

  var labelsBox = document.getElementById("opt-labels");
  labelsBox.checked = state.labels;
  labelsBox.addEventListener("change", function () {
    state.labels = labelsBox.checked;
    edgeSet.update(vedges.map(function (e) {
      return { id: e.id, label: state.labels && !e.link ? edgeLabel(e) : "" };
    }));
  });

  var physicsBox = document.getElementById("opt-physics");
  function syncPhysicsBox() { physicsBox.checked = state.physics; }
  syncPhysicsBox();
  physicsBox.addEventListener("change", function () {
    state.physics = physicsBox.checked;
    if (!state.physics) storePositions();
    network.setOptions({ physics: { enabled: state.physics, stabilization: { enabled: false } } });
  });
  document.getElementById("btn-fit").addEventListener("click", function () {
    network.fit({ animation: { duration: 500, easingFunction: "easeInOutQuad" } });
  });

  // ---------------------------------------------------------------- selection
  function neighbours(i) {
    var set = {};
    set[i] = true;
    nodes[i].out.concat(nodes[i].inc).forEach(function (f) {
      if (LINK[f.rel] && !state.links) return;
      set[f.u] = true;
      set[f.v] = true;
    });
    return set;
  }
  function applyDim(i) {
    var near = neighbours(i);
    var nu = [], eu = [];
    nodes.forEach(function (n) {
      if (nodeVisible(n.i)) nu.push(visNode(n, !near[n.i]));
    });
    vedges.forEach(function (e) {
      if (edgeVisible(e)) eu.push(visEdge(e, !(e.from === i || e.to === i)));
    });
    nodeSet.update(nu);
    edgeSet.update(eu);
    state.dimmed = true;
  }
  function undim() {
    if (!state.dimmed) return;
    nodeSet.update(nodes.map(function (n) { return visNode(n, false); }));
    edgeSet.update(vedges.map(function (e) { return visEdge(e, false); }));
    state.dimmed = false;
  }
  function select(i, focus) {
    var n = nodes[i];
    if (!nodeVisible(i)) setType(n.type, true);
    state.selected = i;
    applyDim(i);
    network.selectNodes([i]);
    if (focus) {
      showPanel(n);
      // keep the node in the part of the canvas the panel does not cover
      var cover = panel.hidden ? 0 : Math.min(panel.offsetWidth, graphEl.clientWidth * 0.6);
      network.focus(i, { scale: Math.max(network.getScale(), 1.1), offset: { x: -cover / 2, y: 0 },
                         animation: { duration: 600, easingFunction: "easeInOutQuad" } });
    } else {
      showPanel(n);
    }
    try { history.replaceState(null, "", "#" + encodeURIComponent(n.key)); } catch (err) { /* file: */ }
  }
  function clearSelection() {
    state.selected = null;
    undim();
    network.unselectAll();
    hidePanel();
  }
  network.on("click", function (p) {
    if (p.nodes.length) select(p.nodes[0], false);
    else if (!p.edges.length) clearSelection();
  });
  function fromHash() {
    var h = location.hash.slice(1);
    if (!h) return;
    var key;
    try { key = decodeURIComponent(h); } catch (err) { return; }
    if (byKey[key]) select(byKey[key].i, true);
  }
  window.addEventListener("hashchange", fromHash);

  // ---------------------------------------------------------------- side panel
  var panel = document.getElementById("panel");
  var body = document.getElementById("panel-body");
  document.getElementById("panel-close").addEventListener("click", clearSelection);

  function hidePanel() { panel.hidden = true; }

  function nodeLink(n, extraCls) {
    var b = el("button", "link" + (extraCls ? " " + extraCls : ""));
    b.type = "button";
    var ty = typeOf(n.type);
    var sw = el("span", "swatch " + ty.shape + (n.type === "Position" ? " small" : ""));
    sw.style.setProperty("--c", ty.color);
    b.appendChild(sw);
    b.appendChild(el("span", null, n.name));
    b.title = ty.zh + " · " + n.key;
    b.addEventListener("click", function () { select(n.i, true); });
    return b;
  }

  function highlight(sentence, terms) {
    var frag = document.createDocumentFragment();
    var marks = new Array(sentence.length);
    terms.filter(function (t) { return t && t.length > 0; })
      .sort(function (a, b) { return b.length - a.length; })
      .forEach(function (t) {
        var from = 0, at;
        while ((at = sentence.indexOf(t, from)) >= 0) {
          var free = true;
          for (var k = at; k < at + t.length; k++) if (marks[k]) { free = false; break; }
          if (free) for (var q = at; q < at + t.length; q++) marks[q] = true;
          from = at + t.length;
        }
      });
    var buf = "", on = false;
    function flush() {
      if (!buf) return;
      frag.appendChild(on ? el("mark", null, buf) : document.createTextNode(buf));
      buf = "";
    }
    for (var i = 0; i < sentence.length; i++) {
      var m = !!marks[i];
      if (m !== on) { flush(); on = m; }
      buf += sentence[i];
    }
    flush();
    return frag;
  }

  function namesOf(n) {
    var out = [n.name].concat(n.aliases);
    if (n.type === "Position") out = out.concat(n.name.split(/\s*@\s*/));
    return out;
  }

  function evidenceBlock(f, self, other) {
    var box = el("div", "evid");
    if (f.s >= 0) {
      box.appendChild(highlight(data.sentences[f.s], namesOf(self).concat(namesOf(other))));
    }
    if (f.a !== null && f.a !== undefined) {
      var src = el("span", "src");
      src.appendChild(document.createTextNode("— "));
      if (typeof f.a === "number" && nodes[f.a]) {
        var art = nodes[f.a];
        var b = el("button", "link", "《" + art.name + "》");
        b.type = "button";
        b.title = art.key;
        b.addEventListener("click", function () { select(art.i, true); });
        src.appendChild(b);
      } else {
        src.appendChild(document.createTextNode(String(f.a)));
      }
      if (f.start !== null && f.start !== undefined) {
        src.title = "偏移 " + f.start + (f.end !== null ? "–" + f.end : "");
      }
      box.appendChild(src);
    }
    return box.childNodes.length ? box : null;
  }

  function relRank(rel) { var k = REL_ORDER.indexOf(rel); return k < 0 ? 99 : k; }

  function showPanel(n) {
    var ty = typeOf(n.type);
    body.textContent = "";
    var chip = el("span", "p-type");
    var sw = el("span", "swatch " + ty.shape + (n.type === "Position" ? " small" : ""));
    sw.style.setProperty("--c", ty.color);
    chip.appendChild(sw);
    chip.appendChild(el("span", null, ty.zh + " · " + n.type));
    body.appendChild(chip);
    body.appendChild(el("h2", null, n.name));
    body.appendChild(el("div", "p-key", n.key));

    var dl = el("dl", "p-meta");
    function meta(k, v) { dl.appendChild(el("dt", null, k)); dl.appendChild(el("dd", null, v)); }
    if (n.aliases.length) meta("别名", n.aliases.join("、"));
    var labels = { kind: "类别", date: "日期", page: "版面", index: "序号", path: "文件" };
    Object.keys(labels).forEach(function (k) {
      if (n.extra[k] === undefined) return;
      var v = n.extra[k];
      if (k === "page" && byKey[v]) v = byKey[v].name;
      meta(labels[k], v);
    });
    if (dl.childNodes.length) body.appendChild(dl);

    var actions = el("div", "p-actions");
    var focusBtn = el("button", "act", "在图中定位");
    focusBtn.type = "button";
    focusBtn.addEventListener("click", function () { select(n.i, true); });
    actions.appendChild(focusBtn);
    body.appendChild(actions);

    // group facts by (direction, rel), then by the other node
    var groups = {};
    function add(f, outgoing) {
      var other = nodes[outgoing ? f.v : f.u];
      var gk = (outgoing ? "o:" : "i:") + f.rel;
      var g = groups[gk] || (groups[gk] = { rel: f.rel, outgoing: outgoing, items: {}, order: [] });
      var it = g.items[other.i];
      if (!it) { it = g.items[other.i] = { other: other, facts: [] }; g.order.push(other.i); }
      it.facts.push(f);
    }
    n.out.forEach(function (f) { add(f, true); });
    n.inc.forEach(function (f) { add(f, false); });
    var keys = Object.keys(groups).sort(function (a, b) {
      var ga = groups[a], gb = groups[b];
      return (LINK[ga.rel] ? 1 : 0) - (LINK[gb.rel] ? 1 : 0) || relRank(ga.rel) - relRank(gb.rel)
        || (gb.outgoing - ga.outgoing);
    });
    if (!keys.length) body.appendChild(el("div", "p-empty", "没有与此节点相关的关系。"));
    keys.forEach(function (gk) {
      var g = groups[gk];
      var sec = el("section", "p-group");
      var h = el("h3");
      h.appendChild(el("span", null, (g.outgoing ? "" : "← ") + relLabel(g.rel, g.outgoing)
                                      + (g.outgoing ? " →" : "")));
      h.appendChild(el("span", "n", g.order.length));
      sec.appendChild(h);
      var items = g.order.map(function (k) { return g.items[k]; });
      items.sort(function (a, b) { return a.other.name < b.other.name ? -1 : a.other.name > b.other.name ? 1 : 0; });
      var host = sec;
      var limit = LINK[g.rel] ? 5 : 12;
      items.forEach(function (it, idx) {
        if (idx === limit) {
          var det = el("details", "more");
          det.appendChild(el("summary", null, "另外 " + (items.length - limit) + " 项"));
          sec.appendChild(det);
          host = det;
        }
        var row = el("div", "fact");
        row.appendChild(nodeLink(it.other));
        // a Position is a connector: say what it is right away
        if (it.other.type === "Position") {
          var via = [];
          it.other.out.forEach(function (f2) {
            if (PART[f2.rel]) via.push(nodes[f2.v].name);
          });
          if (via.length) row.appendChild(el("span", "via", via.join(" · ")));
        }
        var shown = 0;
        it.facts.forEach(function (f) {
          if (shown >= 4) return;
          var ev = evidenceBlock(f, n, it.other);
          if (ev) { row.appendChild(ev); shown++; }
        });
        if (it.facts.length > shown && shown >= 4) {
          row.appendChild(el("div", "via", "另有 " + (it.facts.length - shown) + " 条出处"));
        }
        host.appendChild(row);
      });
      body.appendChild(sec);
    });
    panel.hidden = false;
    panel.scrollTop = 0;
  }

  // ---------------------------------------------------------------- search
  var input = document.getElementById("search");
  var results = document.getElementById("results");
  var hits = [], active = -1;
  var degree = nodes.map(function (n) { return n.out.length + n.inc.length; });
  function norm(s) { return String(s).normalize("NFKC").toLowerCase(); }
  var index = nodes.map(function (n) {
    return { name: norm(n.name), aliases: n.aliases.map(norm) };
  });

  function search(q) {
    q = norm(q).trim();
    if (!q) return [];
    var out = [];
    for (var i = 0; i < nodes.length; i++) {
      var ix = index[i], rank = -1, alias = null;
      if (ix.name === q) rank = 0;
      else if (ix.name.indexOf(q) === 0) rank = 1;
      else if (ix.name.indexOf(q) > 0) rank = 3;
      for (var k = 0; k < ix.aliases.length && rank !== 0; k++) {
        var a = ix.aliases[k];
        var r = a === q ? 2 : a.indexOf(q) >= 0 ? 4 : -1;
        if (r >= 0 && (rank < 0 || r < rank)) { rank = r; alias = nodes[i].aliases[k]; }
      }
      if (rank < 0) continue;
      if (nodes[i].type === "Article" || nodes[i].type === "Page") rank += 5;
      out.push({ i: i, rank: rank, alias: alias });
    }
    out.sort(function (a, b) {
      return a.rank - b.rank || degree[b.i] - degree[a.i] || (nodes[a.i].name < nodes[b.i].name ? -1 : 1);
    });
    return out.slice(0, 40);
  }
  function renderResults() {
    results.textContent = "";
    if (!input.value.trim()) { results.hidden = true; return; }
    if (!hits.length) {
      results.appendChild(el("li", "r-empty", "没有找到匹配的名称"));
    }
    hits.forEach(function (h, k) {
      var n = nodes[h.i], ty = typeOf(n.type);
      var li = el("li");
      li.setAttribute("role", "option");
      if (k === active) li.className = "active";
      var sw = el("span", "swatch " + ty.shape + (n.type === "Position" ? " small" : ""));
      sw.style.setProperty("--c", ty.color);
      li.appendChild(sw);
      li.appendChild(el("span", "r-name", n.name));
      if (h.alias) li.appendChild(el("span", "r-alias", "又称 " + h.alias));
      li.appendChild(el("span", "r-sub", ty.zh));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); pick(k); });
      results.appendChild(li);
    });
    results.hidden = false;
  }
  function pick(k) {
    if (!hits[k]) return;
    var i = hits[k].i;
    results.hidden = true;
    input.blur();
    select(i, true);
  }
  input.addEventListener("input", function () { hits = search(input.value); active = hits.length ? 0 : -1; renderResults(); });
  input.addEventListener("focus", function () { if (input.value.trim()) renderResults(); });
  input.addEventListener("blur", function () { results.hidden = true; });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown") { active = Math.min(hits.length - 1, active + 1); renderResults(); ev.preventDefault(); }
    else if (ev.key === "ArrowUp") { active = Math.max(0, active - 1); renderResults(); ev.preventDefault(); }
    else if (ev.key === "Enter") { pick(active < 0 ? 0 : active); ev.preventDefault(); }
    else if (ev.key === "Escape") { input.value = ""; hits = []; renderResults(); input.blur(); }
  });
  document.addEventListener("keydown", function (ev) {
    var t = ev.target && ev.target.tagName;
    if (ev.key === "/" && t !== "INPUT" && t !== "TEXTAREA") { ev.preventDefault(); input.focus(); input.select(); }
    else if (ev.key === "Escape" && t !== "INPUT") clearSelection();
  });

  // for tests and the curious
  window.kgViewer = { network: network, nodes: nodes, facts: facts, select: select, search: search };
})();
