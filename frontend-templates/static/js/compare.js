// The compare page's chart: each experiment's F2 by fold, read from the fold table.
(function () {
  const table = document.getElementById('fold-table');
  if (!table) return;
  const names = [...table.querySelectorAll('thead th')].slice(1).map((th) => th.textContent);
  const rows = [...table.querySelectorAll('tr.fold-row')];
  const datasets = names.map((name, i) => ({
    label: name,
    backgroundColor: color(i),
    data: rows.map((row) => {
      const value = row.children[i + 1].dataset.value;
      return value ? Number(value) : null;
    }),
  }));
  new Chart(document.getElementById('fold-chart'), {
    type: 'bar',
    data: { labels: rows.map((row) => 'fold ' + row.children[0].textContent), datasets },
    options: { animation: false, plugins: { legend: { position: 'bottom' } }, scales: { y: { title: { display: true, text: 'F2' } } } },
  });
})();
