import { get, post, el } from './api.js';
import { dropTarget } from './people.js';

// Person page: every face (select several, drag onto another person, "not this person", split, set as the card
// face) and every photo (drag a whole photo onto another person).
export async function renderPerson(view, id, refresh) {
  const [detail, people] = await Promise.all([get(`people/${id}`), get('people?hidden=true')]);
  const person = detail.person;
  const selected = new Set();
  const name = el('input', { id: 'person-name', value: person.name ?? '', placeholder: person.displayName });
  const rename = el('form', { id: 'rename-form' }, name, el('button', { textContent: 'Rename' }));
  rename.onsubmit = async e => { e.preventDefault(); await post(`people/${id}/rename`, { name: name.value }); refresh(); };
  const hide = el('button', { id: 'hide-person', textContent: person.hidden ? 'Unhide' : 'Hide' });
  hide.onclick = async () => { await post(`people/${id}/${person.hidden ? 'unhide' : 'hide'}`); refresh(); };
  const split = el('button', { id: 'split', textContent: 'Split selected into a new person' });
  split.onclick = async () => {
    if (selected.size === 0) return;
    const result = await post(`people/${id}/split`, { faceIds: [...selected] });
    location.hash = `#/person/${result.personId}`;
  };
  const download = el('a', { className: 'button', href: `api/export.zip?person=${id}`, download: '', textContent: 'Download folder (zip)' });

  const faces = el('div', { className: 'faces' });
  for (const face of detail.faces) {
    const img = el('img', { src: `api/faces/${face.id}/thumbnail`, alt: `face ${face.id}`, draggable: true, loading: 'lazy' });
    const tile = el('div', { className: 'face' }, img);
    tile.dataset.faceId = face.id;
    img.onclick = () => { selected.has(face.id) ? selected.delete(face.id) : selected.add(face.id); tile.classList.toggle('selected'); };
    img.ondragstart = e => {
      const ids = selected.has(face.id) ? [...selected] : [face.id];
      e.dataTransfer.setData('application/x-facesort-faces', JSON.stringify(ids));
    };
    const notThis = el('button', { className: 'not-this', textContent: 'Not them', title: 'not this person' });
    notThis.onclick = async () => { await post('faces/reject', { faceIds: [face.id], personId: person.id }); refresh(); };
    const best = el('button', { textContent: 'Card face', title: 'use as this person\'s card face' });
    best.onclick = async () => { await post(`people/${id}/representative`, { faceId: face.id }); refresh(); };
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

  const targets = el('div', { className: 'targets' }, el('p', { textContent: 'Drag faces or photos onto:' }));
  for (const other of people.filter(p => p.id !== person.id)) {
    const target = el('div', { className: 'person-target', textContent: `${other.displayName} (${other.faceCount})` });
    target.dataset.personId = other.id;
    dropTarget(target, other.id, refresh);
    targets.append(target);
  }
  const newPerson = el('div', { className: 'person-target', textContent: '+ new person' });
  newPerson.ondragover = e => e.preventDefault();
  newPerson.ondrop = async e => {
    e.preventDefault();
    await post('faces/move', { faceIds: JSON.parse(e.dataTransfer.getData('application/x-facesort-faces') || '[]'), personId: null });
    refresh();
  };
  targets.append(newPerson);

  view.replaceChildren(
    el('div', { className: 'toolbar' }, el('h2', { id: 'person-title', textContent: person.displayName }),
      el('span', { textContent: `${person.photoCount} photos · ${person.faceCount} faces` }), rename, hide, split, download),
    el('div', { className: 'person-layout' }, el('div', {}, faces, photos), targets));
}
