// A drop as a webview receives it, run in the page (Playwright's evaluate): OS files as bytes (each `content`
// repeated `repeat` times) and/or an Explorer uri-list, with Shift held, as VS Code asks for drops into a
// webview (without it the editor takes the drop). Self-contained: it is serialized into the page.
export function dispatchDrop(el, { files = [], uris = '' }) {
  const dt = new DataTransfer();
  for (const f of files) dt.items.add(new File([f.content.repeat(f.repeat ?? 1)], f.name));
  if (uris) dt.setData('text/uri-list', uris);
  for (const type of ['dragenter', 'dragover', 'drop'])
    el.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true, shiftKey: true }));
}
