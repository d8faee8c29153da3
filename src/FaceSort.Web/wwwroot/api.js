// Thin fetch helpers for the JSON API; every error answer carries {error}, which a failed request rejects with.
export class ApiError extends Error {
  constructor(message, status, body) { super(message); this.status = status; this.body = body; }
}

async function answer(response) {
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(json.error ?? response.statusText, response.status, json);
  return json;
}

// The changes this tab made (correction ids, oldest first; sessionStorage, so a reload keeps them): Undo names the
// newest, so a change made since in another tab or by someone else on the same library is not taken back unseen.
export const ownChanges = () => JSON.parse(sessionStorage.getItem('ownChanges') ?? '[]');
export const keepOwnChanges = ids => sessionStorage.setItem('ownChanges', JSON.stringify(ids.slice(-200)));

export const get = async path => answer(await fetch(`api/${path}`));

export const post = async (path, body = {}) => {
  const json = await answer(await fetch(`api/${path}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  }));
  if (json.correctionId > 0) keepOwnChanges([...ownChanges(), json.correctionId]);
  return json;
};

export const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) node.append(child);
  return node;
};

export const plural = (n, word) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

// One place on the page says what went wrong (the server's own sentence) or leaves a short note; it stays until
// closed or the next action, so a refused rename or merge is never silent.
let noteTimer = 0;
export function notify(text, kind = 'error') {
  const box = document.getElementById('notice');
  clearTimeout(noteTimer);
  box.hidden = !text;
  box.className = kind;
  box.querySelector('span').textContent = text;
  if (kind === 'note') noteTimer = setTimeout(() => { box.hidden = true; }, 6000);
}

// An action handler: clears the last message, runs, and on failure shows the server's message and calls undo with the
// error (to give back a greyed row, a disabled button, to draw a page again) instead of leaving an uncaught rejection
// in the console.
export const act = (work, undo) => async (...args) => {
  notify('');
  try { await work(...args); } catch (error) { undo?.(error); notify(error.message); }
};

// For act's undo: a person merged away or undone since the page was drawn (in another tab, or by someone else on the
// same library) is a 404 whose sentence says so, and the page is drawn again as the library is now (a person page
// whose own person went goes to the people list). Before, the page stayed as it was, still offering the person.
export const redrawIfGone = redraw => error => { if (error?.status === 404) redraw(); };
