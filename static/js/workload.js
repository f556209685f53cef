// Draw the workload charts from the figures and words the page embeds.
(function () {
  "use strict";
  var source = document.getElementById("workload-data");
  var words = document.getElementById("workload-words");
  if (!source || !words || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var labels = JSON.parse(words.textContent);

  function draw(id, rows) {
    var canvas = document.getElementById(id);
    if (!canvas) return;
    // The box's height follows the number of bars; set here, as the policy allows no style="".
    var box = canvas.parentElement;
    box.style.height = box.getAttribute("data-height") + "px";
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: rows.map(function (r) { return r.name; }),
        datasets: [
          { label: labels.load, data: rows.map(function (r) { return r.load; }), backgroundColor: "#0b4a8f" },
          { label: labels.capacity, data: rows.map(function (r) { return r.capacity; }), backgroundColor: "#c9d6e8" }
        ]
      },
      options: { indexAxis: "y", maintainAspectRatio: false, responsive: true }
    });
  }

  draw("studio-chart", data.studios);
  draw("mediator-chart", data.mediators.slice(0, 40));
})();
