// The experiment page's tags and note editor: PATCH /api/experiments/{id} with both, then shows what was stored.
(function () {
  const section = document.getElementById('annotations');
  const form = document.getElementById('annotations-form');
  if (!section || !form) return;
  const message = document.getElementById('annotations-message');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const tags = document.getElementById('tags-input').value.split(/[\s,]+/).filter((t) => t.length > 0);
    const note = document.getElementById('note-input').value;
    const token = document.querySelector('meta[name="_csrf"]');
    const header = document.querySelector('meta[name="_csrf_header"]');
    const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (token && header) headers[header.content] = token.content;
    const response = await fetch('/api/experiments/' + section.dataset.id, {
      method: 'PATCH', headers, body: JSON.stringify({ tags, note }),
    });
    const json = await response.json().catch(() => ({}));
    message.classList.toggle('error', !response.ok);
    if (!response.ok) {
      message.textContent = json.detail || response.statusText;
      return;
    }
    const chips = document.getElementById('tag-chips');
    chips.replaceChildren(...json.tags.map((tag) => {
      const a = document.createElement('a');
      a.className = 'tag-chip';
      a.href = '/?tag=' + encodeURIComponent(tag);
      a.textContent = tag;
      return a;
    }));
    let noteText = document.getElementById('note-text');
    if (!noteText) {
      noteText = document.createElement('p');
      noteText.id = 'note-text';
      noteText.className = 'note';
      chips.after(noteText);
    }
    noteText.textContent = json.note || '';
    noteText.hidden = !json.note;
    message.textContent = 'saved';
  });
})();
