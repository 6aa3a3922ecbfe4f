// Experiments picked on the experiments page (?ids=1,2) start ticked in the blend form.
(new URLSearchParams(window.location.search).get('ids') || '').split(',').filter((id) => id).forEach((id) => {
  const box = document.querySelector('#blend-form input[name=experiments][value="' + id + '"]');
  if (box) box.checked = true;
});

// The blend form: POST /api/ensembles with the ticked experiments, then open the new ensemble.
document.getElementById('blend-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.target;
  const boxes = [...form.querySelectorAll('input[name=experiments]:checked')];
  if (boxes.length === 0) {
    showMessage('Tick at least one experiment.', true);
    return;
  }
  const body = {
    name: form.elements.name.value,
    dataset: boxes[0].dataset.dataset,
    experiments: boxes.map((box) => Number(box.value)),
    method: form.elements.method.value,
  };
  postJson('/api/ensembles', body)
    .then((ensemble) => { window.location.href = '/ensembles/' + ensemble.id; })
    .catch((err) => showMessage(err.message, true));
});
