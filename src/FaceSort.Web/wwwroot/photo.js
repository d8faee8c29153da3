import { get, post, el, act, notify } from './api.js';
import { searchable, findPeople, moveAlongKeys } from './finder.js';

// Photo view: the photo with each face's box and name. A box is a button: click it, or Tab to it (the boxes go left
// to right) and press Enter or Space, to move that face to someone else ("Move this face to": type to find the person).
// The face whose move was just sent: its box has focus again once the photo is redrawn, so the keyboard stays there.
let focusFace = null;

export async function renderPhoto(view, id, refresh) {
  const photo = await get(`photos/${id}`);
  // The people are only needed by "Move this face to": asked for when it first opens (10,000 people are a long list to
  // fetch for every drawing of a photo), then kept for this drawing of the page. A move draws the page again, so the
  // next opening asks again and sees the people and counts the move made.
  let peopleRequest = null;
  const everyone = () => (peopleRequest ??= get('people?hidden=true').then(searchable, e => { peopleRequest = null; throw e; }));
  const img = el('img', { src: `api/photos/${id}/image`, alt: photo.path });
  const frame = el('div', { className: 'photo-view' }, img);
  // Boxes are in original pixels; percentages keep them on the face at any displayed size.
  for (const face of [...photo.faces].sort((a, b) => a.x - b.x || a.y - b.y)) {
    const label = face.personName ?? 'unassigned';
    const box = el('button', { type: 'button', className: 'box', title: `${label}: move this face to someone else`,
      ariaLabel: face.personName ?? 'unassigned face' }, el('span', { textContent: label }));
    box.dataset.faceId = face.id;
    box.classList.toggle('right', face.x + face.width / 2 > photo.width / 2);
    Object.assign(box.style, {
      left: `${100 * face.x / photo.width}%`, top: `${100 * face.y / photo.height}%`,
      width: `${100 * face.width / photo.width}%`, height: `${100 * face.height / photo.height}%`,
    });
    box.onclick = e => reassign(face, box, everyone, refresh, e);
    frame.append(box);
  }
  view.replaceChildren(el('h2', { textContent: photo.path }), frame);
  if (focusFace !== null) {
    frame.querySelector(`.box[data-face-id="${focusFace}"]`)?.focus();
    focusFace = null;
  }
}

// What was typed in "Move this face to": there again, selected, when the dialog next opens, so the next face can go to
// the same person with Enter, Enter, or typing replaces it.
let reassignText = '';

// The dialog's latest opening: people that arrive for an earlier one (closed since) are not shown.
let opening = 0;

// Opened by a tap (or by a click where the pointer is a finger), the dialog leaves the keyboard out of its box: a phone's
// on-screen keyboard would cover the list, which is tapped; tapping the box brings the keyboard. From the keyboard
// (a click with no pointer count: Enter or Space) or a mouse, the box has the focus as before.
const byTouch = e => e.detail !== 0 && (e.pointerType === 'touch' || matchMedia('(pointer: coarse)').matches);

// "Move this face to": opens with the keyboard in the finder box (after a tap, with the focus on its title) over the
// people other than the face's own (at most the 200 largest listed, as on the person page); typing narrows the list,
// Down or Enter goes to the first match, Enter (or a click) on a person moves the face there, "+ new person" starts
// one, Escape or Cancel closes without a move.
// `everyone` gives the people (searchable); until they are here the box takes typing and the list waits for them.
function reassign(face, box, everyone, refresh, e) {
  const dialog = document.getElementById('reassign');
  const filter = document.getElementById('reassign-filter');
  const count = document.getElementById('reassign-count');
  const list = document.getElementById('reassign-list');
  const newPerson = document.getElementById('reassign-new');
  const mine = ++opening;
  let others = null;
  document.getElementById('reassign-title').textContent =
    face.personName ? `Move this face of ${face.personName} to:` : 'Move this unassigned face to:';
  let moving = false;
  let drawn = () => {};
  const moveTo = personId => act(async () => {
    moving = true;
    dialog.close();
    await post('faces/move', { faceIds: [face.id], personId });
    focusFace = face.id;
    refresh();
  }, error => {
    // The person chosen was merged away or undone since the list was asked for (another tab, someone else): the page is
    // drawn again, so the list is asked for again when the dialog next opens.
    if (error?.status === 404) { focusFace = face.id; refresh(); } else box.focus();
  })();
  const show = () => {
    // "+ new person" waits for the list too, so Enter typed ahead in the box cannot land on it instead of a match.
    newPerson.disabled = others === null;
    if (others === null) {
      list.replaceChildren();
      count.textContent = 'Finding the people…';
      count.hidden = false;
      return;
    }
    const { listed, line } = findPeople(others, filter.value);
    list.replaceChildren(...listed.map(p => {
      const entry = el('button', { type: 'button', className: 'person-target', textContent: `${p.displayName} (${p.faceCount})` });
      entry.dataset.personId = p.id;
      entry.onclick = () => moveTo(p.id);
      return entry;
    }));
    count.textContent = line;
    count.hidden = line === '';
    drawn();
  };
  filter.value = reassignText;
  filter.oninput = () => { reassignText = filter.value; show(); };
  newPerson.onclick = () => moveTo(null);
  // Escape in the box or the list closes the dialog at once (handled here, not left to the search box).
  drawn = moveAlongKeys(filter, document.getElementById('reassign-entries'), e => { e.preventDefault(); dialog.close(); });
  // Closed, it keeps no entries: the page's own person entries are then the only ones. The close event comes a task
  // after close(): when the dialog was opened again meanwhile (Escape, then Space at once), it is not this closing's.
  dialog.onclose = () => { if (dialog.open) return; list.replaceChildren(); if (!moving) box.focus(); };
  show();
  // On a touch screen its title takes the focus when it opens (the title's autofocus), not its first control, the box.
  const touch = byTouch(e);
  document.getElementById('reassign-title').autofocus = touch;
  dialog.showModal();
  if (!touch) {
    filter.focus();
    filter.select();
  }
  everyone().then(people => {
    if (mine !== opening || !dialog.open) return;
    others = people.filter(p => p.id !== face.personId);
    show();
  }, error => {
    if (mine === opening) dialog.close();
    notify(error.message);
  });
}
