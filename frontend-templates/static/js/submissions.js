// The submissions page: leaderboard scores saved inline (PUT), and the submitted OOF F2 vs public/private LB scatter
// with labelled points and a y = x line.
(function () {
  const rows = [...document.querySelectorAll('#submissions tbody tr')];

  function points(score) {
    return rows.filter((row) => row.dataset[score] && row.dataset.oof)
      .map((row) => ({ x: Number(row.dataset.oof), y: Number(row.dataset[score]), label: '#' + row.dataset.id + ' ' + row.dataset.name }));
  }

  // y = x across the range of every point: above it the leaderboard beat the CV, below it the CV was optimistic
  function diagonal(sets) {
    const values = sets.flatMap((set) => set.flatMap((p) => [p.x, p.y]));
    if (values.length === 0) return [];
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    return [{ x: lo, y: lo, label: 'y = x' }, { x: hi, y: hi, label: 'y = x' }];
  }

  function datasets() {
    const pub = points('public');
    const priv = points('private');
    return [
      { label: 'public LB', backgroundColor: color(0), borderColor: color(0), data: pub, pointRadius: 5 },
      { label: 'private LB', backgroundColor: color(1), borderColor: color(1), data: priv, pointRadius: 5, pointStyle: 'rectRot' },
      { label: 'y = x', type: 'line', data: diagonal([pub, priv]), borderColor: '#999', borderDash: [4, 4],
        borderWidth: 1, pointRadius: 0, fill: false, labelled: false },
    ];
  }

  // draws each point's label ("#12 blend-a") beside it, once per submission (a private point only when its public
  // point is hidden or missing); the y = x line has none
  const pointLabels = {
    id: 'pointLabels',
    afterDatasetsDraw(chart) {
      const ctx = chart.ctx;
      ctx.save();
      ctx.font = '11px sans-serif';
      ctx.fillStyle = '#444';
      const drawn = new Set();
      chart.data.datasets.forEach((set, i) => {
        if (set.labelled === false || !chart.isDatasetVisible(i)) return;
        chart.getDatasetMeta(i).data.forEach((point, j) => {
          const text = set.data[j].label;
          if (drawn.has(text)) return;
          drawn.add(text);
          // right of the point, or left of it where the text would leave the plot
          const left = point.x + 7 + ctx.measureText(text).width > chart.chartArea.right;
          ctx.textAlign = left ? 'right' : 'left';
          ctx.fillText(text, left ? point.x - 7 : point.x + 7, point.y - 5);
        });
      });
      ctx.restore();
    },
  };

  const chart = new Chart(document.getElementById('cv-lb-chart'), {
    type: 'scatter',
    data: { datasets: datasets() },
    plugins: [pointLabels],
    options: {
      animation: false,
      scales: { x: { title: { display: true, text: 'OOF F2 of what was submitted (CV)' } },
                y: { title: { display: true, text: 'leaderboard' } } },
      plugins: { legend: { display: true },
                 tooltip: { callbacks: { label: (c) => c.dataset.label + ' ' + c.raw.label + ': '
                   + fmt(c.raw.x, 4) + ' / ' + fmt(c.raw.y, 4) } } },
    },
  });

  function score(input) {
    return input.value === '' ? null : Number(input.value);
  }

  rows.forEach((row) => {
    const form = row.querySelector('.lb-form');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = { public: score(form.elements.public), private: score(form.elements.private) };
      try {
        const response = await fetch('/api/submissions/' + row.dataset.id + '/leaderboard', {
          method: 'PUT', headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...csrfHeaders() },
          body: JSON.stringify(body),
        });
        const json = await response.json().catch(() => ({}));
        if (!response.ok) throw new Error(json.detail || response.statusText);
        row.dataset.public = json.publicScore === null || json.publicScore === undefined ? '' : json.publicScore;
        row.dataset.private = json.privateScore === null || json.privateScore === undefined ? '' : json.privateScore;
        chart.data.datasets = datasets();
        chart.update();
        showMessage('Submission ' + row.dataset.id + ': leaderboard scores saved.', false);
      } catch (e) {
        showMessage(e.message, true);
      }
    });
  });

  // Pseudo-labels: the preview (images, labels, labels per image, confidence histogram), then the new data set
  const pseudo = document.getElementById('pseudo-form');
  if (pseudo) {
    const result = document.getElementById('pseudo-result');
    const params = () => {
      const q = new URLSearchParams({ minConfidence: pseudo.elements.minConfidence.value });
      if (pseudo.elements.maxLabelsPerImage.value) q.set('maxLabelsPerImage', pseudo.elements.maxLabelsPerImage.value);
      return q;
    };
    const show = (text) => { result.textContent = text; result.hidden = false; };
    document.getElementById('pseudo-preview').addEventListener('click', async () => {
      try {
        const response = await fetch('/api/submissions/' + pseudo.elements.submission.value
          + '/pseudo-labels/preview?' + params(), { headers: { Accept: 'application/json' } });
        const p = await response.json().catch(() => ({}));
        if (!response.ok) throw new Error(p.detail || response.statusText);
        const lines = ['adds ' + p.images + ' of ' + p.testImages + ' test images, ' + p.labels + ' labels ('
          + fmt(p.labelsPerImage.mean, 2) + ' an image, at most ' + p.labelsPerImage.max + ')'];
        if (p.capped) {
          lines.push('with at most ' + p.capped.maxLabelsPerImage + ' an image: ' + p.capped.labels + ' labels');
        }
        lines.push('confidence of the ' + p.predictedLabels + ' predicted labels (kept):');
        p.histogram.bins.forEach((b) => lines.push(fmt(b.from, 1) + '–' + fmt(b.to, 1) + '  '
          + String(b.count).padStart(6) + '  (' + b.kept + ')'));
        show(lines.join('\n'));
      } catch (e) {
        showMessage(e.message, true);
      }
    });
    pseudo.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = { name: pseudo.elements.name.value, minConfidence: Number(pseudo.elements.minConfidence.value) };
      if (pseudo.elements.maxLabelsPerImage.value) body.maxLabelsPerImage = Number(pseudo.elements.maxLabelsPerImage.value);
      try {
        const v = await postJson('/api/submissions/' + pseudo.elements.submission.value + '/pseudo-labels', body);
        showMessage('Data set ' + v.datasetId + ' (' + v.name + ') registered: ' + v.images + ' test images, '
          + v.labels + ' labels added.', false);
      } catch (e) {
        showMessage(e.message, true);
      }
    });
  }
})();
