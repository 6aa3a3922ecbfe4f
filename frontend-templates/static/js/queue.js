// The queue page: cancel/retry buttons call the jobs API; the job tables refresh every 3 s without a reload.
(function () {
  async function refresh() {
    const response = await fetch(window.location.pathname, { headers: { Accept: 'text/html' } });
    if (!response.ok) return;
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const fresh = page.getElementById('jobs');
    if (fresh) document.getElementById('jobs').replaceWith(fresh);
  }

  document.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    button.disabled = true;
    postJson('/api/jobs/' + button.dataset.job + '/' + button.dataset.action)
      .then((job) => showMessage('Job ' + job.id + ' is ' + job.state + '.'))
      .catch((err) => showMessage(err.message, true))
      .finally(refresh);
  });

  setInterval(() => refresh().catch(() => {}), 3000);
})();
