import { h, megabytes } from './dom.ts';
import { TEXTS } from './texts.ts';

/** A file as a row shows it. */
export interface ItemFile {
  name: string;
  image: boolean;
  size?: number | null;
  /** A local URL of the bytes, when already there. */
  url?: string;
  /** Fetches the bytes and resolves a local URL of them. */
  load?: () => Promise<string>;
}

const CLIP_ICON =
  '<svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M21 11.5l-8.6 8.6a5 5 0 0 1-7.1-7.1l8.6-8.6a3.5 3.5 0 0 1 5 5l-8.6 8.6a2 2 0 0 1-2.8-2.8l7.9-7.9"/></svg>';
const DOC_ICON =
  '<svg viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z"/><path d="M14 3v5h5"/></svg>';
/** What the file picker offers (the server decides: docs/channels/webchat.md, "Files"). */
const ACCEPT = 'image/*,.pdf,.txt,.csv,.rtf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp';

/** The paperclip and its hidden file picker: each file picked goes to `attach`. */
export function attachButton(attach: (file: File) => void): HTMLElement[] {
  const picker = h('input', { type: 'file', accept: ACCEPT, hidden: '', tabindex: '-1' });
  picker.onchange = () => {
    for (const f of [...(picker.files ?? [])]) attach(f);
    picker.value = '';
  };
  const clip = h('button', {
    class: 'clip',
    type: 'button',
    'aria-label': TEXTS.attach,
    title: TEXTS.attach,
  });
  clip.innerHTML = CLIP_ICON;
  clip.onclick = () => picker.click();
  return [clip, picker];
}

/** An image (shown once its bytes are here), or a link that downloads the file. */
export function fileView(f: ItemFile): HTMLElement {
  if (f.image) {
    const img = h('img', { alt: f.name });
    if (f.url) img.src = f.url;
    else
      f.load?.().then(
        (u) => (img.src = u),
        () => img.replaceWith(h('span', {}, f.name)),
      );
    return img;
  }
  const size = f.size ? ` · ${f.size < 1e6 ? `${Math.ceil(f.size / 1000)} KB` : megabytes(f.size)}` : '';
  const a = h('a', { class: 'doc', href: f.url ?? '#', download: f.name });
  a.innerHTML = DOC_ICON;
  a.append(`${f.name}${size}`);
  a.onclick = (e) => {
    if (a.getAttribute('href') !== '#') return;
    e.preventDefault();
    void f.load?.().then((u) => {
      a.href = u;
      a.click();
    });
  };
  return a;
}
