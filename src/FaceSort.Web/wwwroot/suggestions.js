import { get, post, el } from './api.js';

// Suggestions page: the classifier the server chose (with its cross-validated accuracy), one row per small unnamed
// person with the named person it probably is (Yes merges it there, No says "not this person" of all its faces), one
// row per unassigned face with the proposed person — Yes (y) moves it there, No (n) records "not this person" — and
// "same person?" pairs with a Merge button. Keys act on the first face row, so a user can go through the list without
// the mouse.
export async function renderSuggestions(view, refresh) {
  const s = await get('suggestions');
  const header = el('div', { className: 'toolbar' }, el('h2', { textContent: 'Suggestions' }));
  if (s.classifier) {
    header.append(el('span', { id: 'classifier', textContent:
      `${s.classifier}: ${(100 * s.accuracy).toFixed(1)}% cross-validated accuracy on ${s.labelledFaces} named faces` }));
    header.title = s.scores.map(c => `${c.name} ${(100 * c.accuracy).toFixed(1)}%`).join(' · ');
  }
  const rows = el('div', { id: 'suggestion-list', className: 'suggestions' });
  for (const f of s.faces) rows.append(suggestionRow(f, refresh));
  if (s.faces.length === 0) rows.append(el('p', { textContent: s.hint ?? 'No unassigned faces to suggest a person for.' }));
  const small = el('div', { id: 'small-people', className: 'suggestions' });
  for (const p of s.smallPeople) small.append(smallPersonRow(p, refresh));
  const pairs = el('div', { id: 'same-person', className: 'suggestions' });
  for (const p of s.samePerson) pairs.append(pairRow(p, refresh));
  const smallSection = small.childElementCount
    ? [el('h3', { textContent: 'Small people: one answer places all their faces' }), small, el('h3', { textContent: 'Faces' })]
    : [];
  view.replaceChildren(header, el('p', { className: 'help', textContent: 'y = yes, n = no (acts on the first face row)' }),
    ...smallSection, rows,
    el('h3', { textContent: 'Same person?' }), pairs.childElementCount ? pairs : el('p', { textContent: 'No likely pairs.' }));
  document.onkeydown = e => {
    if (!location.hash.startsWith('#/suggestions') || e.target.matches('input, textarea, select')) return;
    const first = rows.querySelector('.suggestion');
    if (!first) return;
    if (e.key === 'y') first.querySelector('.yes').click();
    if (e.key === 'n') first.querySelector('.no').click();
  };
}

function suggestionRow(f, refresh) {
  const row = el('div', { className: 'suggestion' });
  row.dataset.faceId = f.faceId;
  row.dataset.personId = f.personId;
  const decide = verb => async () => {
    row.classList.add('deciding');
    await post(`suggestions/${verb}`, { faceId: f.faceId, personId: f.personId });
    row.remove();
    if (!document.querySelector('.suggestion')) refresh();
  };
  const yes = el('button', { className: 'yes', textContent: 'Yes', title: 'this is them (y)' });
  const no = el('button', { className: 'no', textContent: 'No', title: 'not this person (n)' });
  yes.onclick = decide('confirm');
  no.onclick = decide('reject');
  row.append(
    el('a', { href: `#/photo/${f.photoId}` }, el('img', { src: `api/faces/${f.faceId}/thumbnail`, alt: `face ${f.faceId}` })),
    el('span', { className: 'arrow', textContent: '→' }),
    f.personFaceId ? el('img', { src: `api/faces/${f.personFaceId}/thumbnail`, alt: f.personName }) : el('span'),
    el('span', { className: 'who' }, el('strong', { textContent: f.personName }), el('br'),
      el('span', { className: `confidence${f.confidence < 0.3 ? ' low' : ''}`, textContent:
        `confidence ${(100 * f.confidence).toFixed(0)}%${f.confidence < 0.3 ? ' (low: check before saying yes)' : ''}` })),
    yes, no);
  return row;
}

function smallPersonRow(p, refresh) {
  const face = card => card.faceId ? el('img', { src: `api/faces/${card.faceId}/thumbnail`, alt: card.displayName }) : el('span');
  const row = el('div', { className: 'suggestion-person' });
  row.dataset.personId = p.person.id;
  row.dataset.targetId = p.target.id;
  const decide = verb => async () => {
    row.classList.add('deciding');
    await post(`suggestions/people/${verb}`, { personId: p.person.id, targetId: p.target.id });
    refresh();
  };
  const yes = el('button', { className: 'yes', textContent: 'Yes', title: `merge ${p.person.displayName} into ${p.target.displayName}` });
  const no = el('button', { className: 'no', textContent: 'No', title: `none of these faces is ${p.target.displayName}` });
  yes.onclick = decide('confirm');
  no.onclick = decide('reject');
  // Strangers (a neighbour, a waiter) are no named person at all: hiding says so once instead of a No per named person.
  const hide = el('button', { className: 'hide-small', textContent: 'Hide', title: `${p.person.displayName} is nobody to sort (hide; undoable)` });
  hide.onclick = async () => { row.classList.add('deciding'); await post(`people/${p.person.id}/hide`); refresh(); };
  row.append(
    el('a', { href: `#/person/${p.person.id}` }, face(p.person)),
    el('span', { className: 'who' }, el('a', { href: `#/person/${p.person.id}`, textContent: p.person.displayName }), el('br'),
      el('span', { textContent: `${p.person.faceCount} face${p.person.faceCount === 1 ? '' : 's'}` })),
    el('span', { className: 'arrow', textContent: '→' }),
    face(p.target),
    el('span', { className: 'who' }, el('strong', { textContent: p.target.displayName }), el('br'),
      el('span', { className: `confidence${p.confidence < 0.3 ? ' low' : ''}`, textContent:
        `confidence ${(100 * p.confidence).toFixed(0)}%${p.confidence < 0.3 ? ' (low: open the person first)' : ''}` })),
    yes, no, hide);
  return row;
}

function pairRow(p, refresh) {
  const face = card => card.faceId ? el('img', { src: `api/faces/${card.faceId}/thumbnail`, alt: card.displayName }) : el('span');
  const merge = el('button', { className: 'merge-pair', textContent: 'Merge' });
  // The larger person is kept, as on the people page.
  const [keep, other] = p.a.faceCount >= p.b.faceCount ? [p.a, p.b] : [p.b, p.a];
  merge.onclick = async () => { await post('people/merge', { targetId: keep.id, others: [other.id] }); refresh(); };
  const row = el('div', { className: 'pair' }, face(p.a), el('span', { textContent: p.a.displayName }),
    face(p.b), el('span', { textContent: p.b.displayName }),
    el('span', { className: 'confidence', textContent: `similarity ${p.similarity.toFixed(2)}` }), merge);
  row.dataset.people = `${p.a.id},${p.b.id}`;
  return row;
}
