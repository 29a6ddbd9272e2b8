// Draws the dashboard's charts from the JSON in #dashboard-charts with plotly (served from
// our own origin). Each chart repeats the table beside it, which holds the same numbers.
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("dashboard-charts");
    if (!source || typeof window.Plotly === "undefined") { return; }
    var charts = JSON.parse(source.textContent || "[]");
    charts.forEach(function (chart) {
      var place = document.querySelector('[data-chart="' + chart.id + '"]');
      if (!place) { return; }
      var traces = chart.series.map(function (series) {
        return { type: "bar", orientation: "h", name: series.name,
                 y: chart.labels, x: series.values, hoverinfo: "x+name" };
      });
      var height = Math.max(160, 40 + 28 * chart.labels.length * Math.max(1, traces.length));
      window.Plotly.newPlot(place, traces, {
        barmode: "group", height: height, margin: { l: 220, r: 10, t: 10, b: 30 },
        showlegend: traces.length > 1, font: { family: "Arial, sans-serif", size: 13,
                                                 color: "#0b0c0c" },
        yaxis: { automargin: true, autorange: "reversed" },
        xaxis: { rangemode: "tozero", tickformat: "d" }
      }, { displayModeBar: false, responsive: true, staticPlot: false });
      place.setAttribute("data-drawn", "true");
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else { draw(); }
}());
