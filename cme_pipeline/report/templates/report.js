// Draws every chart from its inlined Vega-Lite spec, and filters the page by service line and committee.
(function () {
  "use strict";
  var specs = JSON.parse(document.getElementById("chart-specs").textContent);
  var pending = [];
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var spec = specs[element.dataset.chart];
    pending.push(
      vegaEmbed(element, spec, { renderer: "svg", actions: false }).then(function () {
        element.dataset.drawn = "true";
      })
    );
  });
  Promise.all(pending).then(function () {
    document.body.dataset.chartsDrawn = String(pending.length);
  });

  var lineSelect = document.getElementById("filter-service-line");
  var committeeSelect = document.getElementById("filter-committee");
  var status = document.getElementById("filter-status");

  function matches(element, attribute, wanted) {
    if (!wanted) return true;
    return (element.getAttribute(attribute) || "").split("|").indexOf(wanted) >= 0;
  }

  function applyFilters() {
    var line = lineSelect.value;
    var committee = committeeSelect.value;
    var shown = 0;
    document.querySelectorAll("article.need, article.activity, table.glance tbody tr").forEach(function (element) {
      var visible = matches(element, "data-service-line", line) && matches(element, "data-committee", committee);
      element.hidden = !visible;
      if (visible && element.classList.contains("need")) shown += 1;
    });
    status.textContent = line || committee ? shown + " needs shown" : "";
  }

  lineSelect.addEventListener("change", applyFilters);
  committeeSelect.addEventListener("change", applyFilters);
})();
