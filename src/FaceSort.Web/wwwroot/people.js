import { get, post, el } from './api.js';

// People page: one card per person, largest first. Only the rows in view are in the DOM (plus a margin), so
// 10,000 people scroll as smoothly as 10.
const CARD_W = 160, CARD_H = 200;
const selected = new Set();

export async function renderPeople(view, refresh) {
  const showHidden = sessionStorage.getItem('showHidden') === '1';
  const people = await get(`people?hidden=${showHidden}`);
  const scroll = el('div', { id: 'people-scroll' });
  const spacer = el('div');
  scroll.append(spacer);
  const merge = el('button', { id: 'merge-selected', textContent: 'Merge selected', disabled: true });
  const hiddenToggle = el('label', {}, el('input', { type: 'checkbox', id: 'show-hidden', checked: showHidden }), ' show hidden people');
  const minFaces = el('input', { type: 'number', id: 'min-faces', min: 1, value: sessionStorage.getItem('minFaces') ?? 2, style: 'width:4em' });
  const hideSmall = el('button', { id: 'hide-small', textContent: 'Hide people with fewer faces than' });
  const exportFolder = el('input', { id: 'export-folder', placeholder: 'export to a folder, e.g. /home/me/People', size: 28 });
  const exportForm = el('form', { id: 'export-form' }, exportFolder, el('button', { textContent: 'Export' }),
    el('span', { id: 'export-result' }));
  exportForm.onsubmit = async e => {
    e.preventDefault();
    const result = exportForm.querySelector('#export-result');
    result.textContent = 'exporting…';
    try {
      const summary = await post('export', { folder: exportFolder.value });
      result.textContent = `${summary.peopleFolders} person folders, ${summary.filesWritten} files written, ${summary.filesUnchanged} unchanged → ${exportFolder.value}`;
    } catch (error) { result.textContent = error.message; }
  };
  view.replaceChildren(el('div', { className: 'toolbar' },
    el('strong', { textContent: `${people.length.toLocaleString("en")} ${people.length === 1 ? "person" : "people"}` }), merge, hiddenToggle, hideSmall, minFaces, exportForm), scroll);
  if (people.length === 0) scroll.append(el('p', { textContent: 'No people yet: add photos above.' }));

  hiddenToggle.firstChild.onchange = e => { sessionStorage.setItem('showHidden', e.target.checked ? '1' : '0'); refresh(); };
  hideSmall.onclick = async () => { sessionStorage.setItem('minFaces', minFaces.value); await post('people/hide-small', { minFaces: Number(minFaces.value) }); refresh(); };
  merge.onclick = async () => {
    const [target, ...others] = people.filter(p => selected.has(p.id)).map(p => p.id); // largest first = target
    await post('people/merge', { targetId: target, others });
    selected.clear();
    refresh();
  };
  const updateMerge = () => { merge.disabled = selected.size < 2; };

  // Cards still in view are kept between frames (only rows entering or leaving are touched), and thumbnails are
  // requested once scrolling pauses, so a fast scroll through 10,000 people does not queue thousands of images.
  const shown = new Map();
  let columnsDrawn = 0, settle = 0, pending = false;
  const loadImages = () => {
    for (const node of shown.values()) {
      const img = node.querySelector('img[data-src]');
      if (img) { img.src = img.dataset.src; delete img.dataset.src; }
    }
  };
  const draw = () => {
    pending = false;
    const columns = Math.max(1, Math.floor(scroll.clientWidth / CARD_W));
    if (columns !== columnsDrawn) { shown.forEach(node => node.remove()); shown.clear(); columnsDrawn = columns; }
    spacer.style.height = `${Math.ceil(people.length / columns) * CARD_H}px`;
    const first = Math.max(0, Math.floor(scroll.scrollTop / CARD_H) - 2) * columns;
    const last = Math.min(people.length, (Math.ceil((scroll.scrollTop + scroll.clientHeight) / CARD_H) + 2) * columns);
    for (const [i, node] of shown) if (i < first || i >= last) { node.remove(); shown.delete(i); }
    for (let i = first; i < last; i++) {
      if (shown.has(i)) continue;
      const node = card(people[i], i, columns, updateMerge, refresh);
      shown.set(i, node);
      scroll.append(node);
    }
    clearTimeout(settle);
    settle = setTimeout(loadImages, 120);
  };
  scroll.onscroll = () => { if (!pending) { pending = true; requestAnimationFrame(draw); } };
  new ResizeObserver(draw).observe(scroll);
  draw();
  loadImages();
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

function card(person, index, columns, updateMerge, refresh) {
  const box = el('div', { className: `card${person.hidden ? ' hiddenperson' : ''}${selected.has(person.id) ? ' selected' : ''}` });
  box.dataset.personId = person.id;
  box.style.left = `${(index % columns) * CARD_W}px`;
  box.style.top = `${Math.floor(index / columns) * CARD_H}px`;
  const check = el('input', { type: 'checkbox', checked: selected.has(person.id), title: 'select for merge' });
  check.onclick = e => {
    e.stopPropagation();
    if (check.checked) selected.add(person.id); else selected.delete(person.id);
    box.classList.toggle('selected', check.checked);
    updateMerge();
  };
  box.append(check,
    person.faceId ? thumbnail(person) : el('div', { className: 'noface' }),
    el('div', { className: 'name', textContent: person.displayName }),
    el('div', { className: 'count', textContent: `${plural(person.photoCount, 'photo')} · ${plural(person.faceCount, 'face')}` }));
  box.onclick = () => { location.hash = `#/person/${person.id}`; };
  dropTarget(box, person.id, refresh);
  return box;
}

function thumbnail(person) {
  const img = el('img', { alt: person.displayName });
  img.dataset.src = `api/faces/${person.faceId}/thumbnail`;
  return img;
}

// A person (card or side list entry) accepts faces and whole photos dragged onto it.
export function dropTarget(node, personId, refresh) {
  node.ondragover = e => { e.preventDefault(); node.classList.add('drop'); };
  node.ondragleave = () => node.classList.remove('drop');
  node.ondrop = async e => {
    e.preventDefault();
    node.classList.remove('drop');
    const faces = e.dataTransfer.getData('application/x-facesort-faces');
    const photo = e.dataTransfer.getData('application/x-facesort-photo');
    if (faces) await post('faces/move', { faceIds: JSON.parse(faces), personId });
    else if (photo) {
      const { photoId, fromPersonId } = JSON.parse(photo);
      await post(`photos/${photoId}/move`, { fromPersonId, toPersonId: personId });
    }
    refresh();
  };
}
