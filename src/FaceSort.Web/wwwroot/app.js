import { post, act, notify, plural, ownChanges, keepOwnChanges } from './api.js';
import { uploadFiles, filesFromDrop, showSkipped } from './upload.js';
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
  changedElsewhere.clear(); // the page is drawn from the library as it is now
  // Renders are async: a slower earlier one (a refresh after an action) must not replace the page shown since.
  const target = { replaceChildren: (...nodes) => { if (seq === routeSeq) view.replaceChildren(...nodes); } };
  const [, page, id, order] = location.hash.split('/');
  try {
    if (page === 'person') await renderPerson(target, Number(id), route, order === 'least-alike' ? 'least-alike' : 'photos');
    else if (page === 'photo') await renderPhoto(target, Number(id), route);
    else if (page === 'suggestions') await renderSuggestions(target, route);
    else await renderPeople(target, route);
  } catch (e) {
    // A person an undo, merge or split took away: back to the people list, saying why, not a dead end.
    if (page === 'person' && e.status === 404) {
      notify('That person no longer exists (an undo or a merge removed them); here are the people.', 'note');
      location.hash = '#/';
      return;
    }
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
  show(`${job.stage}: ${handled}/${plural(job.photosTotal, 'photo')}, ${plural(job.facesFound, 'face')}, ${job.photosFailed} skipped${eta}${queued}`
    + (job.message ? ` — ${job.message}` : ''), job.photosTotal ? handled / job.photosTotal : 0);
  const cancel = document.getElementById('cancel-job');
  cancel.hidden = job.state !== 'running';
  cancel.onclick = async () => { cancel.disabled = true; await post(`jobs/${job.jobId}/cancel`).catch(e => show(e.message)); cancel.disabled = false; };
  if (job.skipped?.length) showSkipped(job.skipped);
  if (job.state === 'done' || job.state === 'cancelled') { document.body.dataset.lastJob = job.jobId; route(); }
});

// A change made in another tab, by someone else on the library or by the CLI is said in a banner, and the page is drawn
// again when the user asks: drawing it at once would move faces from under a drag or a selection. Before, a page learnt
// of another's change only at its next action, from a refusal. This tab's own changes and undos are not news to it;
// its request may answer after the event arrives, so an event is looked at a moment later.
const changedElsewhere = (() => {
  const banner = document.getElementById('changed-elsewhere');
  let count = 0;
  return {
    add(change) {
      count++;
      const last = change.undone ? `undone: “${change.summary}”` : `“${change.summary}”`;
      banner.querySelector('span').textContent = count === 1
        ? `A change was made in another tab or by someone else: ${last}.`
        : `${count} changes were made in another tab or by someone else; the last: ${last}.`;
      banner.hidden = false;
    },
    clear() { count = 0; banner.hidden = true; },
  };
})();
const undoneHere = new Set();
events.addEventListener('change', message => {
  const change = JSON.parse(message.data);
  setTimeout(() => {
    if (change.undone ? undoneHere.has(change.id) : ownChanges().includes(change.id)) return;
    changedElsewhere.add(change);
  }, 700);
});
document.getElementById('show-changes').onclick = () => route();

document.getElementById('add-photos').onclick = () => document.getElementById('pick-files').click();
document.getElementById('add-folder').onclick = () => document.getElementById('pick-folder').click();
document.getElementById('pick-files').onchange = act(e => uploadFiles([...e.target.files], show));
document.getElementById('pick-folder').onchange = act(e => uploadFiles([...e.target.files], show));
document.getElementById('scan-form').onsubmit = async e => {
  e.preventDefault();
  try { await post('scan', { folder: document.getElementById('scan-folder').value }); }
  catch (error) { show(error.message); }
};
document.getElementById('notice-close').onclick = () => notify('');
// The safety net: a failure no handler caught is still said on the page, not only in the console.
window.addEventListener('unhandledrejection', e => notify(e.reason?.message ?? String(e.reason)));
// Undo takes back this tab's last change: its id goes with the request. Undo takes changes back newest first, and a
// change made since in another tab or by someone else is said instead (409, the server's sentence names it); the next
// press takes that one back, knowingly. A tab that made no change undoes the newest, whoever made it, as before.
let undoNext = null;
document.getElementById('undo').onclick = act(async () => {
  const own = ownChanges();
  const id = undoNext ?? own.at(-1);
  undoNext = null;
  let undone;
  try {
    undone = await post('undo', id === undefined ? {} : { id });
  } catch (error) {
    if (error.status !== 409) throw error;
    // What was meant was taken back elsewhere: it is not this tab's to undo any more.
    if (error.body.meant?.undoneAt) keepOwnChanges(own.filter(c => c !== error.body.meant.id));
    undoNext = error.body.newest?.id ?? null;
    route(); // the page shows the library as the other change left it
    throw error;
  }
  keepOwnChanges(own.filter(c => c !== undone.id));
  if (undone.id) undoneHere.add(undone.id);
  const text = undone.summary ? `Undone: ${undone.summary}` : 'Nothing to undo';
  show(text);
  // The note is about this click only; it must not linger over later pages (a job's progress replaces it anyway).
  setTimeout(() => { if (document.getElementById('progress-text').textContent === text) progress.hidden = true; }, 4000);
  route();
});

const hint = document.getElementById('drop-hint');
window.addEventListener('dragover', e => {
  if (e.dataTransfer.types.includes('Files')) { e.preventDefault(); hint.hidden = false; }
});
window.addEventListener('dragleave', e => { if (!e.relatedTarget) hint.hidden = true; });
window.addEventListener('drop', async e => {
  if (!e.dataTransfer.types.includes('Files')) return;
  e.preventDefault();
  hint.hidden = true;
  await act(async () => uploadFiles(await filesFromDrop(e.dataTransfer), show))();
});

window.addEventListener('hashchange', route);
route();
