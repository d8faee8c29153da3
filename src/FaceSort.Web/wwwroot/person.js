import { get, post, el, act, notify, plural, redrawIfGone } from './api.js';
import { dropTarget } from './people.js';
import { searchable, findPeople, moveAlongKeys } from './finder.js';

// Person page: every face (select several by click, Space or Enter; drag them onto another person or move them with
// "Move selected to"; "not this person", split, set as the card face) and every photo (drag a whole photo onto
// another person), drawn in chunks as the page is scrolled (inChunks, below). The faces come in the photos' order, or
// (`#/person/ID/least-alike`) least like the person's typical face first: a sibling merged in or a stranger is then
// among the first faces of a person of thousands (docs/corrections.md, "Least alike first").
export async function renderPerson(view, id, drawAgain, order = 'photos') {
  // Taken once, so a move that left this person empty (the page goes to the people list) does not steer a later page.
  const where = focusAfter;
  focusAfter = null;
  const before = drawnBefore?.id === id ? drawnBefore.faces : 0;
  drawnBefore = null;
  const kept = selectedBefore?.id === id ? selectedBefore.faces : [];
  selectedBefore = null;
  // A change made on this page draws it again as far down as it was drawn, so the page stays where the user was, with
  // the faces selected that still are this person's.
  const refresh = () => {
    drawnBefore = { id, faces: faces.children.length };
    selectedBefore = { id, faces: [...selected] };
    drawAgain();
  };
  const gone = redrawIfGone(refresh);
  // The first chunk of faces comes with the person; the others are asked for as the page is scrolled (inChunks).
  const [detail, people] = await Promise.all([get(`people/${id}?limit=${CHUNK}&order=${order}`), get('people?hidden=true')]);
  const person = detail.person;
  // A person whose last face went (Not them, a move, an undo) is no longer listed: back to the list, saying why.
  if (detail.faces.length === 0) {
    notify(`${person.displayName} has no faces left, so they are no longer listed; here are the people.`, 'note');
    location.hash = '#/';
    return;
  }
  const selected = new Set(kept);
  const name = el('input', { id: 'person-name', value: person.name ?? '', placeholder: person.displayName, ariaLabel: 'name' });
  const rename = el('form', { id: 'rename-form' }, name, el('button', { textContent: 'Rename' }));
  rename.onsubmit = e => { e.preventDefault(); return act(async () => { await post(`people/${id}/rename`, { name: name.value }); refresh(); }, gone)(); };
  const hide = el('button', { id: 'hide-person', textContent: person.hidden ? 'Unhide' : 'Hide' });
  hide.onclick = act(async () => { await post(`people/${id}/${person.hidden ? 'unhide' : 'hide'}`); refresh(); }, gone);
  const split = el('button', { id: 'split', textContent: 'Split selected into a new person' });
  split.onclick = act(async () => {
    if (selected.size === 0) { notify('Select the faces to split off first (click them, or Space on a face; Shift for every face from the last one).'); return; }
    const result = await post(`people/${id}/split`, { faceIds: [...selected] });
    location.hash = `#/person/${result.personId}`;
  }, error => (error?.status === 400 ? refresh() : gone(error))); // faces moved away since the page was drawn: show the person as it is
  const download = el('a', { className: 'button', href: `api/export.zip?person=${id}`, download: '', textContent: 'Download folder (zip)' });
  const orderSelect = el('select', { id: 'face-order', ariaLabel: 'order of the faces' },
    el('option', { value: 'photos', textContent: 'in photo order' }),
    el('option', { value: 'least-alike', textContent: 'least alike first (to check)' }));
  orderSelect.value = order;
  orderSelect.onchange = () => { location.hash = `#/person/${id}${orderSelect.value === 'least-alike' ? '/least-alike' : ''}`; };
  const faceOrder = el('label', { className: 'face-order' }, 'Faces ', orderSelect);

  const faces = el('div', { className: 'faces' });
  // The index of the face last toggled, where a Shift selection starts.
  let rangeFrom = null;
  // How many faces are selected, beside what acts on them (a Shift run can select more than the screen shows).
  const selectedCount = el('span', { id: 'selected-count' });
  selectedCount.ariaLive = 'polite';
  const showCount = () => { selectedCount.textContent = selected.size === 0 ? '' : `${plural(selected.size, 'face')} selected`; };
  const select = (faceId, tile, on) => {
    if (on) selected.add(faceId); else selected.delete(faceId);
    tile.classList.toggle('selected', on);
    tile.querySelector('img').ariaChecked = String(on);
    showCount();
  };
  const faceTile = (face, at) => {
    // A face is a toggle: Tab reaches it, Space or Enter selects it (the keyboard and touch way into a move or split).
    const img = el('img', { src: `api/faces/${face.id}/thumbnail`, alt: `face ${face.id}`, draggable: true, loading: 'lazy', tabIndex: 0, role: 'checkbox' });
    img.ariaLabel = `face ${face.id}, select`;
    if (face.likeness != null) img.title = `likeness to this person's typical face: ${face.likeness.toFixed(2)}`;
    const tile = el('div', { className: selected.has(face.id) ? 'face selected' : 'face' }, img);
    tile.dataset.faceId = face.id;
    img.ariaChecked = String(selected.has(face.id));
    const toggle = e => {
      // Shift with a click, Space or Enter selects every face from the last one toggled to this one, as a file manager
      // does: in the least-alike order the wrong faces are the first ones, taken in two clicks.
      if (e.shiftKey && rangeFrom !== null && rangeFrom !== at) {
        for (let i = Math.min(rangeFrom, at); i <= Math.max(rangeFrom, at); i++) select(loaded[i].id, faces.children[i], true);
      } else select(face.id, tile, !selected.has(face.id));
      rangeFrom = at;
    };
    img.onclick = toggle;
    img.onkeydown = e => { if (e.key === ' ' || e.key === 'Enter') { e.preventDefault(); toggle(e); } };
    img.ondragstart = e => {
      const ids = selected.has(face.id) ? [...selected] : [face.id];
      e.dataTransfer.setData('application/x-facesort-faces', JSON.stringify(ids));
    };
    // From the keyboard, both leave it on the same button of the face then in this place (`at`, its index among the
    // person's faces): the next face's "Not them" once this face is gone, this face's "Card face" (as a move does; a
    // click or tap leaves the focus alone).
    const notThis = el('button', { className: 'not-this', textContent: 'Not them', title: 'not this person' });
    notThis.onclick = act(async e => {
      await post('faces/reject', { faceIds: [face.id], personId: person.id });
      focusAfter = fromKeyboard(e, { faceAt: at, control: '.not-this' });
      refresh();
    }, gone);
    const best = el('button', { className: 'card-face', textContent: 'Card face', title: 'use as this person\'s card face' });
    best.onclick = act(async e => {
      await post(`people/${id}/representative`, { faceId: face.id });
      focusAfter = fromKeyboard(e, { faceAt: at, control: '.card-face' });
      refresh();
    }, gone);
    const photo = el('a', { href: `#/photo/${face.photoId}`, textContent: 'Photo' });
    tile.append(el('div', { className: 'actions' }, notThis, best, photo));
    // Least alike first cannot compare a face other models made (its photo waits for a scan with the current ones): it
    // comes last, and says why, so the end of the page is not taken for the most alike faces.
    if (order === 'least-alike' && face.likeness == null) {
      tile.append(el('div', { className: 'uncompared', textContent: 'not compared',
        title: 'Made by other models than the rest: not compared until its photo is scanned again' }));
    }
    return tile;
  };
  // The faces asked for so far, in the person's order (a selected face is always among them).
  const loaded = detail.faces;
  const facesTo = async end => {
    if (loaded.length < Math.min(end, person.faceCount)) {
      const page = await get(`people/${id}/faces?offset=${loaded.length}&limit=${end - loaded.length}&order=${order}`
        + `&version=${encodeURIComponent(detail.facesVersion)}`).catch(error => {
        if (error.status !== 409) throw error;
        // The person's faces changed since the first chunk (another tab, a scan): the next chunk of their new order
        // would repeat faces drawn and leave others out (least alike first, one "Not them" elsewhere reorders them), so
        // the page is drawn again, as far down as it was.
        notify(`${person.displayName}'s faces changed meanwhile (in another tab or a scan), so the page was drawn again.`, 'note');
        refresh();
        throw Object.assign(error, { drawnAgain: true });
      });
      for (const face of page) loaded.push(face);
    }
    return loaded;
  };

  const photos = el('div', { className: 'photos' });
  const photoImage = photoId => {
    const img = el('img', { src: `api/photos/${photoId}/image`, draggable: true, loading: 'lazy', alt: `photo ${photoId}` });
    img.ondragstart = e => e.dataTransfer.setData('application/x-facesort-photo', JSON.stringify({ photoId, fromPersonId: person.id }));
    img.onclick = () => { location.hash = `#/photo/${photoId}`; };
    return img;
  };
  const morePhotos = inChunks(photos, { count: detail.photoIds.length, itemsTo: async () => detail.photoIds, draw: photoImage, what: 'photos' });
  // The photos come once every face is drawn (they are under the faces, and the end of the page must stay the end of
  // the faces drawn so far, or scrolling to it would bring photos and never the next faces).
  const moreFaces = inChunks(faces, { count: person.faceCount, itemsTo: facesTo, draw: faceTile, what: 'faces', focusable: 'img',
    then: () => morePhotos.drawTo(CHUNK) });
  // Drawn before the page is shown: as far down as it was before a change made on it, and as the face the keyboard goes
  // back to (below).
  await moreFaces.drawTo(Math.max(CHUNK, before, (where?.faceAt ?? 0) + 1));
  // A selection kept through a change ("Not them" on another face, a rename) loses the faces that left the person (moved
  // away, rejected, their photo moved): they are not drawn again.
  const drawnIds = new Set(loaded.slice(0, faces.children.length).map(f => f.id));
  for (const faceId of selected) if (!drawnIds.has(faceId)) selected.delete(faceId);
  showCount();

  const targets = peopleToMoveTo(people.filter(p => p.id !== person.id), person, loaded, selected, refresh);
  view.replaceChildren(
    el('div', { className: 'toolbar' }, el('h2', { id: 'person-title', textContent: person.displayName }),
      el('span', { id: 'person-counts', textContent: `${plural(person.photoCount, 'photo')} · ${plural(person.faceCount, 'face')}` }), rename, hide, split, selectedCount, download, faceOrder),
    el('div', { className: 'person-layout' }, el('div', {}, faces, moreFaces.button, photos, morePhotos.button), targets));
  // After a move, "Not them" or "Card face" from the keyboard: back in the finder box, or on the face now in the place
  // of the first face acted on (the last face if they were at the end), on the control used, so the user can go on with
  // the next face instead of from the top of the page.
  if (where?.finder) targets.querySelector('#person-filter').focus();
  else if (where) (faces.children[where.faceAt] ?? faces.lastElementChild).querySelector(where.control).focus();
}

// A person's faces and photos are drawn a chunk at a time: the first CHUNK at once, the next ones as the end of what is
// drawn comes within a screen of the window (an IntersectionObserver on the "Show more" button under them), or when
// that button is pressed (the keyboard way: the focus goes to the first face it drew, `focusable` in its tile). A
// person of 20,000 faces was 125,000 elements and 2.5 MB of JSON in one go, 8–24 s before a face could be clicked
// (docs/web.md, "A person of 20,000 faces"). `itemsTo(end)` gives the items (at least the first `end` of `count`, asked
// for if need be); each is drawn by `draw(item, index)`, so `drawTo` can bring the page down to a given face; `then` is
// called once all are drawn. Chunks are drawn one after the other, in order, however many are asked for at once.
const CHUNK = 300;

function inChunks(container, { count, itemsTo, draw, what, focusable, then }) {
  let drawn = 0, queue = Promise.resolve();
  const button = el('button', { type: 'button', className: 'show-more', hidden: true });
  const drawNow = async end => {
    end = Math.min(count, end);
    if (end <= drawn) return;
    const items = await itemsTo(end);
    // Fewer than counted (faces moved away in another tab since): the end is where they end.
    if (items.length < end) count = end = items.length;
    const chunk = document.createDocumentFragment();
    for (; drawn < end; drawn++) chunk.append(draw(items[drawn], drawn));
    container.append(chunk);
    button.textContent = `Show more ${what} (${drawn.toLocaleString('en')} of ${count.toLocaleString('en')} shown)`;
    button.hidden = drawn >= count;
    // Observed again, so a button still near the window after this chunk brings the next one too.
    observer.unobserve(button);
    if (!button.hidden) observer.observe(button);
    else await then?.();
  };
  // A chunk that found the person changed has said so and drawn the page again (`drawnAgain`): nothing more to say.
  const drawTo = end => (queue = queue.then(() => drawNow(end)).catch(error => { if (!error.drawnAgain) notify(error.message); }));
  const observer = new IntersectionObserver(entries => {
    if (entries.some(e => e.isIntersecting)) drawTo(drawn + CHUNK);
  }, { rootMargin: '100% 0px' });
  button.onclick = async () => {
    const first = drawn;
    await drawTo(first + CHUNK);
    if (focusable) container.children[first]?.querySelector(focusable)?.focus();
  };
  return { button, drawTo };
}

// How far down a person's page was drawn ({ id, faces }) when a change made on it asked for it to be drawn again.
let drawnBefore = null;
// The faces selected on a person's page ({ id, faces }) when a change made on it asked for it to be drawn again.
let selectedBefore = null;
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
function peopleToMoveTo(others, person, loaded, selected, refresh) {
  const people = searchable(others);
  // A move from the keyboard keeps the keyboard where the user was working once the page is redrawn: the finder box if
  // they typed in it, else the face that takes the first moved face's place.
  const moveSelected = (personId, e) => act(async () => {
    if (selected.size === 0) { notify('Select the faces to move first (click them, or Space on a face; Shift for every face from the last one).'); return; }
    await post('faces/move', { faceIds: [...selected], personId });
    focusAfter = fromKeyboard(e, filter.value.trim() !== '' ? { finder: true }
      : { faceAt: loaded.findIndex(f => selected.has(f.id)), control: 'img' });
    refresh();
  }, redrawIfGone(refresh))();

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
    // A whole photo dropped here: its faces of this person start the new person (asked for with the photo: they may
    // be further down than the faces asked for so far).
    const photo = e.dataTransfer.getData('application/x-facesort-photo');
    const faceIds = photo
      ? (await get(`photos/${JSON.parse(photo).photoId}`)).faces.filter(f => f.personId === person.id).map(f => f.id)
      : JSON.parse(e.dataTransfer.getData('application/x-facesort-faces') || '[]');
    await post('faces/move', { faceIds, personId: null });
    refresh();
  }, redrawIfGone(refresh));

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
