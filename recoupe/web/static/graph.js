// The actor page's network, drawn by Cytoscape.js (served from /static/vendor, installed from
// npm by `make install`). Data: the page's JSON API (data-api), with the page's filters.
// Edge colour = PLOVER type, read from the legend's swatches so the colours live in app.css only;
// width = mentions; dashed = alleged, possible, intended or denied.
(function () {
  "use strict";
  var box = document.getElementById("graph");
  var status = document.getElementById("graph-status");
  if (!box) { return; }
  function say(text) { if (status) { status.textContent = text; } }
  if (typeof window.cytoscape !== "function") {
    say("The graph library is not installed (run `make install`); the table below lists the events.");
    box.classList.add("unavailable");
    return;
  }
  var colours = {};
  document.querySelectorAll(".swatch[data-type]").forEach(function (swatch) {
    colours[swatch.getAttribute("data-type")] = window.getComputedStyle(swatch).backgroundColor;
  });

  fetch(box.getAttribute("data-api"), { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error("the API answered " + response.status); }
      return response.json();
    })
    .then(function (data) {
      if (!data.edges.length) {
        say("No event with another actor under these filters.");
        box.classList.add("unavailable");
        return;
      }
      var most = Math.max.apply(null, data.edges.map(function (e) { return e.mentions; }));
      // the focus in the middle, its twelve most connected neighbours around it, the others outside
      var elements = data.nodes.map(function (n, rank) {
        return { data: { id: n.id, label: n.label, mentions: n.mentions, level: n.focus ? 3 : (rank <= 12 ? 2 : 1) },
                 classes: n.focus ? "focus" : "" };
      }).concat(data.edges.map(function (e, i) {
        return {
          data: {
            id: "edge" + i, source: e.source, target: e.target, type: e.type, mentions: e.mentions,
            colour: colours[e.type] || "#888888", width: 1.5 + 8 * e.mentions / most
          },
          classes: e.firm ? "firm" : "doubtful"
        };
      }));
      var cy = window.cytoscape({
        container: box,
        elements: elements,
        minZoom: 0.2,
        maxZoom: 1.4,  // a graph of three actors is not blown up to fill the box
        layout: { name: "concentric", animate: false, padding: 40, minNodeSpacing: 70,
                  concentric: function (node) { return node.data("level"); }, levelWidth: function () { return 1; } },
        style: [
          { selector: "node", style: {
              "label": "data(label)", "font-size": 11, "color": "#1f2933", "text-valign": "bottom",
              "text-margin-y": 4, "background-color": "#52606d", "width": 18, "height": 18,
              "text-background-color": "#ffffff", "text-background-opacity": 0.8, "text-background-padding": 2 } },
          { selector: "node.focus", style: { "background-color": "#1c4f8f", "width": 30, "height": 30,
              "font-weight": "bold", "font-size": 13 } },
          { selector: "edge", style: {
              "width": "data(width)", "line-color": "data(colour)", "target-arrow-color": "data(colour)",
              "target-arrow-shape": "triangle", "curve-style": "bezier", "arrow-scale": 0.9, "opacity": 0.85 } },
          { selector: "edge.doubtful", style: { "line-style": "dashed", "opacity": 0.7 } },
          { selector: "edge:selected", style: { "label": "data(type)", "font-size": 10, "opacity": 1 } }
        ]
      });
      cy.on("tap", "node", function (event) {
        var id = event.target.id();
        if (id !== box.getAttribute("data-focus")) {
          window.location.href = "/actors/" + encodeURIComponent(id);
        }
      });
      say(data.events + " events · " + data.nodes.length + " actors · " + data.edges.length + " edges" +
          (data.truncated ? " (the most connected actors and heaviest edges only)" : ""));
      box.setAttribute("data-ready", "true");
    })
    .catch(function (error) {
      say("The network could not be loaded: " + error.message);
      box.classList.add("unavailable");
    });
})();
