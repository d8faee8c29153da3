import { get, post, el, act } from './api.js';

// Photo view: the photo with each face's box and name. A box is a button: click it, or Tab to it (the boxes go left
// to right) and press Enter or Space, to move that face to someone else.
// The face whose move was just sent: its box has focus again once the photo is redrawn, so the keyboard stays there.
let focusFace = null;

export async function renderPhoto(view, id, refresh) {
  const [photo, people] = await Promise.all([get(`photos/${id}`), get('people?hidden=true')]);
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
    box.onclick = () => reassign(face, people, refresh);
    frame.append(box);
  }
  view.replaceChildren(el('h2', { textContent: photo.path }), frame);
  if (focusFace !== null) {
    frame.querySelector(`.box[data-face-id="${focusFace}"]`)?.focus();
    focusFace = null;
  }
}

function reassign(face, people, refresh) {
  const dialog = document.getElementById('reassign');
  const select = document.getElementById('reassign-target');
  select.replaceChildren(...people.map(p => el('option', { value: p.id, textContent: p.displayName, selected: p.id === face.personId })),
    el('option', { value: '', textContent: '+ new person' }));
  dialog.onclose = act(async () => {
    if (dialog.returnValue !== 'ok') return;
    await post('faces/move', { faceIds: [face.id], personId: select.value === '' ? null : Number(select.value) });
    focusFace = face.id;
    refresh();
  });
  dialog.showModal();
}
