// An experiment page's Archive/Unarchive and Delete buttons (fragments :: cleanup); a refusal shows the problem's
// detail in #message (for a delete, the ensembles and submissions that use the experiment).
(function () {
  const box = document.querySelector('.cleanup[data-id]');
  if (!box) return;
  const id = box.dataset.id;
  const archive = document.getElementById('archive');
  archive.addEventListener('click', () => {
    postJson('/api/experiments/' + id + '/' + archive.dataset.action)
      .then(() => window.location.reload())
      .catch((err) => showMessage(err.message, true));
  });
  document.getElementById('delete-experiment').addEventListener('click', () => {
    if (!confirm('Delete experiment "' + box.dataset.name + '" with its checkpoints, OOF and test predictions? '
      + 'This cannot be undone.')) return;
    deleteRequest('/api/experiments/' + id)
      .then(() => { window.location.href = '/'; })
      .catch((err) => showMessage(err.message, true));
  });
})();
