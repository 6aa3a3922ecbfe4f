// The experiment page's charts (Chart.js from the webjar): each fold's epochs, the mean over folds with a ± std band
// and each fold's best epoch on the F2 chart, train vs validation loss, and speed. plot(epochsByFold) redraws them all.
function experimentCharts() {
  const simple = ['f2At05', 'threshold', 'lr'];
  const charts = {};
  ['f2', 'loss', 'speed', ...simple].forEach((m) => {
    const canvas = document.getElementById('chart-' + m);
    if (canvas) charts[m] = lineChart(canvas);
  });
  if (Object.keys(charts).length === 0) return { plot() {} }; // an imported experiment: no charts
  // bands and markers are not folds: the legend lists folds, the mean and the best epochs only
  charts.f2.options.plugins.legend.labels = { filter: (item, data) => !data.datasets[item.datasetIndex].band };
  charts.speed.options.scales.y1 = { position: 'right', grid: { drawOnChartArea: false },
                                     title: { display: true, text: 'images/s' } };
  charts.speed.options.scales.y.title = { display: true, text: 'seconds' };

  function series(epochs, m) {
    return epochs.filter((e) => e[m] !== null && e[m] !== undefined).map((e) => ({ x: e.epoch, y: e[m] }));
  }

  function foldLine(fold, i, data, extra) {
    return { label: 'fold ' + fold, borderColor: color(i), backgroundColor: color(i), pointRadius: 2, data, ...extra };
  }

  // mean and population std over the folds that have an F2 at that epoch, for epochs at least two folds reached
  function meanOverFolds(byFold) {
    const values = {};
    Object.values(byFold).forEach((epochs) => series(epochs, 'f2').forEach((p) => {
      (values[p.x] = values[p.x] || []).push(p.y);
    }));
    return Object.keys(values).map(Number).sort((a, b) => a - b).filter((x) => values[x].length >= 2).map((x) => {
      const v = values[x];
      const mean = v.reduce((s, y) => s + y, 0) / v.length;
      const std = Math.sqrt(v.reduce((s, y) => s + (y - mean) * (y - mean), 0) / v.length);
      return { x, mean, std };
    });
  }

  // a fold's best epoch: the one its result stored (its checkpoint's) when the chart has it, else (a running fold,
  // or the SWA model's epoch 99) the first epoch of its highest validation F2
  function best(epochs, stored) {
    const points = series(epochs, 'f2');
    const kept = points.find((p) => p.x === stored);
    return kept || points.reduce((b, p) => (b === null || p.y > b.y ? p : b), null);
  }

  function storedBestEpoch(fold) {
    const card = document.getElementById('fold-' + fold);
    return card && card.dataset.bestEpoch ? Number(card.dataset.bestEpoch) : null;
  }

  function plotF2(byFold) {
    const folds = Object.keys(byFold);
    const sets = folds.map((fold, i) => foldLine(fold, i, series(byFold[fold], 'f2')));
    const mean = meanOverFolds(byFold);
    if (mean.length > 0) {
      const band = { borderWidth: 0, pointRadius: 0, backgroundColor: 'rgba(29, 35, 43, 0.12)', band: true };
      sets.push({ ...band, label: 'mean + std', fill: '+1', data: mean.map((p) => ({ x: p.x, y: p.mean + p.std })) });
      sets.push({ ...band, label: 'mean - std', fill: false, data: mean.map((p) => ({ x: p.x, y: p.mean - p.std })) });
      sets.push({ label: 'mean', borderColor: '#1d232b', backgroundColor: '#1d232b', borderWidth: 3, pointRadius: 0,
                  data: mean.map((p) => ({ x: p.x, y: p.mean })) });
    }
    const markers = folds.map((fold) => best(byFold[fold], storedBestEpoch(fold))).filter((p) => p !== null);
    sets.push({ label: 'best epoch', showLine: false, pointStyle: 'triangle', pointRadius: 7, data: markers,
                borderColor: folds.map((f, i) => color(i)), backgroundColor: folds.map((f, i) => color(i)) });
    charts.f2.data.datasets = sets;
    charts.f2.update();
  }

  function plotPair(chart, byFold, solid, dashed, labels, dashedAxis) {
    chart.data.datasets = Object.keys(byFold).flatMap((fold, i) => [
      foldLine(fold, i, series(byFold[fold], solid), { label: 'fold ' + fold + ' ' + labels[0] }),
      foldLine(fold, i, series(byFold[fold], dashed),
               { label: 'fold ' + fold + ' ' + labels[1], borderDash: [6, 4], yAxisID: dashedAxis }),
    ]);
    chart.update();
  }

  return {
    plot(byFold) {
      plotF2(byFold);
      plotPair(charts.loss, byFold, 'trainLoss', 'valLoss', ['train', 'validation'], 'y');
      const anyValLoss = Object.values(byFold).some((epochs) => series(epochs, 'valLoss').length > 0);
      const anyEpoch = Object.values(byFold).some((epochs) => epochs.length > 0);
      document.getElementById('no-val-loss').hidden = anyValLoss || !anyEpoch;
      plotPair(charts.speed, byFold, 'seconds', 'imagesPerSecond', ['s/epoch', 'images/s'], 'y1');
      simple.forEach((m) => {
        charts[m].data.datasets = Object.keys(byFold).map((fold, i) => foldLine(fold, i, series(byFold[fold], m)));
        charts[m].update();
      });
    },
  };
}
