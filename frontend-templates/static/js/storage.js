// The storage page's Archive/Unarchive and Delete buttons: API calls with the session's CSRF token; a refusal shows
// the problem's detail (for a delete, the ensembles and submissions that use the experiment).
(function () {
  document.querySelectorAll('#storage-experiments tr[data-id]').forEach((row) => {
    const id = row.dataset.id;
    const archive = row.querySelector('button.archive');
    archive.addEventListener('click', () => {
      postJson('/api/experiments/' + id + '/' + archive.dataset.action)
        .then(() => window.location.reload())
        .catch((err) => showMessage(err.message, true));
    });
    row.querySelector('button.delete').addEventListener('click', () => {
      if (!confirm('Delete experiment "' + row.dataset.name + '" with its checkpoints, OOF and test predictions? '
        + 'This cannot be undone.')) return;
      deleteRequest('/api/experiments/' + id)
        .then(() => window.location.reload())
        .catch((err) => showMessage(err.message, true));
    });
  });
})();
