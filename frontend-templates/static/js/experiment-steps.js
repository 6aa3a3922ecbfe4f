// The experiment page's step metrics: GET /api/experiments/{id}/metrics lists the keys the folds' MLflow runs logged,
// GET .../series thins one key to at most 2,000 points a run (min and max a bucket) over a step range. Zooming (the
// from/to inputs, or a drag across the chart) asks the server again for that range, so detail comes back as it narrows.
// The section's data-requests, data-from, data-to and data-points say what the chart shows (tests read them).
(function () {
  const section = document.getElementById('step-metrics');
  if (!section) return;
  const id = section.dataset.id;
  const select = document.getElementById('step-metric');
  const fromInput = document.getElementById('step-from');
  const toInput = document.getElementById('step-to');
  const info = document.getElementById('step-info');
  const canvas = document.createElement('canvas');
  canvas.id = 'chart-steps';
  const folds = [...document.querySelectorAll('.fold')].map((card) => card.dataset.fold);
  let chart = null;
  let latest = 0; // only the answer to the newest request is drawn

  function load(from, to) {
    const params = new URLSearchParams({ metric: select.value, points: '2000' });
    if (from !== null) params.set('from', from);
    if (to !== null) params.set('to', to);
    const request = ++latest;
    section.dataset.requests = String(Number(section.dataset.requests) + 1);
    section.dataset.state = 'loading';
    fetch('/api/experiments/' + id + '/series?' + params, { headers: { Accept: 'application/json' } })
      .then((r) => r.json().then((body) => {
        if (!r.ok) throw new Error(body.detail || r.statusText);
        return body;
      }))
      .then((series) => { if (request === latest) draw(series); })
      .catch((err) => {
        if (request !== latest) return;
        section.dataset.state = 'error';
        info.textContent = err.message;
      });
  }

  function draw(series) {
    if (!chart) {
      chart = lineChart(canvas);
      chart.options.scales.x.title.text = 'step';
    }
    chart.data.datasets = series.runs.map((run, i) => {
      const k = folds.indexOf(String(run.fold));
      return { label: 'fold ' + run.fold + (run.runName ? ' (' + run.runName + ')' : ''), borderColor: color(k >= 0 ? k : i),
               backgroundColor: color(k >= 0 ? k : i), pointRadius: 0, borderWidth: 1.5,
               data: run.points.map((p) => ({ x: p.step, y: p.value })) };
    });
    const range = series.range;
    chart.options.scales.x.min = range ? range.from : undefined;
    chart.options.scales.x.max = range ? range.to : undefined;
    chart.update();
    const points = series.runs.reduce((s, r) => s + r.points.length, 0);
    const values = series.runs.reduce((s, r) => s + r.count, 0);
    if (range) {
      fromInput.value = range.from;
      toInput.value = range.to;
      section.dataset.from = range.from;
      section.dataset.to = range.to;
    }
    section.dataset.points = String(points);
    section.dataset.state = 'loaded';
    info.textContent = values.toLocaleString('en') + ' values charted as ' + points.toLocaleString('en') + ' points';
  }

  function number(input) {
    return input.value === '' ? null : Math.round(Number(input.value));
  }

  document.getElementById('step-zoom').addEventListener('click', () => load(number(fromInput), number(toInput)));
  document.getElementById('step-reset').addEventListener('click', () => load(null, null));
  select.addEventListener('change', () => load(null, null));

  // drag across the chart: the steps under the pointer where it went down and up become the range
  let dragStart = null;
  canvas.addEventListener('mousedown', (event) => { dragStart = event.offsetX; });
  canvas.addEventListener('mouseup', (event) => {
    if (dragStart === null || !chart) return;
    const [a, b] = [dragStart, event.offsetX].sort((x, y) => x - y);
    dragStart = null;
    if (b - a < 5) return; // a click, not a drag
    const x = chart.scales.x;
    load(Math.floor(x.getValueForPixel(a)), Math.ceil(x.getValueForPixel(b)));
  });

  fetch('/api/experiments/' + id + '/metrics', { headers: { Accept: 'application/json' } })
    .then((r) => r.json())
    .then((body) => {
      if (!body.keys || body.keys.length === 0) return; // no MLflow run logged here: nothing to show
      body.keys.forEach((key) => {
        const option = document.createElement('option');
        option.value = key;
        option.textContent = key;
        select.appendChild(option);
      });
      const box = document.getElementById('step-chart');
      box.classList.add('chart');
      box.prepend(canvas);
      section.hidden = false;
      load(null, null);
    });
})();
