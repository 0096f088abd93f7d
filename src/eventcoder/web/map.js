/* Map and timeline drawn as SVG, offline: country outlines from /assets/countries.json (the report's
   Natural Earth data, delta-encoded rings x scale), points at the incidents' coordinates. */
"use strict";
var ecCharts = (function () {
  var NS = "http://www.w3.org/2000/svg";
  var shapes = null;
  function sv(tag, attrs) {
    var n = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    return n;
  }
  function loadShapes() {
    if (shapes) return Promise.resolve(shapes);
    return fetch("/assets/countries.json").then(function (r) { return r.ok ? r.json() : { scale: 1, countries: [] }; })
      .then(function (data) {
        shapes = data.countries.map(function (c) {
          return c.rings.map(function (flat) {
            var pts = [], x = flat[0], y = flat[1];
            pts.push([x / data.scale, y / data.scale]);
            for (var k = 2; k < flat.length; k += 2) { x += flat[k]; y += flat[k + 1]; pts.push([x / data.scale, y / data.scale]); }
            return pts;
          });
        });
        return shapes;
      }).catch(function () { shapes = []; return shapes; });
  }
  function map(svg, points, onClick) {
    var W = 800, H = 440;
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var located = points.filter(function (p) { return p.lat !== null && p.lon !== null && p.lat !== undefined; });
    var b = [-170, -58, 190, 80];
    if (located.length) {
      b = [180, 90, -180, -90];
      located.forEach(function (p) { b = [Math.min(b[0], p.lon), Math.min(b[1], p.lat), Math.max(b[2], p.lon), Math.max(b[3], p.lat)]; });
      var px = Math.max(4, (b[2] - b[0]) * 0.25), py = Math.max(3, (b[3] - b[1]) * 0.25);
      b = [b[0] - px, b[1] - py, b[2] + px, b[3] + py];
    }
    var midLat = (b[1] + b[3]) / 2, kx = Math.cos(midLat * Math.PI / 180);
    var s = Math.min(W / ((b[2] - b[0]) * kx), H / (b[3] - b[1])), cx = (b[0] + b[2]) / 2;
    function project(lon, lat) { return [W / 2 + (lon - cx) * kx * s, H / 2 - (lat - midLat) * s]; }
    return loadShapes().then(function (rings) {
      rings.forEach(function (country) {
        var d = country.map(function (ring) {
          return "M" + ring.map(function (p) { var q = project(p[0], p[1]); return q[0].toFixed(1) + "," + q[1].toFixed(1); }).join("L") + "Z";
        }).join("");
        svg.appendChild(sv("path", { d: d }));
      });
      located.forEach(function (p) {
        var q = project(p.lon, p.lat);
        var c = sv("circle", { cx: q[0].toFixed(1), cy: q[1].toFixed(1), r: String(5 + Math.min(10, Math.sqrt(p.weight || 1) * 2)), "data-id": p.id });
        var title = sv("title"); title.textContent = p.label; c.appendChild(title);
        c.addEventListener("click", function () { onClick(p.id); });
        svg.appendChild(c);
      });
    });
  }
  function timeline(svg, days) {
    var W = 800, H = 90;
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    if (!days.length) return;
    var max = Math.max.apply(null, days.map(function (d) { return d.count; }));
    var bw = Math.max(2, Math.min(40, (W - 20) / days.length - 2));
    days.forEach(function (d, n) {
      var h = Math.max(2, (H - 25) * d.count / max), x = 10 + n * (bw + 2);
      var r = sv("rect", { x: x, y: H - 18 - h, width: bw, height: h, "data-date": d.date });
      var t = sv("title"); t.textContent = d.date + ": " + d.count + " incident(s)"; r.appendChild(t);
      svg.appendChild(r);
    });
    [0, days.length - 1].forEach(function (n, j) {
      var label = sv("text", { x: j ? W - 10 : 10, y: H - 4, "text-anchor": j ? "end" : "start" });
      label.textContent = days[n].date; svg.appendChild(label);
    });
  }
  return { map: map, timeline: timeline };
})();
