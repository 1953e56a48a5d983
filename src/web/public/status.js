// Placeholder page script: shows what /api/health reports until the React workspace lands.
const status = document.getElementById('status');
try {
  const response = await fetch('/api/health');
  const health = await response.json();
  if (!response.ok) throw new Error(health.error?.message ?? `HTTP ${response.status}`);
  status.textContent = health.demo ? 'Running with the demo clinic.' : 'Running.';
  document.getElementById('backend').textContent = health.backend === 'pglite' ? 'embedded (PGlite)' : 'PostgreSQL server';
  document.getElementById('schema').textContent = health.schemaVersion;
  for (const key of ['locations', 'patients', 'appointments']) {
    document.getElementById(key).textContent = health.counts[key].toLocaleString('en-US');
  }
  document.getElementById('counts').hidden = false;
} catch (error) {
  status.textContent = `The server did not answer: ${error.message}`;
  status.className = 'error';
}
