import { post } from './api.js';
import { uploadFiles, filesFromDrop } from './upload.js';
import { renderPeople } from './people.js';
import { renderPerson } from './person.js';
import { renderPhoto } from './photo.js';
import { renderSuggestions } from './suggestions.js';

const view = document.getElementById('view');
const progress = document.getElementById('progress');

function show(text, fraction) {
  progress.hidden = false;
  document.getElementById('progress-text').textContent = text;
  if (fraction !== undefined) document.getElementById('progress-fill').style.width = `${Math.round(100 * fraction)}%`;
}

let routeSeq = 0;
async function route() {
  const seq = ++routeSeq;
  // Renders are async: a slower earlier one (a refresh after an action) must not replace the page shown since.
  const target = { replaceChildren: (...nodes) => { if (seq === routeSeq) view.replaceChildren(...nodes); } };
  const [, page, id] = location.hash.split('/');
  try {
    if (page === 'person') await renderPerson(target, Number(id), route);
    else if (page === 'photo') await renderPhoto(target, Number(id), route);
    else if (page === 'suggestions') await renderSuggestions(target, route);
    else await renderPeople(target, route);
  } catch (e) {
    target.replaceChildren(`Could not load this page: ${e.message}`);
  }
}

// Progress is pushed by the server (Server-Sent Events); the page reloads its data when a job finishes.
const events = new EventSource('api/events');
events.addEventListener('job', message => {
  const job = JSON.parse(message.data);
  document.body.dataset.job = job.state;
  if (job.state === 'idle') return;
  const handled = job.photosDone + job.photosUnchanged;
  const eta = job.etaSeconds > 0 ? `, about ${Math.ceil(job.etaSeconds)} s left` : '';
  const queued = job.queueLength > 0 ? `, ${job.queueLength} more queued` : '';
  show(`${job.stage}: ${handled}/${job.photosTotal} photos, ${job.facesFound} faces, ${job.photosFailed} skipped${eta}${queued}`
    + (job.message ? ` — ${job.message}` : ''), job.photosTotal ? handled / job.photosTotal : 0);
  const cancel = document.getElementById('cancel-job');
  cancel.hidden = job.state !== 'running';
  cancel.onclick = async () => { cancel.disabled = true; await post(`jobs/${job.jobId}/cancel`).catch(e => show(e.message)); cancel.disabled = false; };
  if (job.state === 'done' || job.state === 'cancelled') { document.body.dataset.lastJob = job.jobId; route(); }
});

document.getElementById('pick-files').onchange = e => uploadFiles([...e.target.files], show);
document.getElementById('pick-folder').onchange = e => uploadFiles([...e.target.files], show);
document.getElementById('scan-form').onsubmit = async e => {
  e.preventDefault();
  try { await post('scan', { folder: document.getElementById('scan-folder').value }); }
  catch (error) { show(error.message); }
};
document.getElementById('undo').onclick = async () => {
  const undone = await post('undo');
  const text = undone.summary ? `Undone: ${undone.summary}` : 'Nothing to undo';
  show(text);
  // The note is about this click only; it must not linger over later pages (a job's progress replaces it anyway).
  setTimeout(() => { if (document.getElementById('progress-text').textContent === text) progress.hidden = true; }, 4000);
  route();
};

const hint = document.getElementById('drop-hint');
window.addEventListener('dragover', e => {
  if (e.dataTransfer.types.includes('Files')) { e.preventDefault(); hint.hidden = false; }
});
window.addEventListener('dragleave', e => { if (!e.relatedTarget) hint.hidden = true; });
window.addEventListener('drop', async e => {
  if (!e.dataTransfer.types.includes('Files')) return;
  e.preventDefault();
  hint.hidden = true;
  await uploadFiles(await filesFromDrop(e.dataTransfer), show);
});

window.addEventListener('hashchange', route);
route();
