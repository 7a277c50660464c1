/* kg graph viewer. Reads the JSON block #kg-data written by kg/export/html.py:
 *   nodes: [key, type, name, aliases, x, y, size, extra]   (x, y: the layout, computed in Python)
 *   facts: [source, target, rel, sentence index or -1, article (node index | key | null), start, end]
 *   sentences: [string]; types: [[type, zh, colour, shape, hiddenByDefault]]; rels: {rel: [out, in]}
 *   relOrder: [rel] (the order to list relations in); links: [rel] (links that index the text, such
 *   as mentions: dashed, hidden unless asked for); parts: [rel] (what a Position's membership holds);
 *   overview: show only this many best-connected nodes at first (0: all); note: what this page holds;
 *   focus: the key of the node to select at first ("" for none).
 * Relation names and labels come from kg/schema.py through the data; none is written here.
 * Everything from the data is put into the page with textContent / canvas text, never as HTML.
 *
 * Drawing: vis-network draws the nodes and edges, and each node's own label once zoomed in far
 * enough (VIS_LABEL_PX). Over that, after each frame, this script draws (1) a veil over all but the
 * selected node's neighbourhood, which it draws again on top, and (2) labels at a fixed screen
 * size for the best-connected nodes in view whose own label is too small, skipping any that would
 * overlap one already drawn. Selecting never re-colours the whole graph, so a click costs the same
 * at 300 nodes and at 30,000.
 */
(function () {
  "use strict";

  var FONT = getComputedStyle(document.documentElement).getPropertyValue("--font").trim() || "sans-serif";
  var VIS_LABEL_PX = 12;  // vis-network draws a node's label when it is at least this high on screen
  var LABEL_PX = 13;  // labels this script draws, in screen pixels
  var MAX_SCALE = 1.0;  // never zoom in further than this to fit a neighbourhood
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
             size: n[6], extra: n[7] || {}, out: [], inc: [], degree: 0 };
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
  var CONNECTOR = "Position";  // a post: person → position → title / organization

  function relLabel(rel, outgoing) {
    var l = data.rels[rel];
    return l ? l[outgoing ? 0 : 1] : rel;
  }

  // neighbours by facts (not by links such as mentions), and the degree that ranks nodes
  function factNeighbours(i) {
    var seen = {}, out = [];
    nodes[i].out.concat(nodes[i].inc).forEach(function (f) {
      var o = f.u === i ? f.v : f.u;
      if (LINK[f.rel] || o === i || seen[o]) return;
      seen[o] = true;
      out.push(o);
    });
    return out;
  }
  nodes.forEach(function (n) { n.degree = factNeighbours(n.i).length; });
  // the order labels are given in: best connected first; posts, articles and pages are not ranked
  var ranked = nodes.filter(function (n) {
    return n.type !== CONNECTOR && n.type !== "Article" && n.type !== "Page";
  }).sort(function (a, b) { return b.degree - a.degree || a.i - b.i; }).map(function (n) { return n.i; });

  // visual edges: one per (source, target, link-or-fact), labels joined
  var vedges = [];
  var vedgesOf = nodes.map(function () { return []; });
  (function () {
    var index = {};
    facts.forEach(function (f) {
      var m = !!LINK[f.rel];
      var k = f.u + ">" + f.v + (m ? "m" : "");
      var e = index[k];
      if (!e) {
        e = index[k] = { id: vedges.length, from: f.u, to: f.v, link: m, rels: [], facts: [] };
        vedges.push(e);
        vedgesOf[f.u].push(e);
        if (f.v !== f.u) vedgesOf[f.v].push(e);
      }
      if (e.rels.indexOf(f.rel) < 0) e.rels.push(f.rel);
      e.facts.push(f);
    });
  })();

  // ---------------------------------------------------------------- state
  var state = {
    on: {},  // type → shown
    links: false,  // show the links that index the text (mentions)
    labels: false,  // relation labels on edges
    selected: null,
    hops: 1,
    focus: null,  // node index → true: the selected node's neighbourhood
    shown: null,  // on an overview: node index → true for the nodes drawn; null: all
  };
  Object.keys(TYPES).forEach(function (t) { state.on[t] = !TYPES[t].hidden; });

  if (data.overview > 0) {
    state.shown = {};
    ranked.filter(function (i) { return state.on[nodes[i].type]; }).slice(0, data.overview)
      .forEach(function (i) { state.shown[i] = true; });
    // posts between two nodes shown keep them linked
    nodes.forEach(function (n) {
      if (n.type !== CONNECTOR) return;
      var ends = factNeighbours(n.i).filter(function (o) { return state.shown[o]; });
      if (ends.length >= 2) state.shown[n.i] = true;
    });
  }

  // ---------------------------------------------------------------- vis data
  function nodeTitle(n) {
    var t = n.name + "\n" + describe(n);
    if (n.aliases.length) t += "\n又称 " + n.aliases.slice(0, 6).join("、") + (n.aliases.length > 6 ? "…" : "");
    return t;
  }
  function visNode(n) {
    var ty = typeOf(n.type);
    var small = n.type === CONNECTOR;
    return {
      id: n.i, x: n.x, y: n.y, label: wrapLabel(n.name, small ? 16 : 12), title: nodeTitle(n),
      shape: ty.shape, size: n.size,
      color: { background: ty.color, border: shade(ty.color),
               highlight: { background: ty.color, border: "#1f2933" },
               hover: { background: ty.color, border: "#1f2933" } },
      font: { size: small ? 10 : (n.type === "Article" || n.type === "Page" ? 11 : 14),
              color: small ? "#6b7280" : "#1f2933" },
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
  function visEdge(e) {
    return {
      id: e.id, from: e.from, to: e.to,
      label: state.labels && !e.link ? edgeLabel(e) : "",
      title: edgeTitle(e),
      dashes: e.link,
      width: e.link ? 0.6 : 1.1,
      color: { color: e.link ? "#cfd6d8" : "rgba(130,140,155,0.45)", highlight: "#3b4f66", hover: "#5b6b7d",
               inherit: false },
      font: { color: "#6b7280" },
    };
  }
  function shade(hex) {
    var v = parseInt(hex.slice(1), 16);
    var r = Math.round(((v >> 16) & 255) * 0.72), g = Math.round(((v >> 8) & 255) * 0.72),
        b = Math.round((v & 255) * 0.72);
    return "rgb(" + r + "," + g + "," + b + ")";
  }

  var nodeSet = new vis.DataSet(nodes.map(visNode));
  var edgeSet = new vis.DataSet(vedges.map(visEdge));
  function nodeVisible(i) { return !!state.on[nodes[i].type] && (!state.shown || !!state.shown[i]); }
  function edgeVisible(e) {
    return nodeVisible(e.from) && nodeVisible(e.to) && (state.links || !e.link);
  }
  var nodeView = new vis.DataView(nodeSet, { filter: function (item) { return nodeVisible(item.id); } });
  var edgeView = new vis.DataView(edgeSet, { filter: function (item) { return edgeVisible(vedges[item.id]); } });
  var busy = nodes.length > 3000;

  var network = new vis.Network(graphEl, { nodes: nodeView, edges: edgeView }, {
    autoResize: true,
    layout: { randomSeed: 7, improvedLayout: false },
    physics: { enabled: false },
    nodes: {
      font: { face: FONT, size: 14, strokeWidth: 3, strokeColor: "#ffffff" },
      scaling: { label: { enabled: false, drawThreshold: VIS_LABEL_PX } },
      shapeProperties: { interpolation: false },
    },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.4 } },
      smooth: false,
      font: { face: FONT, size: 10.5, strokeWidth: 3, strokeColor: "#ffffff", align: "middle" },
      selectionWidth: 1.2,
      hoverWidth: 0.6,
    },
    interaction: {
      hover: !busy, tooltipDelay: 180, hideEdgesOnDrag: busy, hideEdgesOnZoom: busy,
      multiselect: false, navigationButtons: false, keyboard: false,
    },
  });

  // ---------------------------------------------------------------- drawing over the graph
  var drawnLabels = [];
  var labelWidth = {};
  function viewBox() {
    var w = graphEl.clientWidth, h = graphEl.clientHeight;
    return { w: w, h: h, scale: network.getScale(), origin: network.DOMtoCanvas({ x: 0, y: 0 }) };
  }
  function labelText(n) { return n.name.length > 14 ? n.name.slice(0, 13) + "…" : n.name; }
  function visLabelShown(n, scale) {
    return (n.type === CONNECTOR ? 10 : 14) * scale >= VIS_LABEL_PX - 1;
  }

  function drawFocus(ctx, box) {
    var far = network.DOMtoCanvas({ x: box.w, y: box.h });
    ctx.fillStyle = "rgba(246,246,243,0.9)";
    ctx.fillRect(box.origin.x, box.origin.y, far.x - box.origin.x, far.y - box.origin.y);
    var body = network.body;
    focusEdges().forEach(function (e) {
      var drawn = body.edges[e.id];
      if (drawn && drawn.connected) drawn.draw(ctx);
    });
    var labels = [];
    focusNodes().forEach(function (i) {
      var drawn = body.nodes[i] && body.nodes[i].draw(ctx);
      if (drawn && drawn.drawExternalLabel) labels.push(drawn.drawExternalLabel);
    });
    labels.forEach(function (draw) { draw(); });  // as vis-network does: labels over all shapes
  }

  function drawLabels(ctx, box) {
    drawnLabels = [];
    var budget = Math.min(160, Math.round(box.w * box.h / 9000));
    var placed = [], tried = 0;
    var order = state.focus ? focusNodes() : ranked;
    ctx.font = LABEL_PX + "px " + FONT;
    var s = box.scale;
    if (state.focus) {  // a label may not cover a node of the neighbourhood
      order.forEach(function (i) {
        var drawn = network.body.nodes[i];
        if (!drawn) return;
        var sx = (drawn.x - box.origin.x) * s, sy = (drawn.y - box.origin.y) * s, r = nodes[i].size * s;
        placed.push({ x0: sx - r, x1: sx + r, y0: sy - r, y1: sy + r });
      });
    }
    for (var k = 0; k < order.length && drawnLabels.length < budget && tried < 2000; k++) {
      var n = nodes[order[k]];
      var drawn = network.body.nodes[n.i];
      if (!drawn || !nodeVisible(n.i) || visLabelShown(n, s)) continue;
      var sx = (drawn.x - box.origin.x) * s, sy = (drawn.y - box.origin.y) * s;
      if (sx < 0 || sy < 0 || sx > box.w || sy > box.h) continue;
      tried++;
      var text = labelText(n);
      var w = labelWidth[n.i] || (labelWidth[n.i] = ctx.measureText(text).width);
      var r = { x0: sx - w / 2 - 3, x1: sx + w / 2 + 3, y0: sy + n.size * s + 1, y1: sy + n.size * s + LABEL_PX + 5 };
      if (placed.some(function (p) { return r.x0 < p.x1 && p.x0 < r.x1 && r.y0 < p.y1 && p.y0 < r.y1; })) continue;
      placed.push(r);
      drawnLabels.push({ i: n.i, text: text, x: sx, y: (r.y0 + r.y1) / 2 });
    }
    // draw in canvas coordinates, at a fixed size on screen
    ctx.save();
    ctx.font = LABEL_PX / s + "px " + FONT;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    ctx.lineWidth = 3 / s;
    ctx.strokeStyle = "rgba(255,255,255,0.95)";
    ctx.fillStyle = "#1f2933";
    drawnLabels.forEach(function (l) {
      var x = box.origin.x + l.x / s, y = box.origin.y + l.y / s;
      ctx.strokeText(l.text, x, y);
      ctx.fillText(l.text, x, y);
    });
    ctx.restore();
  }

  network.on("afterDrawing", function (ctx) {
    var box = viewBox();
    if (state.focus) drawFocus(ctx, box);
    drawLabels(ctx, box);
  });

  function markReady() {
    graphEl.setAttribute("data-ready", "1");
    graphEl.setAttribute("data-ready-ms", String(Math.round(performance.now())));
    if (fromHash()) return;
    if (byKey[data.focus]) select(byKey[data.focus].i, false);
    else fitAll(false);
  }
  network.once("afterDrawing", function () { setTimeout(markReady, 0); });

  // ---------------------------------------------------------------- header
  (function () {
    var articles = (TYPES.Article ? TYPES.Article.count : 0);
    var entities = nodes.length - articles - (TYPES.Page ? TYPES.Page.count : 0)
                   - (TYPES[CONNECTOR] ? TYPES[CONNECTOR].count : 0);
    var rels = facts.filter(function (f) { return !LINK[f.rel]; }).length;
    var s = entities + " 个实体 · " + rels + " 条关系";
    if (articles) s += " · " + articles + " 篇文章";
    document.getElementById("stats").textContent = s;
    var notes = [];
    if (data.note) notes.push(data.note);
    if (state.shown) {
      notes.push("节点较多：先显示关系最多的 " + data.overview + " 个，搜索可找到全部 " + nodes.length
                 + " 个，选中后显示其周围");
    }
    var noteEl = document.getElementById("note");
    noteEl.textContent = notes.join("；");
    noteEl.hidden = !notes.length;
  })();

  // ---------------------------------------------------------------- filters
  function refresh() {
    nodeView.refresh();
    edgeView.refresh();
    if (state.selected !== null && !nodeVisible(state.selected)) clearSelection();
    else if (state.selected !== null) computeFocus();
    network.redraw();
  }

  var legend = document.getElementById("legend");
  if (window.innerWidth < 900 || window.innerHeight < 700) legend.open = false;
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
    label.appendChild(box);
    label.appendChild(swatch(t));
    label.appendChild(el("span", null, ty.zh));
    label.appendChild(el("span", "count", ty.count));
    li.appendChild(label);
    li.classList.toggle("off", !state.on[t]);
    legendRows[t] = { li: li, box: box };
    legendList.appendChild(li);
  });
  function swatch(t) {
    var ty = typeOf(t);
    var sw = el("span", "swatch " + ty.shape + (t === CONNECTOR ? " small" : ""));
    sw.style.setProperty("--c", ty.color);
    return sw;
  }
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
  mentionsBox.addEventListener("change", function () { state.links = mentionsBox.checked; refresh(); });

  var labelsBox = document.getElementById("opt-labels");
  labelsBox.addEventListener("change", function () {
    state.labels = labelsBox.checked;
    edgeSet.update(vedges.map(function (e) {
      return { id: e.id, label: state.labels && !e.link ? edgeLabel(e) : "" };
    }));
  });
  document.getElementById("btn-fit").addEventListener("click", function () { fitAll(true); });

  // ---------------------------------------------------------------- saving the view
  function imageDataURL() {
    var src = graphEl.querySelector("canvas");
    var out = document.createElement("canvas");
    out.width = src.width;
    out.height = src.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(src, 0, 0);
    return out.toDataURL("image/png");
  }
  document.getElementById("btn-png").addEventListener("click", function () {
    var a = el("a");
    a.href = imageDataURL();
    a.download = (data.title || "kg").replace(/[\\/:*?"<>|\s]+/g, "_") + ".png";
    document.body.appendChild(a);
    a.click();
    a.remove();
  });

  // ---------------------------------------------------------------- selection and focus
  // the neighbourhood within state.hops facts; a post counts as part of the step onto it
  function computeFocus() {
    var focus = {}, frontier = [state.selected];
    focus[state.selected] = true;
    function reach(o, next) {
      if (focus[o] || !state.on[nodes[o].type]) return;
      focus[o] = true;
      next.push(o);
      if (nodes[o].type === CONNECTOR) factNeighbours(o).forEach(function (p) { reach(p, next); });
    }
    for (var hop = 0; hop < state.hops; hop++) {
      var next = [];
      frontier.forEach(function (i) {
        factNeighbours(i).forEach(function (o) { reach(o, next); });
        if (state.links) {
          vedgesOf[i].forEach(function (e) { if (e.link) reach(e.from === i ? e.to : e.from, next); });
        }
      });
      frontier = next;
    }
    state.focus = focus;
    if (state.shown) {
      var added = Object.keys(focus).filter(function (i) { return !state.shown[i]; });
      added.forEach(function (i) { state.shown[i] = true; });
      if (added.length) { nodeView.refresh(); edgeView.refresh(); }
    }
  }
  function focusNodes() {
    if (!state.focus) return [];
    var out = Object.keys(state.focus).map(Number).filter(nodeVisible);
    return out.sort(function (a, b) {
      return (b === state.selected) - (a === state.selected) || nodes[b].degree - nodes[a].degree || a - b;
    });
  }
  function focusEdges() {
    var out = [], seen = {};
    focusNodes().forEach(function (i) {
      vedgesOf[i].forEach(function (e) {
        if (seen[e.id] || !state.focus[e.from] || !state.focus[e.to] || !edgeVisible(e)) return;
        seen[e.id] = true;
        out.push(e);
      });
    });
    return out;
  }

  // the part of the graph not covered by the side panel or the legend, in graph pixels
  function openArea() {
    var g = graphEl.getBoundingClientRect();
    var area = { x0: 0, y0: 0, x1: g.width, y1: g.height };
    if (legend.open) {
      var l = legend.getBoundingClientRect();
      if (l.right - g.left < g.width * 0.4) area.x0 = l.right - g.left;
    }
    if (!panel.hidden) {
      var p = panel.getBoundingClientRect();
      if (p.width >= g.width * 0.9) area.y1 = Math.min(area.y1, p.top - g.top);  // a bottom sheet
      else area.x1 = Math.min(area.x1, p.left - g.left);
    }
    return area;
  }

  function fitFocus(animate) { fitNodes(focusNodes(), MAX_SCALE, animate); }
  function fitAll(animate) {
    fitNodes(nodeView.getIds(), MAX_SCALE, animate);
  }

  // move and zoom so that the nodes ``ids`` fill the open area, never closer than maxScale
  function fitNodes(ids, maxScale, animate) {
    if (!ids.length) return;
    var pos = network.getPositions(ids);
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    ids.forEach(function (i) {
      var p = pos[i], r = nodes[i].size;
      if (!p) return;
      x0 = Math.min(x0, p.x - r); x1 = Math.max(x1, p.x + r);
      y0 = Math.min(y0, p.y - r); y1 = Math.max(y1, p.y + r + 24);  // room for the label below
    });
    var area = openArea(), pad = 48;
    var w = Math.max(area.x1 - area.x0 - 2 * pad, 60), h = Math.max(area.y1 - area.y0 - 2 * pad, 60);
    var scale = Math.min(maxScale, w / Math.max(x1 - x0, 1), h / Math.max(y1 - y0, 1));
    network.moveTo({
      position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 },
      scale: scale,
      offset: { x: (area.x0 + area.x1 - graphEl.clientWidth) / 2, y: (area.y0 + area.y1 - graphEl.clientHeight) / 2 },
      animation: animate ? { duration: 450, easingFunction: "easeInOutQuad" } : false,
    });
  }

  function select(i, animate) {
    var n = nodes[i];
    if (!state.on[n.type]) setType(n.type, true);
    state.selected = i;
    state.hops = 1;
    computeFocus();
    network.selectNodes([i]);
    showPanel(n);
    fitFocus(animate !== false);
    try { history.replaceState(null, "", "#" + encodeURIComponent(n.key)); } catch (err) { /* file: */ }
  }
  function expand(animate) {
    if (state.selected === null) return;
    state.hops++;
    computeFocus();
    showPanel(nodes[state.selected]);
    fitFocus(animate !== false);
  }
  function clearSelection() {
    state.selected = null;
    state.focus = null;
    network.unselectAll();
    hidePanel();
    network.redraw();
  }
  network.on("click", function (p) {
    if (p.nodes.length) select(p.nodes[0]);
    else if (!p.edges.length) clearSelection();
  });
  // select the node the URL names (#person/张良); whether there was one
  function fromHash() {
    var key;
    try { key = decodeURIComponent(location.hash.slice(1)); } catch (err) { return false; }
    if (!byKey[key]) return false;
    select(byKey[key].i, false);
    return true;
  }
  window.addEventListener("hashchange", fromHash);

  // what a node is, in a few words: for search hits and tooltips
  function describe(n) {
    var words = [typeOf(n.type).zh];
    var named = function (list) { return list.filter(Boolean).slice(0, 3).join("、"); };
    if (n.type === CONNECTOR) {
      words.push(named(n.inc.map(function (f) { return nodes[f.u].type === "Person" ? nodes[f.u].name : ""; })));
    } else if (n.type === "Person") {
      words.push(named(n.out.map(function (f) { return nodes[f.v].type === CONNECTOR ? nodes[f.v].name : ""; })));
    } else if (n.type === "Organization" || n.type === "Place") {
      if (n.extra.kind) words.push(n.extra.kind);
      words.push(named(n.out.map(function (f) { return nodes[f.v].type === "Place" ? nodes[f.v].name : ""; })));
    } else if (n.type === "Event") {
      words.push(n.extra.kind, n.extra.date);
    } else if (n.type === "Article") {
      if (byKey[n.extra.page]) words.push(byKey[n.extra.page].name);
    } else if (n.type !== "Page") {
      words.push(n.degree + " 个关联");
    }
    return words.filter(Boolean).join(" · ");
  }

  // ---------------------------------------------------------------- side panel
  var panel = document.getElementById("panel");
  var body = document.getElementById("panel-body");
  document.getElementById("panel-close").addEventListener("click", clearSelection);

  function hidePanel() { panel.hidden = true; }

  function nodeLink(n, extraCls) {
    var b = el("button", "link" + (extraCls ? " " + extraCls : ""));
    b.type = "button";
    b.appendChild(swatch(n.type));
    b.appendChild(el("span", null, n.name));
    b.title = describe(n);
    b.addEventListener("click", function () { select(n.i); });
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
    if (n.type === CONNECTOR) out = out.concat(n.name.split(/\s*@\s*/));
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
        b.addEventListener("click", function () { select(art.i); });
        src.appendChild(b);
      } else {
        src.appendChild(document.createTextNode(String(f.a)));
      }
      if (f.start !== null && f.start !== undefined) {
        src.title = "原文第 " + f.start + (f.end !== null ? "–" + f.end : "") + " 字";
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
    chip.appendChild(swatch(n.type));
    chip.appendChild(el("span", null, ty.zh));
    body.appendChild(chip);
    var h2 = el("h2", null, n.name);
    h2.title = n.key;
    body.appendChild(h2);

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
    var focusBtn = el("button", "act", "聚焦");
    focusBtn.type = "button";
    focusBtn.title = "让这个节点和它周围的节点充满视图";
    focusBtn.addEventListener("click", function () { fitFocus(true); });
    actions.appendChild(focusBtn);
    var expandBtn = el("button", "act", "展开一层");
    expandBtn.type = "button";
    expandBtn.id = "btn-expand";
    expandBtn.title = "再显示一层相邻节点（当前 " + state.hops + " 层）";
    expandBtn.addEventListener("click", function () { expand(); });
    actions.appendChild(expandBtn);
    var shown = focusNodes().length - 1;
    actions.appendChild(el("span", "p-hops", state.hops + " 层内 " + shown + " 个节点"));
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
        // a post is a connector: say what it is right away
        if (it.other.type === CONNECTOR) {
          var via = [];
          it.other.out.forEach(function (f2) {
            if (PART[f2.rel]) via.push(nodes[f2.v].name);
          });
          if (via.length) row.appendChild(el("span", "via", via.join(" · ")));
        }
        var shownEvidence = 0;
        it.facts.forEach(function (f) {
          if (shownEvidence >= 4) return;
          var ev = evidenceBlock(f, n, it.other);
          if (ev) { row.appendChild(ev); shownEvidence++; }
        });
        if (it.facts.length > shownEvidence && shownEvidence >= 4) {
          row.appendChild(el("div", "via", "另有 " + (it.facts.length - shownEvidence) + " 条出处"));
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
      out.push({ i: i, rank: rank, alias: alias, what: null });
    }
    out.sort(function (a, b) {
      return a.rank - b.rank || nodes[b.i].degree - nodes[a.i].degree || (nodes[a.i].name < nodes[b.i].name ? -1 : 1);
    });
    out = out.slice(0, 40);
    out.forEach(function (h) { h.what = describe(nodes[h.i]); });
    return out;
  }
  function renderResults() {
    results.textContent = "";
    if (!input.value.trim()) { results.hidden = true; return; }
    if (!hits.length) {
      results.appendChild(el("li", "r-empty", "没有找到匹配的名称"));
    }
    hits.forEach(function (h, k) {
      var n = nodes[h.i];
      var li = el("li");
      li.setAttribute("role", "option");
      if (k === active) li.className = "active";
      li.appendChild(swatch(n.type));
      var text = el("span", "r-text");
      var line = el("span", "r-line");
      line.appendChild(el("span", "r-name", n.name));
      if (h.alias) line.appendChild(el("span", "r-alias", "又称 " + h.alias));
      text.appendChild(line);
      text.appendChild(el("span", "r-sub", h.what));
      li.appendChild(text);
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
    select(i);
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

  // for tests, benchmarks and the curious
  window.kgViewer = {
    network: network, nodes: nodes, facts: facts, select: select, expand: expand, search: search,
    describe: describe, imageDataURL: imageDataURL, openArea: openArea,
    focus: focusNodes,
    shownCount: function () { return nodeView.length; },
    // the names labelled on screen now, by this script or by vis-network itself
    labels: function () {
      var box = viewBox(), own = {};
      drawnLabels.forEach(function (l) { own[l.i] = true; });
      return nodeView.getIds().filter(function (i) {
        if (own[i]) return true;
        var p = network.canvasToDOM(network.getPosition(i));
        return visLabelShown(nodes[i], box.scale) && p.x >= 0 && p.y >= 0 && p.x <= box.w && p.y <= box.h;
      }).map(function (i) { return nodes[i].name; });
    },
  };
})();
