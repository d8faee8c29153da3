// Finding a person among thousands as the user types, in the page (the people are already loaded: no request per key).
// The person page's "Find a person" box and the photo page's "Move this face to" both list what this finds.

// At most this many people are listed, largest first: typing finds the others, so a library of thousands of people
// keeps a small page.
export const LIST_LIMIT = 200;

// Case and accents do not count: "zoe" finds "Zoë", "person_01" finds "Person_012".
const fold = text => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

// The people as the finder searches them (each with its folded name), in the order given: the server's, largest first.
export const searchable = people => people.map(p => ({ ...p, key: fold(p.displayName) }));

// The people whose name (or Person_NNN) contains the text: names that start with it first, then those with a word
// that does, then the rest, each group in the order given.
function matching(people, query) {
  if (query === '') return people;
  const ranked = [];
  for (const p of people) {
    const at = p.key.indexOf(query);
    if (at >= 0) ranked.push({ p, rank: at === 0 ? 0 : /[\s_.'-]/.test(p.key[at - 1]) ? 1 : 2 });
  }
  return ranked.sort((a, b) => a.rank - b.rank).map(r => r.p);
}

// What to list for the text typed (people from `searchable`): at most LIST_LIMIT of the matches, and the line that says
// how many match ('' when all are listed and nothing was typed).
export function findPeople(people, text) {
  const typed = text.trim();
  const found = matching(people, fold(typed));
  const listed = found.slice(0, LIST_LIMIT);
  const more = found.length - listed.length;
  const line = typed === ''
    ? (more > 0 ? `The ${LIST_LIMIT} largest of ${people.length.toLocaleString('en')} people: type a name to find the others.` : '')
    : found.length === 0 ? `Nobody matches “${typed}”.`
    : `${found.length.toLocaleString('en')} ${found.length === 1 ? 'person matches' : 'people match'}`
      + (more > 0 ? `; the first ${LIST_LIMIT} are listed: type more of the name.` : '.');
  return { listed, line };
}

// The keys between the box and the entries (buttons of class person-target) under it: Down or Enter in the box goes to
// the first entry, Up and Down move along the entries, Up from the first goes back to the box. `escape` (optional) gets
// an Escape pressed in either. Returns `drawn`, for the caller to call whenever it has drawn the entries: Down or Enter
// typed ahead while there were none yet (the people still on their way) goes to the first entry once they are there,
// if the box still has the focus and nothing was typed since; before, it did nothing, and the user's next Enter did
// nothing either.
export function moveAlongKeys(box, entries, escape) {
  let typedAhead = false;
  box.onkeydown = e => {
    typedAhead = false;
    if (e.key === 'Escape') escape?.(e);
    else if (e.key === 'ArrowDown' || e.key === 'Enter') {
      e.preventDefault();
      // A disabled entry ("+ new person" while the people load) takes no focus: the keys would go nowhere.
      const first = entries.querySelector('.person-target:not(:disabled)');
      if (first) first.focus();
      else typedAhead = true;
    }
  };
  entries.onkeydown = e => {
    const entry = e.target.closest('.person-target');
    if (!entry) return;
    const all = [...entries.querySelectorAll('.person-target')];
    const at = all.indexOf(entry);
    if (e.key === 'ArrowDown' && at < all.length - 1) { e.preventDefault(); all[at + 1].focus(); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); (at > 0 ? all[at - 1] : box).focus(); }
    else if (e.key === 'Escape') escape?.(e);
  };
  return () => {
    if (!typedAhead) return;
    typedAhead = false;
    if (document.activeElement === box) entries.querySelector('.person-target:not(:disabled)')?.focus();
  };
}
