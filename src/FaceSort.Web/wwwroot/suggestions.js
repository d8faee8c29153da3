import { get, post, el, act } from './api.js';

// Suggestions page: the classifier the server chose (with its cross-validated accuracy), one row per small unnamed
// person with the named person it probably is (Yes merges it there, No says "not this person" of all its faces), one
// row per unassigned face with the proposed person — Yes (y) moves it there, No (n) records "not this person"; a face's
// copies (the same photo saved again edited, a burst) are on its row and answered with it — and
// "same person?" pairs with a Merge button. The keys act on the highlighted row: the first unanswered row of either
// kind that is on screen, so a user goes through the list without the mouse and always sees what a key will answer.
export async function renderSuggestions(view, refresh) {
  const s = await get('suggestions');
  const header = el('div', { className: 'toolbar' }, el('h2', { textContent: 'Suggestions' }));
  if (s.classifier) {
    header.append(el('span', { id: 'classifier', textContent:
      `Suggestions come from the ${s.labelledFaces.toLocaleString('en')} faces you named (checked on them: ${Math.round(100 * s.accuracy)}% right)` }));
    // The technical detail (method, cross-validated accuracy of each) stays one hover away.
    header.title = `${s.classifier} chosen; ` + s.scores.map(c => `${c.name} ${(100 * c.accuracy).toFixed(1)}%`).join(' · ');
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
  view.replaceChildren(header, el('p', { className: 'help', textContent: 'y = yes, n = no, for the highlighted row (the first unanswered one on screen)' }),
    ...smallSection, rows,
    el('h3', { textContent: 'Same person?' }), pairs.childElementCount ? pairs : el('p', { textContent: 'No likely pairs.' }));
  markCurrent();
  const onPage = () => location.hash.startsWith('#/suggestions');
  window.onscroll = window.onresize = () => { if (onPage()) markCurrent(); };
  document.onkeydown = e => {
    if (!onPage() || e.target.matches('input, textarea, select') || (e.key !== 'y' && e.key !== 'n')) return;
    // While an answer is on its way its row stays highlighted and further keys wait: a quick "n n" must not answer
    // the same row twice, nor one the user has not looked at yet.
    if (document.querySelector('#view .deciding')) return;
    const row = markCurrent();
    row?.querySelector(e.key === 'y' ? '.yes' : '.no').click();
  };
}

// The highlight follows the keyboard focus (a row, or a button in one), once the focus has landed.
for (const type of ['focusin', 'focusout'])
  document.addEventListener(type, () => setTimeout(() => { if (location.hash.startsWith('#/suggestions')) markCurrent(); }));

// The row the keys answer, highlighted: the row with the keyboard focus (Tab reaches every row), else the first
// unanswered row (small person or face) at least partly on screen. While one is being answered, it keeps the highlight.
function markCurrent() {
  const all = [...document.querySelectorAll('#view .suggestion-person, #view .suggestion')];
  const current = all.find(r => r.classList.contains('deciding'))
    ?? all.find(r => r.contains(document.activeElement))
    ?? all.find(r => { const box = r.getBoundingClientRect(); return box.bottom > 0 && box.top < window.innerHeight; });
  for (const row of all) row.classList.toggle('current', row === current);
  return current;
}

function suggestionRow(f, refresh) {
  const row = el('div', { className: 'suggestion', tabIndex: 0 });
  row.dataset.faceId = f.faceId;
  row.dataset.personId = f.personId;
  const decide = verb => act(async () => {
    row.classList.add('deciding');
    await post(`suggestions/${verb}`, { faceId: f.faceId, personId: f.personId, copies: f.copies });
    row.remove();
    markCurrent();
    if (!document.querySelector('.suggestion')) refresh();
  }, () => { row.classList.remove('deciding'); markCurrent(); });
  const yes = el('button', { className: 'yes', textContent: 'Yes', title: 'this is them (y)' });
  const no = el('button', { className: 'no', textContent: 'No', title: 'not this person (n)' });
  yes.onclick = decide('confirm');
  no.onclick = decide('reject');
  // Said next to the face, so the user knows one answer covers every copy.
  const copies = f.copies.length
    ? [el('span', { className: 'copies', textContent: `and ${f.copies.length} cop${f.copies.length === 1 ? 'y' : 'ies'}`,
        title: 'the same photo saved again (edited, resized) or a burst: your answer covers them too' })]
    : [];
  row.append(
    el('a', { href: `#/photo/${f.photoId}` }, el('img', { src: `api/faces/${f.faceId}/thumbnail`, alt: `face ${f.faceId}` })),
    ...copies,
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
  const row = el('div', { className: 'suggestion-person', tabIndex: 0 });
  row.dataset.personId = p.person.id;
  row.dataset.targetId = p.target.id;
  const undecide = () => { row.classList.remove('deciding'); markCurrent(); };
  const decide = verb => act(async () => {
    row.classList.add('deciding');
    await post(`suggestions/people/${verb}`, { personId: p.person.id, targetId: p.target.id });
    refresh();
  }, undecide);
  const yes = el('button', { className: 'yes', textContent: 'Yes', title: `merge ${p.person.displayName} into ${p.target.displayName}` });
  const no = el('button', { className: 'no', textContent: 'No', title: `none of these faces is ${p.target.displayName}` });
  yes.onclick = decide('confirm');
  no.onclick = decide('reject');
  // Strangers (a neighbour, a waiter) are no named person at all: hiding says so once instead of a No per named person.
  const hide = el('button', { className: 'hide-small', textContent: 'Hide', title: `${p.person.displayName} is nobody to sort (hide; undoable)` });
  hide.onclick = act(async () => { row.classList.add('deciding'); await post(`people/${p.person.id}/hide`); refresh(); }, undecide);
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
  merge.onclick = act(async () => { await post('people/merge', { targetId: keep.id, others: [other.id] }); refresh(); });
  const row = el('div', { className: 'pair' }, face(p.a), el('span', { textContent: p.a.displayName }),
    face(p.b), el('span', { textContent: p.b.displayName }),
    el('span', { className: 'confidence', textContent: `similarity ${p.similarity.toFixed(2)}` }), merge);
  row.dataset.people = `${p.a.id},${p.b.id}`;
  return row;
}
