import { get, post, el, act } from './api.js';

// Photo view: the photo with each face's box and name; click a box to move that face to someone else.
export async function renderPhoto(view, id, refresh) {
  const [photo, people] = await Promise.all([get(`photos/${id}`), get('people?hidden=true')]);
  const img = el('img', { src: `api/photos/${id}/image`, alt: photo.path });
  const frame = el('div', { className: 'photo-view' }, img);
  // Boxes are in original pixels; percentages keep them on the face at any displayed size.
  for (const face of photo.faces) {
    const label = face.personName ?? 'unassigned';
    const box = el('div', { className: 'box', title: `${label}: click to reassign` }, el('span', { textContent: label }));
    box.dataset.faceId = face.id;
    Object.assign(box.style, {
      left: `${100 * face.x / photo.width}%`, top: `${100 * face.y / photo.height}%`,
      width: `${100 * face.width / photo.width}%`, height: `${100 * face.height / photo.height}%`,
    });
    box.onclick = () => reassign(face, people, refresh);
    frame.append(box);
  }
  view.replaceChildren(el('h2', { textContent: photo.path }), frame);
}

function reassign(face, people, refresh) {
  const dialog = document.getElementById('reassign');
  const select = document.getElementById('reassign-target');
  select.replaceChildren(...people.map(p => el('option', { value: p.id, textContent: p.displayName, selected: p.id === face.personId })),
    el('option', { value: '', textContent: '+ new person' }));
  dialog.onclose = act(async () => {
    if (dialog.returnValue !== 'ok') return;
    await post('faces/move', { faceIds: [face.id], personId: select.value === '' ? null : Number(select.value) });
    refresh();
  });
  dialog.showModal();
}
