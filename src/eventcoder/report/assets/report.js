/* eventcoder report page: written for eventcoder (Apache-2.0). Vanilla JS, no network, no innerHTML.
   Data come from <script type="application/json"> and are rendered with textContent/createElement only. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("ec-data").textContent);
  var shapes = JSON.parse(document.getElementById("ec-shapes").textContent);
  var all = data.incidents;
  var byId = {};
  all.forEach(function (i) { byId[i.id] = i; });

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function sv(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  /* ---- shapes: decode delta-encoded rings, compute bounding boxes */
  var scale = shapes.scale;
  var countries = shapes.countries.map(function (c) {
    var box = [180, 90, -180, -90];
    var rings = c.rings.map(function (flat) {
      var pts = [], x = flat[0], y = flat[1];
      pts.push([x / scale, y / scale]);
      for (var k = 2; k < flat.length; k += 2) { x += flat[k]; y += flat[k + 1]; pts.push([x / scale, y / scale]); }
      pts.forEach(function (p) {
        box[0] = Math.min(box[0], p[0]); box[1] = Math.min(box[1], p[1]);
        box[2] = Math.max(box[2], p[0]); box[3] = Math.max(box[3], p[1]);
      });
      return pts;
    });
    return { a3: c.a3, name: c.name, rings: rings, box: box };
  });

  /* ---- map: equirectangular projection around the incidents' extent */
  var W = 800, H = 460;
  var view = null;
  function fitView(items) {
    var pts = items.filter(function (i) { return i.lat !== null && i.lon !== null; });
    var b = [-170, -58, 190, 80];
    if (pts.length) {
      b = [180, 90, -180, -90];
      pts.forEach(function (i) {
        b[0] = Math.min(b[0], i.lon); b[1] = Math.min(b[1], i.lat);
        b[2] = Math.max(b[2], i.lon); b[3] = Math.max(b[3], i.lat);
      });
      var padX = Math.max(4, (b[2] - b[0]) * 0.25), padY = Math.max(3, (b[3] - b[1]) * 0.25);
      b = [b[0] - padX, b[1] - padY, b[2] + padX, b[3] + padY];
    }
    var midLat = (b[1] + b[3]) / 2;
    var kx = Math.cos(midLat * Math.PI / 180);
    var w = (b[2] - b[0]) * kx, h = b[3] - b[1];
    var s = Math.min(W / w, H / h);
    var cx = (b[0] + b[2]) / 2, cy = midLat;
    view = { box: [cx - W / s / kx / 2, cy - H / s / 2, cx + W / s / kx / 2, cy + H / s / 2],
             project: function (lon, lat) { return [W / 2 + (lon - cx) * kx * s, H / 2 - (lat - cy) * s]; } };
  }
  function drawLand(hitCountries) {
    var map = document.getElementById("map");
    clear(map);
    var g = sv("g", { "class": "countries" });
    var vb = view.box;
    countries.forEach(function (c) {
      if (c.box[2] < vb[0] || c.box[0] > vb[2] || c.box[3] < vb[1] || c.box[1] > vb[3]) return;
      var d = c.rings.map(function (ring) {
        return "M" + ring.map(function (p) {
          var q = view.project(p[0], p[1]); return q[0].toFixed(1) + "," + q[1].toFixed(1);
        }).join("L") + "Z";
      }).join("");
      var path = sv("path", { d: d, "class": hitCountries[c.a3] ? "land hit" : "land" });
      var t = sv("title"); t.textContent = c.name; path.appendChild(t);
      g.appendChild(path);
    });
    map.appendChild(g);
    map.appendChild(sv("g", { id: "points" }));
  }
  function drawPoints(items) {
    var g = document.getElementById("points");
    clear(g);
    var sorted = items.slice().sort(function (a, b) { return b.fatalities - a.fatalities; });
    // Area grows with fatalities relative to the largest shown, capped so one war cannot cover the map.
    var most = sorted.length ? Math.max(1, sorted[0].fatalities || 0) : 1;
    sorted.forEach(function (i) {
      if (i.lat === null || i.lon === null) return;
      var q = view.project(i.lon, i.lat);
      var r = 4 + 22 * Math.sqrt((i.fatalities || 0) / most);
      var c = sv("circle", { cx: q[0].toFixed(1), cy: q[1].toFixed(1), r: r.toFixed(1),
                             "class": i.geo_precision === 3 ? "low" : "", "data-id": i.id });
      var t = sv("title");
      t.textContent = i.type + " - " + i.place + " " + i.date + " (" + i.fatalities + " killed, lowest figure)";
      c.appendChild(t);
      c.addEventListener("click", function () { select(i.id, true); });
      g.appendChild(c);
    });
  }

  /* ---- timeline: incidents per month (per day when the span is short) */
  function drawTimeline(items) {
    var svg = document.getElementById("timeline");
    clear(svg);
    var dated = items.filter(function (i) { return i.date; }).map(function (i) { return i.date; }).sort();
    if (!dated.length) { var t = sv("text", { x: 10, y: 70 }); t.textContent = "no dated incidents"; svg.appendChild(t); return; }
    var first = new Date(dated[0] + "T00:00:00Z"), last = new Date(dated[dated.length - 1] + "T00:00:00Z");
    var byDay = (last - first) / 86400000 <= 90;
    var key = function (d) { return byDay ? d : d.slice(0, 7); };
    var counts = {};
    dated.forEach(function (d) { counts[key(d)] = (counts[key(d)] || 0) + 1; });
    var keys = [];
    var cur = new Date(Date.UTC(first.getUTCFullYear(), byDay ? first.getUTCMonth() : first.getUTCMonth(), byDay ? first.getUTCDate() : 1));
    while (cur <= last && keys.length < 2000) {
      keys.push(key(cur.toISOString().slice(0, 10)));
      if (byDay) cur.setUTCDate(cur.getUTCDate() + 1); else cur.setUTCMonth(cur.getUTCMonth() + 1);
    }
    var max = Math.max.apply(null, keys.map(function (k) { return counts[k] || 0; }));
    var bw = 780 / keys.length;
    keys.forEach(function (k, n) {
      var v = counts[k] || 0;
      if (!v) return;
      var h = 100 * v / max;
      var rect = sv("rect", { "class": "bar", x: (10 + n * bw).toFixed(2), y: (110 - h).toFixed(1),
                              width: Math.max(bw - 1, 1).toFixed(2), height: h.toFixed(1) });
      var t = sv("title"); t.textContent = k + ": " + v + " incident(s)"; rect.appendChild(t);
      svg.appendChild(rect);
    });
    [0, keys.length - 1].forEach(function (n, j) {
      var t = sv("text", { x: j ? 790 : 10, y: 128, "text-anchor": j ? "end" : "start" });
      t.textContent = keys[n]; svg.appendChild(t);
    });
  }

  /* ---- incident cards */
  function figureText(f) {
    var spread = f.low === f.high ? String(f.low) : (f.low === null ? "?" : f.low) + "-" + (f.high === null ? "more" : f.high);
    return f.kind + ": " + spread + (f.best !== null && f.best !== undefined ? " (best " + f.best + ")" : "") + (f.side ? " [" + f.side + "]" : "");
  }
  function row(dl, label, value) {
    if (value === "" || value === null || value === undefined) return;
    dl.appendChild(el("dt", null, label));
    var dd = el("dd");
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = String(value);
    dl.appendChild(dd);
  }
  function card(i) {
    var div = el("article", { "class": "card", id: "card-" + i.id, "data-id": i.id });
    div.appendChild(el("h3", null, i.type + (i.acled ? " \u00b7 " + i.acled : "")));
    var sub = el("div", { "class": "sub" });
    sub.appendChild(el("span", null, (i.date || "undated") + (i.date_end ? " to " + i.date_end : "") + " (" + i.precision + ") \u00b7 " + (i.place || "place unknown") + (i.country_name ? ", " + i.country_name : "")));
    div.appendChild(sub);
    var badges = el("div");
    badges.appendChild(el("span", { "class": "badge" }, "geo precision " + (i.geo_precision || "?")));
    badges.appendChild(el("span", { "class": "badge" }, i.sources.length + " source(s): " + i.languages.join(", ")));
    if (i.contradictions.length) badges.appendChild(el("span", { "class": "badge warn" }, i.contradictions.length + " contradiction(s)"));
    if (i.corrected) badges.appendChild(el("span", { "class": "badge fix" }, "corrected by an analyst"));
    div.appendChild(badges);
    var dl = el("dl");
    row(dl, "Summary", i.summary);
    row(dl, "Actors", i.actors.map(function (a) { return a.role + ": " + a.name + (a.inter ? " (inter " + a.inter + ")" : ""); }).join("; "));
    row(dl, "Figures", i.figures.map(figureText).join("; ") || "none reported");
    row(dl, "Fatalities", i.fatalities + " (lowest reported figure)");
    row(dl, "Contradictions", i.contradictions.map(function (c) { return c.kind + ": " + c.description; }).join("; "));
    var framing = [];
    i.actors.forEach(function (a) { if (a.framing) framing.push(a.framing); });
    i.sources.forEach(function (s) { s.framing.forEach(function (f) { if (framing.indexOf(f) < 0) framing.push(f); }); });
    if (framing.length) row(dl, "Framing", el("span", { "class": "framing" }, framing.join("; ")));
    div.appendChild(dl);
    i.sources.forEach(function (s) {
      var box = el("div", { "class": "src" });
      box.appendChild(el("span", { "class": "lang" }, s.language));
      box.appendChild(el("strong", null, s.outlet || "unknown outlet"));
      box.appendChild(el("span", null, " \u00b7 " + (s.published || "undated") + " \u00b7 " + s.title + (s.status !== "reported" ? " \u00b7 " + s.status : "")));
      var q = el("blockquote");
      q.appendChild(document.createTextNode(s.evidence.before));
      if (s.evidence.trigger) q.appendChild(el("mark", null, s.evidence.trigger));
      q.appendChild(document.createTextNode(s.evidence.after));
      box.appendChild(q);
      if (s.url) box.appendChild(el("div", { "class": "sub" }, s.url));
      div.appendChild(box);
    });
    div.addEventListener("click", function () { select(i.id, false); });
    return div;
  }

  /* ---- filtering and selection */
  var selected = null;
  function select(id, scroll) {
    selected = id;
    Array.prototype.forEach.call(document.querySelectorAll(".sel"), function (n) { n.classList.remove("sel"); });
    Array.prototype.forEach.call(document.querySelectorAll('[data-id="' + CSS.escape(id) + '"]'), function (n) { n.classList.add("sel"); });
    var c = document.getElementById("card-" + id);
    if (scroll && c) c.scrollIntoView({ block: "nearest" });
  }
  function current() {
    var country = document.getElementById("f-country").value;
    var type = document.getElementById("f-type").value;
    var since = document.getElementById("f-since").value;
    var until = document.getElementById("f-until").value;
    return all.filter(function (i) {
      return (!country || i.country === country) && (!type || i.type === type) &&
        (!since || (i.date && i.date >= since)) && (!until || (i.date && i.date <= until));
    });
  }
  function render() {
    var items = current();
    var hit = {};
    items.forEach(function (i) { if (i.country) hit[i.country] = true; });
    fitView(items.length ? items : all);
    drawLand(hit);
    drawPoints(items);
    drawTimeline(items);
    var cards = document.getElementById("cards");
    clear(cards);
    cards.appendChild(el("h2", null, "Incidents"));
    if (!items.length) cards.appendChild(el("p", { "class": "empty" }, "No incident matches these filters."));
    items.forEach(function (i) { cards.appendChild(card(i)); });
    document.getElementById("count").textContent = items.length + " of " + all.length + " incident(s) shown";
    if (selected && byId[selected]) select(selected, false);
  }
  ["f-country", "f-type", "f-since", "f-until"].forEach(function (id) {
    document.getElementById(id).addEventListener("change", render);
  });
  document.getElementById("f-reset").addEventListener("click", function () {
    ["f-country", "f-type", "f-since", "f-until"].forEach(function (id) { document.getElementById(id).value = ""; });
    render();
  });
  render();
})();
