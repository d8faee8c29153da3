import { post, el } from './api.js';

// Uploads: ask the server which files it already has (path + size + mtime), send only the rest, one request per
// file with its own progress line, then queue a scan of the upload folder. Reloading the page and adding the same
// files again resumes where it stopped.
const relativePath = file => file.relPath ?? (file.webkitRelativePath || file.name);

export async function uploadFiles(files, show) {
  // An empty file is no photo; it gets its line (so nothing the user chose vanishes) but is not sent.
  const empty = files.filter(f => f.size === 0);
  files = files.filter(f => f.size > 0);
  const list = document.getElementById('upload-list');
  const emptyLines = empty.map(file => line(relativePath(file), 'empty file, skipped'));
  if (files.length === 0) {
    list.replaceChildren(...emptyLines);
    if (empty.length) show(`Nothing to upload: ${empty.length === 1 ? 'the file is' : 'the files are'} empty`);
    return;
  }
  const candidates = files.map(f => ({ path: relativePath(f), size: f.size, lastModified: f.lastModified }));
  const { have, rejected } = await post('uploads/check', { files: candidates });
  const skip = new Set([...have, ...rejected]);
  // Every file gets its line at once ("waiting"), so the whole batch is visible before the first byte is sent.
  const lines = files.map(file => {
    const path = relativePath(file);
    return line(path, rejected.includes(path) ? 'not a photo, skipped' : have.includes(path) ? 'already uploaded' : 'waiting');
  });
  list.replaceChildren(...lines, ...emptyLines);
  let done = 0;
  for (const [i, file] of files.entries()) {
    const path = relativePath(file);
    if (!skip.has(path)) await sendOne(file, path, lines[i]);
    done++;
    show(`Uploading ${done}/${files.length}`, done / files.length);
  }
  show('Upload complete, scanning…', 1);
  await post('uploads/scan');
}

function line(path, state) {
  const node = el('li', { title: path }, el('span', { className: 'path', textContent: path }), el('span', { className: 'state' }));
  node.dataset.path = path;
  setState(node, state);
  return node;
}

// After the scan: each file it could not use (corrupt, truncated, not an image inside) says so on its own line, with
// the scan's reason, instead of "done". Paths are relative to the scanned folder, as the upload list has them.
export function showSkipped(skipped) {
  const list = document.getElementById('upload-list');
  document.getElementById('progress').hidden = false;
  for (const { path, reason } of skipped) {
    const existing = [...list.children].find(li => li.dataset.path === path);
    const node = existing ?? list.appendChild(line(path, ''));
    setState(node, `skipped: ${reason}`);
    node.classList.add('skipped');
    node.title = `${path}: skipped, ${reason}`;
  }
}

function setState(line, state) {
  line.dataset.state = state;
  line.lastChild.textContent = state;
}

function sendOne(file, path, line) {
  return new Promise(resolve => {
    const request = new XMLHttpRequest();
    request.open('PUT', `api/uploads?path=${encodeURIComponent(path)}&lastModified=${file.lastModified}`);
    request.upload.onprogress = e => setState(line, `${Math.round(100 * e.loaded / e.total)}%`);
    request.onload = () => {
      setState(line, request.status === 200 ? 'done' : JSON.parse(request.responseText || '{}').error ?? String(request.status));
      resolve();
    };
    request.onerror = () => { setState(line, 'failed'); resolve(); };
    request.send(file);
  });
}

// Folders dropped from the desktop arrive as entries; walk them to files with their relative paths.
export async function filesFromDrop(dataTransfer) {
  const entries = [...dataTransfer.items].map(i => i.webkitGetAsEntry?.()).filter(Boolean);
  if (entries.length === 0) return [...dataTransfer.files];
  const files = [];
  const walk = async (entry, prefix) => {
    if (entry.isFile) {
      const file = await new Promise((ok, fail) => entry.file(ok, fail));
      file.relPath = prefix + file.name;
      files.push(file);
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
        if (batch.length === 0) break;
        for (const child of batch) await walk(child, `${prefix}${entry.name}/`);
      }
    }
  };
  for (const entry of entries) await walk(entry, '');
  return files;
}
