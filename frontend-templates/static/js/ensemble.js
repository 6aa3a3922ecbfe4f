// The ensemble page's bar chart of member weights, read from the weights table.
(function () {
  const rows = [...document.querySelectorAll('#weights tbody tr')];
  new Chart(document.getElementById('weights-chart'), {
    type: 'bar',
    data: {
      labels: rows.map((row) => row.children[0].textContent),
      datasets: [{ label: 'weight', backgroundColor: rows.map((row, i) => color(i)),
                   data: rows.map((row) => Number(row.children[1].dataset.value || 0)) }],
    },
    options: { animation: false, indexAxis: 'y', plugins: { legend: { display: false } } },
  });
})();
