import { get, post, el, act, notify, plural, redrawIfGone } from './api.js';

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
  const merge = el('button', { id: 'merge-selected', textContent: 'Merge selected' });
  const hiddenToggle = el('label', {}, el('input', { type: 'checkbox', id: 'show-hidden', checked: showHidden }), ' show hidden people');
  const minFaces = el('input', { type: 'number', id: 'min-faces', min: 1, value: sessionStorage.getItem('minFaces') ?? 2, style: 'width:4em',
    ariaLabel: 'fewest faces a person needs to stay shown' });
  const hideSmall = el('button', { id: 'hide-small', textContent: 'Hide people with fewer faces than' });
  const exportFolder = el('input', { id: 'export-folder', placeholder: 'export to a folder, e.g. /home/me/People', size: 28,
    ariaLabel: 'folder on this machine to export to' });
  const exportXmp = el('input', { type: 'checkbox', id: 'export-xmp' });
  const exportForm = el('form', { id: 'export-form' }, exportFolder, el('button', { textContent: 'Export' }),
    el('label', { title: 'an .xmp file beside each photo with named people: digiKam, Immich, Lightroom and Mylio read the names from it' },
      exportXmp, ' with names for other photo programs'),
    el('span', { id: 'export-result' }));
  exportForm.onsubmit = async e => {
    e.preventDefault();
    const result = exportForm.querySelector('#export-result');
    result.textContent = 'exporting…';
    try {
      const summary = await post('export', { folder: exportFolder.value, xmp: exportXmp.checked });
      result.textContent = `${summary.peopleFolders} person folders, ${summary.filesWritten} files written, ${summary.filesUnchanged} unchanged`
        + (summary.copiesLeftOut ? `, ${summary.copiesLeftOut} smaller copies of pictures left out` : '')
        + (summary.sidecarsWritten ? `, ${summary.sidecarsWritten} .xmp files` : '')
        + (summary.keptAsChanged?.length ? `, ${summary.keptAsChanged.length} files you changed kept as they are` : '') + ` → ${exportFolder.value}`;
    } catch (error) { result.textContent = error.message; }
  };
  view.replaceChildren(el('div', { className: 'toolbar' },
    el('strong', { id: 'people-count', textContent: `${people.length.toLocaleString('en')} ${people.length === 1 ? 'person' : 'people'}` }), merge, hiddenToggle, hideSmall, minFaces, exportForm), scroll);
  if (people.length === 0) {
    // Everyone hidden is not an empty library: say so, or the user may add every photo again.
    const hidden = showHidden ? 0 : (await get('people?hidden=true')).length;
    scroll.append(el('p', { id: 'no-people', textContent: hidden > 0
      ? `All ${hidden === 1 ? 'the one person is' : `${hidden.toLocaleString('en')} people are`} hidden: tick "show hidden people" above to see them (Undo brings back the last hide).`
      : 'No people yet: add photos above.' }));
  }

  hiddenToggle.firstChild.onchange = e => { sessionStorage.setItem('showHidden', e.target.checked ? '1' : '0'); refresh(); };
  hideSmall.onclick = act(async () => {
    sessionStorage.setItem('minFaces', minFaces.value);
    const n = Number(minFaces.value);
    if (!Number.isInteger(n) || n < 1) { notify('Enter a whole number of faces, 1 or more, in the box after the button.'); return; }
    const count = people.filter(p => !p.hidden && p.faceCount < n).length;
    if (count > 20 && !confirm(`Hide ${count.toLocaleString('en')} people with fewer than ${plural(n, 'face')}? (Undo shows them again.)`)) return;
    await post('people/hide-small', { minFaces: n });
    refresh();
  });
  merge.onclick = act(async () => {
    const chosen = people.filter(p => selected.has(p.id)); // largest first = the person kept
    if (chosen.length < 2) { notify('Tick at least two people to merge.'); return; }
    const kept = chosen[0].name ?? chosen.find(p => p.name)?.name ?? chosen[0].displayName;
    if (!confirm(`Merge ${chosen.length} people into one named "${kept}"? (Undo splits them again.)`)) return;
    await post('people/merge', { targetId: chosen[0].id, others: chosen.slice(1).map(p => p.id) });
    selected.clear();
    refresh();
  }, redrawIfGone(refresh));
  // The ticks outlive a refresh (showing hidden people, say), so the button follows them from the start.
  const updateMerge = () => { merge.disabled = people.filter(p => selected.has(p.id)).length < 2; };
  updateMerge();

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

function card(person, index, columns, updateMerge, refresh) {
  const box = el('div', { className: `card${person.hidden ? ' hiddenperson' : ''}${selected.has(person.id) ? ' selected' : ''}` });
  box.dataset.personId = person.id;
  box.style.left = `${(index % columns) * CARD_W}px`;
  box.style.top = `${Math.floor(index / columns) * CARD_H}px`;
  const check = el('input', { type: 'checkbox', checked: selected.has(person.id), title: 'select for merge', ariaLabel: `select ${person.displayName} for merge` });
  check.onclick = e => {
    e.stopPropagation();
    if (check.checked) selected.add(person.id); else selected.delete(person.id);
    box.classList.toggle('selected', check.checked);
    updateMerge();
  };
  box.append(check,
    person.faceId ? thumbnail(person) : el('div', { className: 'noface' }),
    // The name is a real link: Tab reaches it and Enter opens the person (the card's click does the same by mouse).
    el('a', { className: 'name', href: `#/person/${person.id}`, textContent: person.displayName, title: person.displayName }),
    el('div', { className: 'count', textContent: `${plural(person.photoCount, 'photo')} · ${plural(person.faceCount, 'face')}` }));
  box.lastChild.title = box.lastChild.textContent;
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
  node.ondrop = act(async e => {
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
  }, redrawIfGone(refresh));
}
