/* recoupe report: filter stories, open the one a link points at. Inlined by recoupe/report/html.py. */
(function () {
  "use strict";
  var box = document.getElementById("filter");
  var onlyContested = document.getElementById("only-contested");
  var counter = document.getElementById("shown");
  var stories = Array.prototype.slice.call(document.querySelectorAll("details.story"));
  var rows = {};
  Array.prototype.forEach.call(document.querySelectorAll("tr[data-target]"), function (row) {
    rows[row.getAttribute("data-target")] = row;
  });

  function apply() {
    var terms = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    var contestedOnly = onlyContested.checked;
    var shown = 0;
    stories.forEach(function (story) {
      var text = story.getAttribute("data-search") || "";
      var ok = (!contestedOnly || story.classList.contains("contested")) &&
        terms.every(function (term) { return text.indexOf(term) !== -1; });
      story.hidden = !ok;
      if (rows[story.id]) { rows[story.id].hidden = !ok; }
      if (ok) { shown += 1; }
    });
    counter.textContent = shown + " / " + stories.length;
  }

  function setAll(open) {
    stories.forEach(function (story) { if (!story.hidden) { story.open = open; } });
  }

  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    if (target && target.tagName === "DETAILS") { target.open = true; }
  }

  // The controls are useless without this script: they stay hidden when it does not run.
  document.getElementById("controls").hidden = false;
  box.addEventListener("input", apply);
  onlyContested.addEventListener("change", apply);
  document.getElementById("expand").addEventListener("click", function () { setAll(true); });
  document.getElementById("collapse").addEventListener("click", function () { setAll(false); });
  window.addEventListener("hashchange", openTarget);
  openTarget();
  apply();
})();
