import { get, post, el, act } from './api.js';
import { searchable, findPeople, moveAlongKeys } from './finder.js';

// Photo view: the photo with each face's box and name. A box is a button: click it, or Tab to it (the boxes go left
// to right) and press Enter or Space, to move that face to someone else ("Move this face to": type to find the person).
// The face whose move was just sent: its box has focus again once the photo is redrawn, so the keyboard stays there.
let focusFace = null;

export async function renderPhoto(view, id, refresh) {
  const [photo, everyone] = await Promise.all([get(`photos/${id}`), get('people?hidden=true')]);
  const people = searchable(everyone);
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
    box.onclick = () => reassign(face, box, people, refresh);
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

// "Move this face to": opens with the keyboard in the finder box over the people other than the face's own (at most the
// 200 largest listed, as on the person page); typing narrows the list, Down or Enter goes to the first match, Enter
// (or a click) on a person moves the face there, "+ new person" starts one, Escape or Cancel closes without a move.
function reassign(face, box, people, refresh) {
  const dialog = document.getElementById('reassign');
  const filter = document.getElementById('reassign-filter');
  const count = document.getElementById('reassign-count');
  const list = document.getElementById('reassign-list');
  const others = people.filter(p => p.id !== face.personId);
  document.getElementById('reassign-title').textContent =
    face.personName ? `Move this face of ${face.personName} to:` : 'Move this unassigned face to:';
  let moving = false;
  const moveTo = personId => act(async () => {
    moving = true;
    dialog.close();
    await post('faces/move', { faceIds: [face.id], personId });
    focusFace = face.id;
    refresh();
  }, () => box.focus())();
  const show = () => {
    const { listed, line } = findPeople(others, filter.value);
    list.replaceChildren(...listed.map(p => {
      const entry = el('button', { type: 'button', className: 'person-target', textContent: `${p.displayName} (${p.faceCount})` });
      entry.dataset.personId = p.id;
      entry.onclick = () => moveTo(p.id);
      return entry;
    }));
    count.textContent = line;
    count.hidden = line === '';
  };
  filter.value = reassignText;
  filter.oninput = () => { reassignText = filter.value; show(); };
  document.getElementById('reassign-new').onclick = () => moveTo(null);
  // Escape in the box or the list closes the dialog at once (handled here, not left to the search box).
  moveAlongKeys(filter, document.getElementById('reassign-entries'), e => { e.preventDefault(); dialog.close(); });
  // Closed, it keeps no entries: the page's own person entries are then the only ones.
  dialog.onclose = () => { list.replaceChildren(); if (!moving) box.focus(); };
  show();
  dialog.showModal();
  filter.focus();
  filter.select();
}
