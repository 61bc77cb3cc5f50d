// The comparison grid: a cell shows the sentence its outlet wrote when clicked (or with
// Enter/Space, it is a button); "Show all sentences" opens every cell. Without this script
// every sentence is shown, and printing always shows them (app.css).
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setOpen(cell, open) {
    cell.classList.toggle("open", open);
    var button = cell.querySelector(".cellbtn");
    if (button) { button.setAttribute("aria-expanded", open ? "true" : "false"); }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".cellbtn");
    if (!button) { return; }
    var cell = button.closest("td.cell");
    setOpen(cell, !cell.classList.contains("open"));
  });

  var all = document.getElementById("show-all");
  if (all) {
    all.addEventListener("click", function () {
      var open = all.getAttribute("aria-pressed") !== "true";
      all.setAttribute("aria-pressed", open ? "true" : "false");
      all.textContent = open ? "Hide all sentences" : "Show all sentences";
      document.querySelectorAll("td.cell:not(.f-absent)").forEach(function (cell) { setOpen(cell, open); });
    });
  }
})();
