// Draw the dashboard's charts from the figures the page embeds.
(function () {
  "use strict";
  var source = document.getElementById("report-data");
  if (!source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var blue = "#0b4a8f", green = "#2e8540";

  function bars(id, labels, series, horizontal) {
    var canvas = document.getElementById(id);
    if (!canvas) return;
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: labels,
        datasets: series.map(function (s) {
          return { label: s.label, data: s.data, backgroundColor: s.color };
        })
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        plugins: { legend: { position: "bottom" } },
        scales: { y: { beginAtZero: true } }
      }
    });
  }

  bars("chart-monthly", data.months, [
    { label: data.labels.filed, data: data.filed, color: blue },
    { label: data.labels.settled, data: data.settled, color: green }
  ]);
  bars("chart-category", data.category, [
    { label: data.labels.accepted, data: data.category_accepted, color: blue },
    { label: data.labels.settled, data: data.category_settled, color: green }
  ], true);
  bars("chart-township", data.township, [
    { label: data.labels.accepted, data: data.township_accepted, color: blue },
    { label: data.labels.settled, data: data.township_settled, color: green }
  ]);
})();
