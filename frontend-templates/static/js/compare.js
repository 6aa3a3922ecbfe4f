// The compare page's charts, from COMPARE (CompareView.chart): mean ± std of fold F2 per experiment as a point with an
// error bar (folds as crosses) on the server's zoomed axis, and the mean validation-F2 curves, one line each.
(function () {
  if (typeof COMPARE === 'undefined' || !COMPARE.experiments || COMPARE.experiments.length === 0) return;

  // Draws each dataset's errorBar {x, lo, hi} as a vertical line with caps, in the dataset's colour.
  const errorBars = {
    id: 'errorBars',
    afterDatasetsDraw(chart) {
      const { ctx, scales: { x, y } } = chart;
      chart.data.datasets.forEach((ds, i) => {
        if (!ds.errorBar || !chart.isDatasetVisible(i)) return;
        const px = x.getPixelForValue(ds.errorBar.x);
        const top = y.getPixelForValue(ds.errorBar.hi);
        const bottom = y.getPixelForValue(ds.errorBar.lo);
        ctx.save();
        ctx.strokeStyle = ds.borderColor;
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(px, top); ctx.lineTo(px, bottom);
        ctx.moveTo(px - 7, top); ctx.lineTo(px + 7, top);
        ctx.moveTo(px - 7, bottom); ctx.lineTo(px + 7, bottom);
        ctx.stroke();
        ctx.restore();
      });
    },
  };

  const names = COMPARE.experiments.map((e) => e.name);
  const datasets = [];
  COMPARE.experiments.forEach((e, i) => {
    if (e.mean === null) return;
    const std = e.std || 0;
    datasets.push({
      label: e.name, data: [{ x: i, y: e.mean }], backgroundColor: e.colour, borderColor: e.colour,
      pointRadius: 6, pointHoverRadius: 7, errorBar: { x: i, lo: e.mean - std, hi: e.mean + std },
    });
    datasets.push({
      label: e.name + ' folds', folds: true, data: e.folds.map((f2, k) => ({ x: i + 0.18, y: f2 })),
      borderColor: e.colour, backgroundColor: e.colour, pointStyle: 'crossRot', pointRadius: 5,
    });
  });
  const axis = COMPARE.axis || {};
  new Chart(document.getElementById('f2-chart'), {
    type: 'scatter',
    data: { datasets },
    plugins: [errorBars],
    options: {
      animation: false,
      scales: {
        x: { type: 'linear', min: -0.5, max: names.length - 0.5,
             // one tick per experiment, labelled with its name
             afterBuildTicks: (scale) => { scale.ticks = names.map((n, i) => ({ value: i })); },
             ticks: { callback: (v) => names[v] || '' } },
        y: { min: axis.min, max: axis.max, title: { display: true, text: 'fold F2 (mean ± std)' } },
      },
      plugins: {
        legend: { position: 'bottom', labels: { filter: (item, data) => !data.datasets[item.datasetIndex].folds } },
        tooltip: { callbacks: { label: (item) => {
          const ds = item.dataset;
          return ds.errorBar ? ds.label + ': ' + fmt(item.parsed.y, 4) + ' ± ' + fmt(ds.errorBar.hi - item.parsed.y, 4)
            : ds.label + ': ' + fmt(item.parsed.y, 4);
        } } },
      },
    },
  });

  const curves = lineChart(document.getElementById('curve-chart'), 'mean validation F2');
  curves.data.datasets = COMPARE.curves.filter((c) => c.points.length > 0).map((c) => ({
    label: c.name, data: c.points.map((p) => ({ x: p.x, y: p.y })), borderColor: c.colour, backgroundColor: c.colour,
    pointRadius: 2, tension: 0.1,
  }));
  curves.update();
})();
