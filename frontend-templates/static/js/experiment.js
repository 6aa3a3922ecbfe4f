// The experiment page: charts of every fold's epochs, live updates from /experiments/{id}/events, and its actions.
(function () {
  const root = document.getElementById('experiment');
  const id = root.dataset.id;
  const charts = experimentCharts();
  const plot = (epochsByFold) => charts.plot(epochsByFold);

  function setField(card, field, text) {
    const cell = card.querySelector('[data-field=' + field + ']');
    if (cell) cell.textContent = text;
  }

  function update(snapshot) {
    const e = snapshot.experiment;
    document.getElementById('cv-mean').textContent = fmt(e.cvMean, 4);
    document.getElementById('cv-std').textContent = '± ' + fmt(e.cvStd, 4);
    document.getElementById('oof').textContent = fmt(e.oofF2, 4);
    document.getElementById('folds-done').textContent = '(' + e.foldsDone + ' of ' + e.datasetFolds + ' folds)';
    document.getElementById('partial').hidden = !e.partial;
    document.getElementById('oof-partial').hidden = !e.partial;
    document.querySelector('#kpi-folds .big').textContent = e.foldsDone + ' of ' + e.datasetFolds;
    const missing = document.getElementById('train-missing');
    if (missing) missing.hidden = !e.trainable || e.missingFolds.length === 0;
    document.getElementById('cancel').hidden = !['QUEUED', 'RUNNING'].includes(e.status); // only while it runs
    e.folds.forEach((f) => {
      const card = document.getElementById('fold-' + f.fold);
      if (!card) return;
      const badge = card.querySelector('[data-field=status]');
      badge.textContent = f.status;
      badge.className = 'badge s-' + f.status;
      setField(card, 'epochs', f.currentEpoch === null ? 0 : f.currentEpoch);
      setField(card, 'bestEpoch', f.bestEpoch === null ? '–' : f.bestEpoch);
      card.dataset.bestEpoch = f.bestEpoch === null ? '' : f.bestEpoch; // the F2 chart marks it
      setField(card, 'bestF2', fmt(f.bestF2, 4));
      setField(card, 'threshold', fmt(f.threshold, 3));
      setField(card, 'attempts', f.attempts);
      setField(card, 'error', f.error || '');
      card.querySelector('.checkpoint').hidden = f.status !== 'SUCCEEDED';
      const retry = card.querySelector('.retry');
      retry.dataset.job = f.jobId === null ? '' : f.jobId;
      retry.hidden = f.jobId === null || !['FAILED', 'CANCELLED'].includes(f.status);
    });
    plot(snapshot.epochs);
  }

  // the config, highlighted: comments, keys and values in their own spans (built as text nodes, never as HTML)
  document.querySelectorAll('pre.yaml').forEach((pre) => {
    const lines = pre.textContent.split('\n');
    pre.textContent = '';
    lines.forEach((line, i) => {
      const m = line.match(/^(\s*-?\s*)([^:#\s][^:#]*:)(.*)$/);
      const comment = line.match(/^(\s*)(#.*)$/);
      const parts = comment ? [[comment[1], ''], [comment[2], 'y-comment']]
        : m ? [[m[1], ''], [m[2], 'y-key'], [m[3], 'y-value']] : [[line, '']];
      parts.forEach(([text, cls]) => {
        const span = document.createElement('span');
        if (cls) span.className = cls;
        span.textContent = text;
        pre.appendChild(span);
      });
      if (i < lines.length - 1) pre.appendChild(document.createTextNode('\n'));
    });
  });

  // first paint from the REST API, then the event stream keeps the page current
  const folds = [...document.querySelectorAll('.fold')].map((card) => card.dataset.fold);
  Promise.all(folds.map((k) => fetch('/api/experiments/' + id + '/folds/' + k + '/epochs').then((r) => r.json())))
    .then((lists) => {
      const byFold = {};
      folds.forEach((k, i) => { byFold[k] = lists[i]; });
      plot(byFold);
    });

  const events = new EventSource('/experiments/' + id + '/events');
  events.addEventListener('experiment', (event) => update(JSON.parse(event.data)));
  window.addEventListener('beforeunload', () => events.close());

  // retrying a failed or cancelled fold requeues its job; the event stream shows it running again
  document.querySelectorAll('.retry').forEach((button) => button.addEventListener('click', () => {
    postJson('/api/jobs/' + button.dataset.job + '/retry')
      .then(() => showMessage('Fold requeued.'))
      .catch((err) => showMessage(err.message, true));
  }));

  // a submission of the folds finished so far (POST /api/experiments/{id}/submissions); the ledger shows it
  const submitFolds = document.getElementById('submit-folds');
  if (submitFolds) {
    submitFolds.addEventListener('click', () => {
      postJson('/api/experiments/' + id + '/submissions', {})
        .then(() => { window.location.href = '/submissions'; })
        .catch((err) => showMessage(err.message, true));
    });
  }

  // Clone: a name and YAML overrides (POST /api/experiments/{id}/clone), then the new experiment's page
  const cloneForm = document.getElementById('clone-form');
  if (cloneForm) {
    document.getElementById('clone').addEventListener('click', () => {
      cloneForm.hidden = !cloneForm.hidden;
      if (!cloneForm.hidden) document.getElementById('clone-name').focus();
    });
    document.getElementById('clone-close').addEventListener('click', () => { cloneForm.hidden = true; });
    cloneForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const body = { name: cloneForm.elements.name.value, overrides: cloneForm.elements.overrides.value };
      postJson('/api/experiments/' + id + '/clone', body)
        .then((created) => { window.location.href = '/experiments/' + created.id; })
        .catch((err) => showMessage(err.message, true));
    });
  }

  // Predict OOF with TTA: every trained fold's OOF recomputed from its best checkpoint (one PREDICT_OOF job a fold)
  const predict = document.getElementById('predict-oof');
  if (predict) {
    predict.addEventListener('click', () => {
      const ttas = document.getElementById('predict-ttas').value;
      const body = ttas === '' ? {} : { ttas: Number(ttas) };
      const folds = predict.dataset.folds.split(',');
      Promise.all(folds.map((k) => postJson('/api/experiments/' + id + '/folds/' + k + '/predict-oof', body)))
        .then((jobs) => showMessage('Queued OOF predictions of folds ' + folds.join(', ') + ' (jobs '
          + jobs.map((j) => j.jobId).join(', ') + '); the folds\' scores change when they finish.'))
        .catch((err) => showMessage(err.message, true));
    });
  }

  // the folds of 0..k-1 this experiment has no job for, queued with its config (POST /api/experiments/{id}/folds)
  const trainMissing = document.getElementById('train-missing');
  if (trainMissing) {
    trainMissing.addEventListener('click', () => {
      const folds = trainMissing.dataset.folds.split(',').map(Number);
      postJson('/api/experiments/' + id + '/folds', { folds })
        .then(() => { window.location.reload(); })
        .catch((err) => showMessage(err.message, true));
    });
  }

  document.getElementById('cancel').addEventListener('click', () => {
    if (!confirm('Cancel every unfinished fold of this experiment?')) return;
    postJson('/api/experiments/' + id + '/cancel')
      .then(() => showMessage('Cancel requested; running folds stop at their next check.'))
      .catch((err) => showMessage(err.message, true));
  });
})();
