// Progressive enhancement only: every page works without this file.
// On the attendance page, a box that filters the heatmap's rows by name.
(function () {
  "use strict";
  var table = document.getElementById("heatmap");
  if (!table) { return; }
  var label = document.createElement("label");
  label.className = "filter-rows";
  label.textContent = "Filtrera rader: ";
  var input = document.createElement("input");
  input.type = "search";
  input.id = "filter-rows";
  label.appendChild(input);
  table.parentNode.parentNode.insertBefore(label, table.parentNode);
  input.addEventListener("input", function () {
    var q = input.value.trim().toLowerCase();
    var rows = table.tBodies[0].rows;
    for (var i = 0; i < rows.length; i++) {
      var key = rows[i].getAttribute("data-key");
      if (key === null) { continue; }
      rows[i].hidden = q !== "" && key.toLowerCase().indexOf(q) < 0;
    }
  });
})();
