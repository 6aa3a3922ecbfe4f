// The OOF error browser's export: the ticked suspect labels become the add/remove lists of a cleaned train.csv,
// registered as a new data set through the API; the answer (or the refusal) shows in #message.
(function () {
  const form = document.getElementById('clean-form');
  if (!form) return;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const changes = { name: document.getElementById('clean-name').value, add: {}, remove: {} };
    let ticked = 0;
    form.querySelectorAll('.suspect-box:checked').forEach((box) => {
      const byImage = changes[box.dataset.action];
      (byImage[box.dataset.image] = byImage[box.dataset.image] || []).push(box.dataset.attribute);
      ticked++;
    });
    if (ticked === 0) {
      showMessage('Tick at least one suspect label first.', true);
      return;
    }
    try {
      const created = await postJson(form.dataset.url, changes);
      showMessage('Registered data set ' + created.name + ' (id ' + created.datasetId + '): ' + created.added
          + ' labels added, ' + created.removed + ' removed, ' + created.dropped + ' rows dropped.', false);
    } catch (e) {
      showMessage(e.message, true);
    }
  });
})();
