/* eventcoder web app: talks only to /api/. Untrusted text is only ever set with textContent or text nodes. */
"use strict";
(function () {
  var view = document.getElementById("view");

  /* ---------------------------------------------------------------- helpers */
  function el(tag, attrs, children) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") n.textContent = attrs[k];
      else if (k.slice(0, 2) === "on") n.addEventListener(k.slice(2), attrs[k]);
      else n.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c !== null && c !== undefined) n.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return n;
  }
  function clear(n) { while (n.firstChild) n.removeChild(n.firstChild); }
  function token() { return sessionStorage.getItem("eventcoder-token") || ""; }
  function api(path, opts) {
    opts = opts || {};
    var headers = opts.headers || {};
    if (token()) headers["Authorization"] = "Bearer " + token();
    if (opts.json !== undefined) { headers["Content-Type"] = "application/json"; opts.body = JSON.stringify(opts.json); }
    return fetch(path, { method: opts.method || "GET", headers: headers, body: opts.body }).then(function (r) {
      return r.text().then(function (t) {
        var data = null;
        try { data = t ? JSON.parse(t) : null; } catch (e) { data = t; }
        if (!r.ok) {
          var err = data && data.error ? data.error : { code: "E" + r.status, message: String(t).slice(0, 200) };
          throw new Error(err.code + ": " + err.message);
        }
        return { status: r.status, data: data };
      });
    });
  }
  function msg(box, ok, text) { clear(box); box.appendChild(el("div", { "class": "msg " + (ok ? "ok" : "err"), text: text })); }
  function flags(rec) {
    var out = [];
    if (rec.corrected) out.push(el("span", { "class": "flag", title: rec.corrections.length + " correction(s)", text: "corrected" }));
    if (rec.wrong) out.push(el("span", { "class": "flag wrong", text: "marked wrong" }));
    return out;
  }
  function placeText(p) { return p ? p.name + (p.country ? " (" + p.country + ")" : "") : "—"; }
  function dateText(d) { return d && d.start ? d.start + (d.end ? " – " + d.end : "") : "undated"; }
  function figuresText(figs) {
    return figs.length ? figs.map(function (f) {
      var best = f.best !== undefined ? f.best : null;
      return f.kind + ": " + (best !== null ? best : (f.low === f.high ? f.low : (f.low + "–" + (f.high === null ? "?" : f.high))));
    }).join(", ") : "—";
  }
  function facts(pairs) {
    var dl = el("dl", { "class": "facts" });
    pairs.forEach(function (p) { dl.appendChild(el("dt", { text: p[0] })); dl.appendChild(el("dd", p[2] ? { id: p[2] } : {}, [p[1]])); });
    return dl;
  }

  /* ---------------------------------------------------------------- token box */
  var tokenInput = document.getElementById("token");
  function showTokenState() { document.getElementById("token-state").textContent = token() ? "token set" : "read only"; }
  document.getElementById("token-form").addEventListener("submit", function (e) {
    e.preventDefault();
    if (tokenInput.value) sessionStorage.setItem("eventcoder-token", tokenInput.value); else sessionStorage.removeItem("eventcoder-token");
    tokenInput.value = "";
    showTokenState();
  });
  showTokenState();

  /* ---------------------------------------------------------------- incident list */
  function incidentsPage(params) {
    clear(view);
    var filters = el("form", { "class": "filters", id: "filters" }, [
      el("input", { name: "country", placeholder: "country (ARM)", size: "10", value: params.get("country") || "" }),
      el("input", { name: "type", placeholder: "type (ASSAULT)", size: "12", value: params.get("type") || "" }),
      el("input", { name: "actor", placeholder: "actor", size: "12", value: params.get("actor") || "" }),
      el("input", { name: "since", type: "date", value: params.get("since") || "" }),
      el("input", { name: "until", type: "date", value: params.get("until") || "" }),
      el("input", { name: "language", placeholder: "language", size: "6", value: params.get("language") || "" }),
      el("button", { type: "submit", text: "Filter" })
    ]);
    filters.addEventListener("submit", function (e) {
      e.preventDefault();
      var q = new URLSearchParams();
      Array.prototype.forEach.call(filters.elements, function (i) { if (i.name && i.value) q.set(i.name, i.value); });
      location.hash = "#/?" + q.toString();
    });
    var svgMap = document.createElementNS("http://www.w3.org/2000/svg", "svg"); svgMap.setAttribute("class", "map"); svgMap.id = "map";
    var svgTime = document.createElementNS("http://www.w3.org/2000/svg", "svg"); svgTime.setAttribute("class", "timeline"); svgTime.id = "timeline";
    var table = el("table", { id: "incidents" }, [el("thead", {}, [el("tr", {}, ["Date", "Type", "Place", "Figures", "Reports", "Languages"].map(function (h) { return el("th", { text: h }); }))])]);
    var tbody = el("tbody"); table.appendChild(tbody);
    var more = el("button", { id: "more", "class": "hidden", text: "More" });
    view.appendChild(el("h1", { text: "Incidents" }));
    view.appendChild(filters);
    view.appendChild(el("div", { "class": "grid" }, [
      el("div", { "class": "panel" }, [svgMap, svgTime]),
      el("div", { "class": "panel" }, [uploadBox()])
    ]));
    view.appendChild(el("h2", { text: "List" }));
    view.appendChild(table); view.appendChild(more);
    var q = new URLSearchParams(params); q.delete("cursor");
    var points = [];
    function load(cursor) {
      var page = new URLSearchParams(q); page.set("limit", "100"); if (cursor) page.set("cursor", cursor);
      return api("/api/incidents?" + page.toString()).then(function (r) {
        r.data.items.forEach(function (i) {
          var link = el("a", { href: "#/incident/" + encodeURIComponent(i.id), "data-incident": i.id, text: i.event_type });
          tbody.appendChild(el("tr", {}, [
            el("td", { text: dateText(i.date) }), el("td", {}, [link].concat(flags(i))), el("td", { text: placeText(i.place) }),
            el("td", { text: figuresText(i.figures) }), el("td", { text: String(i.report_ids.length) }), el("td", { text: i.languages.join(", ") })
          ]));
          if (i.place) points.push({ id: i.id, lat: i.place.latitude, lon: i.place.longitude, weight: i.report_ids.length, label: i.event_type + " — " + placeText(i.place) + " — " + dateText(i.date) });
        });
        ecCharts.map(svgMap, points, function (id) { location.hash = "#/incident/" + encodeURIComponent(id); });
        more.classList.toggle("hidden", !r.data.next_cursor);
        more.onclick = function () { load(r.data.next_cursor); };
      });
    }
    load(null).catch(function (e) { msg(view, false, e.message); });
    api("/api/timeline?" + q.toString()).then(function (r) {
      ecCharts.timeline(svgTime, r.data.days.map(function (d) { return { date: d.date, count: d.incidents.length }; }));
    });
  }

  /* ---------------------------------------------------------------- upload */
  function uploadBox() {
    var result = el("div", { id: "upload-result" });
    var form = el("form", { id: "upload" }, [
      el("h2", { text: "Add an article" }),
      el("input", { id: "upload-title", "class": "wide", placeholder: "title" }),
      el("div", {}, [el("input", { id: "upload-date", type: "date" }), " ", el("input", { id: "upload-source", placeholder: "source" })]),
      el("textarea", { id: "upload-text", placeholder: "article text (or choose a file below)" }),
      el("input", { id: "upload-file", type: "file", accept: ".txt,.md,.html,.htm,.json,.jsonl,.csv,.xml,.rss,.atom,.gz" }),
      el("button", { id: "upload-submit", type: "submit", text: "Process" }),
      result
    ]);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var file = document.getElementById("upload-file").files[0];
      var req;
      if (file) {
        req = api("/api/articles?filename=" + encodeURIComponent(file.name), { method: "POST", body: file, headers: { "Content-Type": "application/octet-stream" } });
      } else {
        var body = { text: document.getElementById("upload-text").value };
        ["title", "date", "source"].forEach(function (k) { var v = document.getElementById("upload-" + k).value; if (v) body[k] = v; });
        req = api("/api/articles", { method: "POST", json: body });
      }
      msg(result, true, "processing…");
      req.then(function (r) { return r.status === 202 ? pollJob(r.data.job_id, result) : r.data; })
        .then(function (data) { showUpload(result, data); })
        .catch(function (err) { msg(result, false, err.message); });
    });
    return form;
  }
  function pollJob(id, box) {
    return new Promise(function (resolve, reject) {
      (function tick() {
        api("/api/jobs/" + encodeURIComponent(id)).then(function (r) {
          var j = r.data;
          if (j.status === "finished") return resolve(j.result);
          if (j.status === "failed") return reject(new Error(j.error.code + ": " + j.error.message));
          msg(box, true, "job " + j.status + (j.phase ? " (" + j.phase + " " + j.done + (j.total ? "/" + j.total : "") + ")" : ""));
          setTimeout(tick, 500);
        }, reject);
      })();
    });
  }
  function showUpload(box, data) {
    clear(box);
    var list = el("ul", { id: "upload-summary" });
    data.articles.forEach(function (a) { list.appendChild(el("li", { "data-article": a.id, text: "created article " + a.id + " (" + a.language + ")" })); });
    data.skipped.forEach(function (s) { list.appendChild(el("li", { text: "skipped " + s.origin + ": " + s.reason + (s.detail ? " — " + s.detail : "") })); });
    data.incidents.forEach(function (i) {
      list.appendChild(el("li", {}, [i.status + " incident ", el("a", { href: "#/incident/" + encodeURIComponent(i.id), text: i.id }), " (" + i.event_type + ")"]));
    });
    box.appendChild(el("div", { "class": "msg ok", text: data.articles.length + " article(s) created, " + data.events.length + " event(s), " + data.incidents.length + " incident(s)" }));
    box.appendChild(list);
  }

  /* ---------------------------------------------------------------- incident page */
  function highlighted(text, marks) {
    /* marks: [{start, end, cls}] non-overlapping after sorting; built with text nodes only */
    var box = el("div", { "class": "article-text" });
    var pos = 0;
    marks.slice().sort(function (a, b) { return a.start - b.start; }).forEach(function (m) {
      if (m.start < pos || m.end > text.length) return;
      box.appendChild(document.createTextNode(text.slice(pos, m.start)));
      var mk = el("mark", { "class": m.cls || "" });
      if (m.trigger && m.trigger.start >= m.start && m.trigger.end <= m.end) {
        mk.appendChild(document.createTextNode(text.slice(m.start, m.trigger.start)));
        mk.appendChild(el("mark", { "class": "trigger", text: text.slice(m.trigger.start, m.trigger.end) }));
        mk.appendChild(document.createTextNode(text.slice(m.trigger.end, m.end)));
      } else mk.textContent = text.slice(m.start, m.end);
      box.appendChild(mk);
      pos = m.end;
    });
    box.appendChild(document.createTextNode(text.slice(pos)));
    return box;
  }
  function correctionForm(id, title, fields, build, target) {
    var form = el("form", { "class": "correction", id: id });
    form.appendChild(el("strong", { text: title })); form.appendChild(el("span"));
    fields.forEach(function (f) {
      form.appendChild(el("label", { "for": id + "-" + f[0], text: f[1] }));
      form.appendChild(f[2] === "select" ? el("select", { id: id + "-" + f[0], name: f[0] }, f[3].map(function (o) { return el("option", { value: o, text: o }); }))
        : el("input", { id: id + "-" + f[0], name: f[0], type: f[2] || "text", step: "any" }));
    });
    form.appendChild(el("label", { "for": id + "-reason", text: "Why" }));
    form.appendChild(el("input", { id: id + "-reason", name: "reason" }));
    var box = el("div", { id: id + "-msg" });
    form.appendChild(el("button", { type: "submit", text: "Save correction" }));
    form.appendChild(el("span")); form.appendChild(box);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var v = {};
      Array.prototype.forEach.call(form.elements, function (i) { if (i.name && i.name !== "reason" && i.value !== "") v[i.name] = i.type === "number" ? Number(i.value) : i.value; });
      var req = build(v, form.elements.reason.value);
      api(req.path, { method: "POST", json: req.body }).then(function () { msg(box, true, "saved"); setTimeout(route, 300); })
        .catch(function (err) { msg(box, false, err.message); });
    });
    return form;
  }
  function incidentPage(id) {
    clear(view);
    api("/api/incidents/" + encodeURIComponent(id)).then(function (r) {
      var i = r.data;
      view.appendChild(el("h1", { id: "incident-title" }, [i.event_type + " — " + placeText(i.place) + " — " + dateText(i.date)].concat(flags(i))));
      if (i.merged_into) view.appendChild(el("p", {}, ["Merged into ", el("a", { href: "#/incident/" + encodeURIComponent(i.merged_into), text: i.merged_into })]));
      view.appendChild(facts([
        ["Id", i.id], ["Place", placeText(i.place), "incident-place"], ["Date", dateText(i.date)], ["Figures", figuresText(i.figures), "incident-figures"],
        ["Actors", i.actors.map(function (a) { return a.role + ": " + a.name; }).join("; ") || "—"],
        ["Sources", i.sources.join(", ") || "—"], ["Summary", i.summary || "—"]
      ]));
      if (i.contradictions.length) {
        view.appendChild(el("h2", { text: "Contradictions" }));
        view.appendChild(el("ul", {}, i.contradictions.map(function (c) { return el("li", { text: c.kind + ": " + c.description }); })));
      }
      if (i.corrections.length) {
        view.appendChild(el("h2", { text: "Corrections" }));
        view.appendChild(el("ul", { id: "corrections" }, i.corrections.map(function (c) {
          var li = el("li", { text: c.action + " by " + c.author + " (" + c.created_at.slice(0, 16) + ")" + (c.reason ? ": " + c.reason : "") + " " });
          li.appendChild(el("button", { type: "button", text: "withdraw", onclick: function () {
            api("/api/corrections/" + encodeURIComponent(c.id), { method: "DELETE" }).then(route, function (e) { alert(e.message); });
          } }));
          return li;
        })));
      }
      view.appendChild(el("h2", { text: "Sources and evidence" }));
      var byArticle = {};
      i.reports.forEach(function (rep) { (byArticle[rep.article_id] = byArticle[rep.article_id] || []).push(rep); });
      i.articles.forEach(function (a) {
        var sec = el("section", { "class": "panel", "data-article": a.id });
        sec.appendChild(el("h3", { text: (a.title || a.id) + " — " + (a.source || "?") + ", " + (a.published || "undated") + " [" + a.language + "]" }));
        (byArticle[a.id] || []).forEach(function (rep) {
          var p = el("p", { "class": "muted" }, [rep.event_type + " · " + placeText(rep.place) + " · " + figuresText(rep.figures)].concat(flags(rep)));
          p.appendChild(el("button", { type: "button", text: rep.wrong ? "marked wrong" : "mark report wrong", onclick: function () {
            api("/api/events/" + encodeURIComponent(rep.id) + "/corrections", { method: "POST", json: { action: "mark_wrong" } }).then(route, function (e) { alert(e.message); });
          } }));
          sec.appendChild(p);
        });
        view.appendChild(sec);
        api("/api/articles/" + encodeURIComponent(a.id)).then(function (ar) {
          var marks = (byArticle[a.id] || []).map(function (rep) { return { start: rep.evidence.start, end: rep.evidence.end, trigger: rep.evidence.trigger }; });
          sec.appendChild(highlighted(ar.data.text, marks));
        });
      });
      if (i.history.length) {
        view.appendChild(el("h2", { text: "History" }));
        view.appendChild(el("ul", {}, i.history.map(function (h) { return el("li", { text: h.at.slice(0, 16) + " " + h.action + " by " + h.by + (h.related_ids.length ? " (" + h.related_ids.join(", ") + ")" : "") }); })));
      }
      view.appendChild(el("h2", { text: "Correct this incident" }));
      var target = "/api/incidents/" + encodeURIComponent(i.id);
      view.appendChild(correctionForm("fix-place", "Place", [["name", "Name"], ["country", "Country (ISO3)"], ["latitude", "Latitude", "number"], ["longitude", "Longitude", "number"]],
        function (v, reason) { return { path: target + "/corrections", body: { action: "set_place", value: v, reason: reason } }; }));
      view.appendChild(correctionForm("fix-type", "Event type", [["event_type", "PLOVER type"]],
        function (v, reason) { return { path: target + "/corrections", body: { action: "set_type", value: v, reason: reason } }; }));
      view.appendChild(correctionForm("fix-date", "Date", [["start", "Start", "date"], ["end", "End", "date"]],
        function (v, reason) { return { path: target + "/corrections", body: { action: "set_date", value: v, reason: reason } }; }));
      view.appendChild(correctionForm("fix-figures", "Killed", [["low", "Low", "number"], ["best", "Best", "number"], ["high", "High", "number"]],
        function (v, reason) { v.kind = "killed"; ["low", "best", "high"].forEach(function (k) { if (!(k in v)) v[k] = null; });
          return { path: target + "/corrections", body: { action: "set_figures", value: { figures: [v] }, reason: reason } }; }));
      view.appendChild(correctionForm("fix-actors", "Actors", [["source", "Source actor"], ["target", "Target actor"]],
        function (v, reason) { var actors = []; if (v.source) actors.push({ role: "source", name: v.source }); if (v.target) actors.push({ role: "target", name: v.target });
          return { path: target + "/corrections", body: { action: "set_actors", value: { actors: actors }, reason: reason } }; }));
      view.appendChild(correctionForm("fix-merge", "Merge in", [["other", "Other incident id"]],
        function (v, reason) { return { path: "/api/incidents/merge", body: { incident_ids: [i.id, v.other], reason: reason } }; }));
      view.appendChild(correctionForm("fix-split", "Split off", [["reports", "Report ids (comma)"]],
        function (v, reason) { return { path: target + "/split", body: { report_ids: (v.reports || "").split(",").map(function (s) { return s.trim(); }).filter(Boolean), reason: reason } }; }));
      view.appendChild(correctionForm("fix-wrong", "Not an event", [],
        function (v, reason) { return { path: target + "/corrections", body: { action: "mark_wrong", reason: reason } }; }));
    }).catch(function (e) { msg(view, false, e.message); });
  }

  /* ---------------------------------------------------------------- entities */
  function entitiesPage(params) {
    clear(view);
    view.appendChild(el("h1", { text: "Entities" }));
    var form = el("form", { "class": "filters" }, [el("input", { name: "q", placeholder: "name or alias", value: params.get("q") || "" }), el("button", { type: "submit", text: "Search" })]);
    form.addEventListener("submit", function (e) { e.preventDefault(); location.hash = "#/entities?q=" + encodeURIComponent(form.elements.q.value); });
    view.appendChild(form);
    var tbody = el("tbody");
    view.appendChild(el("table", { id: "entities" }, [el("thead", {}, [el("tr", {}, ["Id", "Name", "Kind", "Country", "Aliases"].map(function (h) { return el("th", { text: h }); }))]), tbody]));
    var q = params.get("q") ? "&q=" + encodeURIComponent(params.get("q")) : "";
    api("/api/entities?limit=200" + q).then(function (r) {
      r.data.items.forEach(function (e) {
        var aliases = Object.keys(e.aliases).map(function (l) { return l + ": " + e.aliases[l].join(", "); }).join("; ");
        tbody.appendChild(el("tr", {}, [el("td", {}, [el("a", { href: "#/entity/" + encodeURIComponent(e.id), text: e.id })]), el("td", { text: e.name }),
          el("td", { text: e.kind }), el("td", { text: e.country || "" }), el("td", { text: aliases })]));
      });
    }).catch(function (e) { msg(view, false, e.message); });
  }
  function entityPage(id) {
    clear(view);
    api("/api/entities/" + encodeURIComponent(id)).then(function (r) {
      var e = r.data;
      view.appendChild(el("h1", { text: e.name + " (" + e.kind + ")" }));
      view.appendChild(facts([["Id", e.id], ["Country", e.country || "—"], ["External ids", JSON.stringify(e.external_ids)],
        ["Aliases", Object.keys(e.aliases).map(function (l) { return l + ": " + e.aliases[l].join(", "); }).join("; ") || "—"]]));
      view.appendChild(el("h2", { text: "Incidents" }));
      view.appendChild(el("ul", {}, e.incidents.map(function (i) { return el("li", {}, [el("a", { href: "#/incident/" + encodeURIComponent(i.id), text: i.event_type + " — " + dateText(i.date) + " — " + placeText(i.place) })].concat(flags(i))); })));
      view.appendChild(el("h2", { text: "Claims" }));
      view.appendChild(el("ul", {}, e.claims.map(function (c) { return el("li", { text: (c.speaker || "?") + " (" + c.kind + "): " + c.content }); })));
      view.appendChild(el("h2", { text: "Articles" }));
      view.appendChild(el("ul", {}, e.articles.map(function (a) { return el("li", { text: (a.title || a.id) + " — " + (a.source || "?") + " " + (a.published || "") }); })));
    }).catch(function (err) { msg(view, false, err.message); });
  }

  /* ---------------------------------------------------------------- router */
  function route() {
    var h = location.hash.replace(/^#/, "") || "/";
    var parts = h.split("?"), path = parts[0], params = new URLSearchParams(parts[1] || "");
    if (path.indexOf("/incident/") === 0) incidentPage(decodeURIComponent(path.slice(10)));
    else if (path.indexOf("/entity/") === 0) entityPage(decodeURIComponent(path.slice(8)));
    else if (path === "/entities") entitiesPage(params);
    else incidentsPage(params);
  }
  window.addEventListener("hashchange", route);
  route();
})();
