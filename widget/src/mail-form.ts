import { h } from './dom.ts';
import { TEXTS } from './texts.ts';
import type { ViewActions } from './view.ts';

/** Says under the e-mail form that the address is not valid. */
export function showMailError(box: HTMLElement): void {
  box.querySelector('.err')!.textContent = TEXTS.emailInvalid;
}

/**
 * The e-mail form (hidden at first): an address, *Save* (checked for a plausible shape, then handed
 * to `act.email`) and *No thanks* (`act.dismissEmail`), with a line for errors.
 */
export function mailForm(act: Pick<ViewActions, 'email' | 'dismissEmail'>): HTMLElement {
  const input = h('input', {
    type: 'email',
    autocomplete: 'email',
    placeholder: TEXTS.emailPlaceholder,
    'aria-label': TEXTS.emailLabel,
    required: '',
  });
  const dismiss = h('button', { class: 'btn plain', type: 'button' }, TEXTS.emailDismiss);
  dismiss.onclick = () => act.dismissEmail();
  const form = h(
    'form',
    { novalidate: '' },
    input,
    h('button', { class: 'btn', type: 'submit' }, TEXTS.emailSave),
    dismiss,
  );
  form.onsubmit = (e) => {
    e.preventDefault();
    const v = input.value.trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) return showMailError(box);
    act.email(v);
  };
  const box = h(
    'div',
    { class: 'mail' },
    h('p', { style: 'margin:0' }, TEXTS.emailPrompt),
    form,
    h('p', { class: 'err', role: 'alert' }),
  );
  box.hidden = true;
  return box;
}
