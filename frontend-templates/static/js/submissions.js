// The submissions page: leaderboard scores saved inline (PUT), and the OOF F2 vs public LB scatter.
(function () {
  const rows = [...document.querySelectorAll('#submissions tbody tr')];

  function points() {
    return rows.filter((row) => row.dataset.public && row.dataset.oof)
      .map((row) => ({ x: Number(row.dataset.oof), y: Number(row.dataset.public), label: '#' + row.dataset.id + ' ' + row.dataset.name }));
  }

  const chart = new Chart(document.getElementById('cv-lb-chart'), {
    type: 'scatter',
    data: { datasets: [{ label: 'submissions', backgroundColor: color(0), data: points() }] },
    options: {
      animation: false,
      scales: { x: { title: { display: true, text: 'OOF F2 (CV)' } }, y: { title: { display: true, text: 'public LB' } } },
      plugins: { legend: { display: false },
                 tooltip: { callbacks: { label: (c) => c.raw.label + ': ' + fmt(c.raw.x, 4) + ' / ' + fmt(c.raw.y, 4) } } },
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
        chart.data.datasets[0].data = points();
        chart.update();
        showMessage('Submission ' + row.dataset.id + ': leaderboard scores saved.', false);
      } catch (e) {
        showMessage(e.message, true);
      }
    });
  });
})();
