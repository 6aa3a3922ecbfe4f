// Shared by the dashboard's pages: fold colours, number formats and POSTs to the REST API.
const FOLD_COLORS = ['#2f6fdb', '#e0762b', '#2e9d5b', '#c73a52', '#7c4fd1', '#8a6d3b', '#1b9aaa', '#d14f9e'];

function color(i) {
  return FOLD_COLORS[i % FOLD_COLORS.length];
}

function fmt(value, digits) {
  return value === null || value === undefined ? '–' : Number(value).toFixed(digits);
}

// The session's CSRF token (meta tags of fragments.html) as a header for a state-changing API call.
function csrfHeaders() {
  const token = document.querySelector('meta[name="_csrf"]');
  const header = document.querySelector('meta[name="_csrf_header"]');
  return token && header ? { [header.content]: token.content } : {};
}

// POSTs to the API and resolves to the JSON body; rejects with the ProblemDetail's detail on an error.
async function postJson(url, body) {
  const options = { method: 'POST', headers: { Accept: 'application/json', ...csrfHeaders() } };
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const response = await fetch(url, options);
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(json.detail || response.statusText);
  }
  return json;
}

// DELETEs through the API (with the CSRF token); rejects with the ProblemDetail's detail on an error.
async function deleteRequest(url) {
  const response = await fetch(url, { method: 'DELETE', headers: { Accept: 'application/json', ...csrfHeaders() } });
  if (!response.ok) {
    const json = await response.json().catch(() => ({}));
    throw new Error(json.detail || response.statusText);
  }
}

function showMessage(text, isError) {
  const box = document.getElementById('message');
  if (!box) return;
  box.textContent = text;
  box.hidden = !text;
  box.classList.toggle('error', !!isError);
}

function lineChart(canvas, yLabel) {
  return new Chart(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false,
      parsing: false,
      scales: { x: { type: 'linear', title: { display: true, text: 'epoch' }, ticks: { precision: 0 } },
                y: { title: { display: !!yLabel, text: yLabel || '' } } },
      plugins: { legend: { position: 'bottom' } },
    },
  });
}
