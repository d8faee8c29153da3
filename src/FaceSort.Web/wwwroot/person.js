import { get, post, el, act, notify, plural } from './api.js';
import { dropTarget } from './people.js';
import { searchable, findPeople, moveAlongKeys } from './finder.js';

// Person page: every face (select several by click, Space or Enter; drag them onto another person or move them with
// "Move selected to"; "not this person", split, set as the card face) and every photo (drag a whole photo onto
// another person).
export async function renderPerson(view, id, refresh) {
  // Taken once, so a move that left this person empty (the page goes to the people list) does not steer a later page.
  const where = focusAfter;
  focusAfter = null;
  const [detail, people] = await Promise.all([get(`people/${id}`), get('people?hidden=true')]);
  const person = detail.person;
  // A person whose last face went (Not them, a move, an undo) is no longer listed: back to the list, saying why.
  if (detail.faces.length === 0) {
    notify(`${person.displayName} has no faces left, so they are no longer listed; here are the people.`, 'note');
    location.hash = '#/';
    return;
  }
  const selected = new Set();
  const name = el('input', { id: 'person-name', value: person.name ?? '', placeholder: person.displayName, ariaLabel: 'name' });
  const rename = el('form', { id: 'rename-form' }, name, el('button', { textContent: 'Rename' }));
  rename.onsubmit = e => { e.preventDefault(); return act(async () => { await post(`people/${id}/rename`, { name: name.value }); refresh(); })(); };
  const hide = el('button', { id: 'hide-person', textContent: person.hidden ? 'Unhide' : 'Hide' });
  hide.onclick = act(async () => { await post(`people/${id}/${person.hidden ? 'unhide' : 'hide'}`); refresh(); });
  const split = el('button', { id: 'split', textContent: 'Split selected into a new person' });
  split.onclick = act(async () => {
    if (selected.size === 0) { notify('Select the faces to split off first (click them, or Space on a face).'); return; }
    const result = await post(`people/${id}/split`, { faceIds: [...selected] });
    location.hash = `#/person/${result.personId}`;
  });
  const download = el('a', { className: 'button', href: `api/export.zip?person=${id}`, download: '', textContent: 'Download folder (zip)' });

  const faces = el('div', { className: 'faces' });
  for (const face of detail.faces) {
    // A face is a toggle: Tab reaches it, Space or Enter selects it (the keyboard and touch way into a move or split).
    const img = el('img', { src: `api/faces/${face.id}/thumbnail`, alt: `face ${face.id}`, draggable: true, loading: 'lazy', tabIndex: 0, role: 'checkbox' });
    img.ariaChecked = 'false';
    img.ariaLabel = `face ${face.id}, select`;
    const tile = el('div', { className: 'face' }, img);
    tile.dataset.faceId = face.id;
    const toggle = () => {
      if (selected.has(face.id)) selected.delete(face.id); else selected.add(face.id);
      tile.classList.toggle('selected', selected.has(face.id));
      img.ariaChecked = String(selected.has(face.id));
    };
    img.onclick = toggle;
    img.onkeydown = e => { if (e.key === ' ' || e.key === 'Enter') { e.preventDefault(); toggle(); } };
    img.ondragstart = e => {
      const ids = selected.has(face.id) ? [...selected] : [face.id];
      e.dataTransfer.setData('application/x-facesort-faces', JSON.stringify(ids));
    };
    // From the keyboard, both leave it on the same button of the face then in this place: the next face's "Not them"
    // once this face is gone, this face's "Card face" (as a move does; a click or tap leaves the focus alone).
    const at = faces.children.length;
    const notThis = el('button', { className: 'not-this', textContent: 'Not them', title: 'not this person' });
    notThis.onclick = act(async e => {
      await post('faces/reject', { faceIds: [face.id], personId: person.id });
      focusAfter = fromKeyboard(e, { faceAt: at, control: '.not-this' });
      refresh();
    });
    const best = el('button', { className: 'card-face', textContent: 'Card face', title: 'use as this person\'s card face' });
    best.onclick = act(async e => {
      await post(`people/${id}/representative`, { faceId: face.id });
      focusAfter = fromKeyboard(e, { faceAt: at, control: '.card-face' });
      refresh();
    });
    const photo = el('a', { href: `#/photo/${face.photoId}`, textContent: 'Photo' });
    tile.append(el('div', { className: 'actions' }, notThis, best, photo));
    faces.append(tile);
  }

  const photos = el('div', { className: 'photos' });
  for (const photoId of detail.photoIds) {
    const img = el('img', { src: `api/photos/${photoId}/image`, draggable: true, loading: 'lazy', alt: `photo ${photoId}` });
    img.ondragstart = e => e.dataTransfer.setData('application/x-facesort-photo', JSON.stringify({ photoId, fromPersonId: person.id }));
    img.onclick = () => { location.hash = `#/photo/${photoId}`; };
    photos.append(img);
  }

  const targets = peopleToMoveTo(people.filter(p => p.id !== person.id), detail, selected, refresh);
  view.replaceChildren(
    el('div', { className: 'toolbar' }, el('h2', { id: 'person-title', textContent: person.displayName }),
      el('span', { id: 'person-counts', textContent: `${plural(person.photoCount, 'photo')} · ${plural(person.faceCount, 'face')}` }), rename, hide, split, download),
    el('div', { className: 'person-layout' }, el('div', {}, faces, photos), targets));
  // After a move, "Not them" or "Card face" from the keyboard: back in the finder box, or on the face now in the place
  // of the first face acted on (the last face if they were at the end), on the control used, so the user can go on with
  // the next face instead of from the top of the page.
  if (where?.finder) targets.querySelector('#person-filter').focus();
  else if (where) (faces.children[where.faceAt] ?? faces.lastElementChild).querySelector(where.control).focus();
}

// What was typed in the filter box: kept while pages are redrawn (after a move the list stays as the user left it),
// until Escape or clearing the box.
let filterText = '';
// Where the keyboard goes once the page is drawn again after a change made on it (null: nowhere, as after a click or a
// drop): { finder: true }, or { faceAt, control }, the face tile's index and the selector of the control in it.
let focusAfter = null;

// `where` for a change made from the keyboard (a click event with no pointer count: Enter or Space on a button), else
// null: a click or a tap leaves the focus alone, so a phone does not bring its keyboard back after each change.
const fromKeyboard = (e, where) => (e.detail === 0 ? where : null);

// The side list: a filter box, "Move selected faces to" (keyboard, touch), and one entry per person to drop faces or
// photos on, or to press Enter on to move the selected faces there. Typing filters the list and the select alike on
// the client (the people are already here), without a request per key.
function peopleToMoveTo(others, detail, selected, refresh) {
  const people = searchable(others);
  // A move from the keyboard keeps the keyboard where the user was working once the page is redrawn: the finder box if
  // they typed in it, else the face that takes the first moved face's place.
  const moveSelected = (personId, e) => act(async () => {
    if (selected.size === 0) { notify('Select the faces to move first (click them, or Space on a face).'); return; }
    await post('faces/move', { faceIds: [...selected], personId });
    focusAfter = fromKeyboard(e, filter.value.trim() !== '' ? { finder: true }
      : { faceAt: detail.faces.findIndex(f => selected.has(f.id)), control: 'img' });
    refresh();
  })();

  const filter = el('input', { type: 'search', id: 'person-filter', value: filterText, placeholder: 'name or Person_012',
    autocomplete: 'off', spellcheck: false });
  filter.setAttribute('aria-describedby', 'targets-count');
  const count = el('p', { id: 'targets-count', className: 'help' });
  count.ariaLive = 'polite';
  const moveTo = el('select', { id: 'move-target', ariaLabel: 'person to move the selected faces to' });
  const move = el('button', { id: 'move-selected', textContent: 'Move' });
  move.onclick = e => moveSelected(moveTo.value === '' ? null : Number(moveTo.value), e);
  const list = el('div', { id: 'target-list' });

  const newPerson = el('button', { type: 'button', className: 'person-target', textContent: '+ new person',
    title: 'drop faces or a photo here, or press Enter to move the selected faces, to start a new person' });
  newPerson.onclick = e => moveSelected(null, e);
  newPerson.ondragover = e => e.preventDefault();
  newPerson.ondrop = act(async e => {
    e.preventDefault();
    // A whole photo dropped here: its faces of this person start the new person.
    const photo = e.dataTransfer.getData('application/x-facesort-photo');
    const faceIds = photo
      ? detail.faces.filter(f => f.photoId === JSON.parse(photo).photoId).map(f => f.id)
      : JSON.parse(e.dataTransfer.getData('application/x-facesort-faces') || '[]');
    await post('faces/move', { faceIds, personId: null });
    refresh();
  });

  const show = () => {
    const { listed, line } = findPeople(people, filter.value);
    moveTo.replaceChildren(...listed.map(p => el('option', { value: p.id, textContent: `${p.displayName} (${p.faceCount})` })),
      el('option', { value: '', textContent: '+ new person' }));
    list.replaceChildren(...listed.map(p => {
      const target = el('button', { type: 'button', className: 'person-target', textContent: `${p.displayName} (${p.faceCount})`,
        title: `drop faces or a photo here, or press Enter to move the selected faces to ${p.displayName}` });
      target.dataset.personId = p.id;
      target.onclick = e => moveSelected(p.id, e);
      dropTarget(target, p.id, refresh);
      return target;
    }));
    count.textContent = line;
    count.hidden = line === '';
  };
  filter.oninput = () => { filterText = filter.value; show(); };
  const clear = () => { filter.value = filterText = ''; show(); filter.focus(); };
  // Keys: Down or Enter from the box goes to the first person listed, Up and Down move along the list, Escape clears
  // the box (from the list too, back to the box). Tab goes on to the select and Move as before.
  const entries = el('div', { className: 'target-entries' }, list, newPerson);
  moveAlongKeys(filter, entries, e => {
    if (e.target === filter && filter.value === '') return;
    e.preventDefault();
    clear();
  });
  show();

  return el('div', { className: 'targets' },
    el('div', { className: 'target-find' }, el('label', { htmlFor: 'person-filter', textContent: 'Find a person' }), filter, count),
    el('p', { className: 'move-form' }, el('label', { htmlFor: 'move-target', textContent: 'Move selected faces to ' }), moveTo, ' ', move),
    el('p', { textContent: 'Or drag faces or photos onto a person (or press Enter on one):' }), entries);
}
