// The Compare button sends the checked experiments as /compare?ids=1,2 (the form alone sends ids=1&ids=2).
document.getElementById('compare-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const ids = [...document.querySelectorAll('input[name=ids]:checked')].map((box) => box.value);
  if (ids.length === 0) {
    alert('Tick the experiments to compare first.');
    return;
  }
  window.location.href = '/compare?ids=' + ids.join(',');
});

// The Blend button opens the blend form of /ensembles with the checked experiments ticked.
document.getElementById('blend').addEventListener('click', () => {
  const ids = [...document.querySelectorAll('input[name=ids]:checked')].map((box) => box.value);
  window.location.href = '/ensembles' + (ids.length ? '?ids=' + ids.join(',') : '');
});
