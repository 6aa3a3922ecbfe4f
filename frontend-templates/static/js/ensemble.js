// The ensemble page's bar chart of member weights, read from the weights table, each bar in its member's colour.
(function () {
  const rows = [...document.querySelectorAll('#weights tbody tr')];
  new Chart(document.getElementById('weights-chart'), {
    type: 'bar',
    data: {
      labels: rows.map((row) => row.children[0].textContent),
      datasets: [{ label: 'weight', backgroundColor: rows.map((row, i) => row.dataset.colour || color(i)),
                   data: rows.map((row) => Number(row.children[1].dataset.value || 0)) }],
    },
    options: { animation: false, indexAxis: 'y', plugins: { legend: { display: false } } },
  });
})();

// "Make submission": queue one with the form's options and go to its row of the ledger.
(function () {
  const form = document.getElementById('submission-form');
  const button = document.getElementById('make-submission');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    const body = { combine: form.elements.combine.value, thresholds: form.elements.thresholds.value };
    if (form.elements.ttas.value) body.ttas = Number(form.elements.ttas.value);
    try {
      const created = await postJson('/api/ensembles/' + form.dataset.ensemble + '/submissions', body);
      window.location.href = '/submissions?submission=' + created.id + '#submission-' + created.id;
    } catch (e) {
      showMessage(e.message, true);
      button.disabled = false;
    }
  });
})();

// The what-if sliders: each change rescoring the blend on the server (debounced; stale answers dropped).
(function () {
  const panel = document.getElementById('what-if');
  if (!panel) return;
  const sliders = [...panel.querySelectorAll('input[type=range]')];
  const out = document.getElementById('what-if-f2');
  let timer = null;
  let asked = 0;
  async function rescore() {
    const ticket = ++asked;
    try {
      const result = await postJson('/api/ensembles/' + panel.dataset.ensemble + '/what-if',
        { weights: sliders.map((s) => Number(s.value)), threshold: 0 });
      if (ticket === asked) out.textContent = fmt(result.oofF2, 4);
    } catch (e) {
      if (ticket === asked) showMessage(e.message, true);
    }
  }
  sliders.forEach((slider) => slider.addEventListener('input', () => {
    slider.nextElementSibling.textContent = fmt(slider.value, 3);
    clearTimeout(timer);
    timer = setTimeout(rescore, 120);
  }));
})();
