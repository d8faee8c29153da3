import { get, post, el, act, notify, plural } from './api.js';
import { dropTarget } from './people.js';

// Person page: every face (select several by click, Space or Enter; drag them onto another person or move them with
// "Move selected to"; "not this person", split, set as the card face) and every photo (drag a whole photo onto
// another person).
export async function renderPerson(view, id, refresh) {
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
    const notThis = el('button', { className: 'not-this', textContent: 'Not them', title: 'not this person' });
    notThis.onclick = act(async () => { await post('faces/reject', { faceIds: [face.id], personId: person.id }); refresh(); });
    const best = el('button', { textContent: 'Card face', title: 'use as this person\'s card face' });
    best.onclick = act(async () => { await post(`people/${id}/representative`, { faceId: face.id }); refresh(); });
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

  const others = people.filter(p => p.id !== person.id);
  // Moving without dragging (keyboard, touch): choose a person, then Move.
  const moveTo = el('select', { id: 'move-target', ariaLabel: 'person to move the selected faces to' },
    ...others.map(p => el('option', { value: p.id, textContent: `${p.displayName} (${p.faceCount})` })),
    el('option', { value: '', textContent: '+ new person' }));
  const move = el('button', { id: 'move-selected', textContent: 'Move' });
  move.onclick = act(async () => {
    if (selected.size === 0) { notify('Select the faces to move first (click them, or Space on a face).'); return; }
    await post('faces/move', { faceIds: [...selected], personId: moveTo.value === '' ? null : Number(moveTo.value) });
    refresh();
  });
  const targets = el('div', { className: 'targets' },
    el('p', { className: 'move-form' }, el('label', { htmlFor: 'move-target', textContent: 'Move selected faces to ' }), moveTo, ' ', move),
    el('p', { textContent: 'Or drag faces or photos onto:' }));
  for (const other of others) {
    const target = el('div', { className: 'person-target', textContent: `${other.displayName} (${other.faceCount})` });
    target.dataset.personId = other.id;
    dropTarget(target, other.id, refresh);
    targets.append(target);
  }
  const newPerson = el('div', { className: 'person-target', textContent: '+ new person' });
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
  targets.append(newPerson);

  view.replaceChildren(
    el('div', { className: 'toolbar' }, el('h2', { id: 'person-title', textContent: person.displayName }),
      el('span', { id: 'person-counts', textContent: `${plural(person.photoCount, 'photo')} · ${plural(person.faceCount, 'face')}` }), rename, hide, split, download),
    el('div', { className: 'person-layout' }, el('div', {}, faces, photos), targets));
}
