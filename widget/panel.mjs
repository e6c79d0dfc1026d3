// <sada-widget>: the launcher and the chat-style panel, in an open shadow root so no style leaks
// in or out. Questions arrive as messages and answers as the visitor's replies. Every text is set
// with textContent, never parsed as HTML. Themed with --sada-accent, --sada-font, --sada-radius.
// When the site accepts messages, a "send us a message" box takes the input area whenever no
// question is waiting: on opening from the launcher, after "thank you", after a dismissal.
import { formatNumber, words } from './i18n.mjs';

const css = `
:host { all: initial; --sada-accent: #1d5bd8; --sada-accent-text: #ffffff; --sada-text: #1b1f24;
  --sada-surface: #ffffff; --sada-muted: #4a5360; --sada-radius: 14px;
  --sada-font: system-ui, -apple-system, "Segoe UI", "Vazirmatn", "Noto Sans Arabic", Tahoma, sans-serif; }
* { box-sizing: border-box; font-family: var(--sada-font); }
.root { position: fixed; inset-block-end: 16px; inset-inline-end: 16px; z-index: 2147483000; color: var(--sada-text); }
button { font: inherit; cursor: pointer; }
:focus-visible { outline: 3px solid var(--sada-text); outline-offset: 2px; }
.launcher { border: 0; border-radius: 999px; padding: 12px 18px; background: var(--sada-accent);
  color: var(--sada-accent-text); font-size: 15px; box-shadow: 0 4px 14px rgba(0,0,0,.25); }
.panel { position: absolute; inset-block-end: 60px; inset-inline-end: 0; width: min(360px, calc(100vw - 32px));
  max-height: min(560px, calc(100vh - 100px)); display: flex; flex-direction: column; background: var(--sada-surface);
  border-radius: var(--sada-radius); box-shadow: 0 10px 40px rgba(0,0,0,.3); overflow: hidden; font-size: 15px; }
.panel[hidden] { display: none; }
header { display: flex; align-items: center; gap: 8px; padding: 12px 14px; background: var(--sada-accent); color: var(--sada-accent-text); }
h2 { flex: 1; margin: 0; font-size: 16px; font-weight: 600; }
.close { border: 0; background: transparent; color: inherit; font-size: 22px; line-height: 1; padding: 2px 8px; border-radius: 8px; }
.log { margin: 0; padding: 14px; overflow-y: auto; flex: 1; display: flex; flex-direction: column; gap: 8px; }
.log .bot, .log .me { max-width: 85%; padding: 9px 12px; border-radius: 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
.log .bot { align-self: flex-start; background: #eef1f5; }
.log .me { align-self: flex-end; background: var(--sada-accent); color: var(--sada-accent-text); }
.input { padding: 10px 14px 14px; border-top: 1px solid #dde2e8; }
.scale, .choices { display: flex; flex-wrap: wrap; gap: 6px; }
.scale { flex-wrap: nowrap; gap: 4px; }
.scale .point { flex: 1 1 0; min-width: 0; padding: 0; }
.point { min-width: 34px; height: 36px; border: 1px solid #8a94a3; background: var(--sada-surface); color: var(--sada-text); border-radius: 8px; padding: 0 8px; }
.point[aria-checked="true"] { background: var(--sada-accent); color: var(--sada-accent-text); border-color: var(--sada-accent); }
.hidden-text { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.ends { display: flex; justify-content: space-between; color: var(--sada-muted); font-size: 13px; margin-top: 6px; }
textarea { width: 100%; min-height: 72px; resize: vertical; font: inherit; padding: 8px; border: 1px solid #8a94a3; border-radius: 8px; color: var(--sada-text); }
.row { display: flex; align-items: center; gap: 8px; margin-top: 8px; }
.counter { flex: 1; color: var(--sada-muted); font-size: 13px; }
.counter.over { color: #b3261e; }
.primary { border: 0; border-radius: 8px; padding: 8px 16px; background: var(--sada-accent); color: var(--sada-accent-text); }
.primary:disabled { opacity: .55; cursor: default; }
.secondary { border: 1px solid #8a94a3; border-radius: 8px; padding: 8px 14px; background: var(--sada-surface); color: var(--sada-text); }
`;

let sheet;
function styleSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);  // a constructed sheet: no inline <style>, so a strict CSP allows it
  }
  return sheet;
}

function element(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

const codePoints = (text) => [...text].length;

export class SadaWidget extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: 'open' }).adoptedStyleSheets = [styleSheet()];
    this.words = words('en');
    this.locale = 'en';
    this.root = element('div', { class: 'root' });
    this.launcher = element('button', { class: 'launcher', type: 'button', 'aria-expanded': 'false', 'aria-haspopup': 'dialog' });
    this.panel = element('section', { class: 'panel', role: 'dialog', 'aria-labelledby': 'sada-title', hidden: '' });
    const header = element('header');
    this.heading = element('h2', { id: 'sada-title' });
    this.closeButton = element('button', { class: 'close', type: 'button' }, '×');
    header.append(this.heading, this.closeButton);
    this.log = element('div', { class: 'log', role: 'log', 'aria-live': 'polite' });
    this.input = element('div', { class: 'input' });
    this.panel.append(header, this.log, this.input);
    this.root.append(this.panel, this.launcher);
    this.shadowRoot.append(this.root);
    this.launcher.addEventListener('click', () => (this.panel.hidden ? this.open() : this.close()));
    this.closeButton.addEventListener('click', () => this.close());
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        this.close();
      }
    });
    this.setLocale('en', 'ltr');
  }

  setLocale(locale, dir) {
    this.locale = locale;
    this.words = words(locale);
    this.root.setAttribute('dir', dir);
    this.root.setAttribute('lang', locale);
    this.launcher.textContent = this.words.launcher;
    this.closeButton.setAttribute('aria-label', this.words.close);
  }

  // `focus`: only when the visitor asked for the panel. An automatic opening must not take the
  // keyboard from whatever the visitor is typing in the page.
  // `composer`: false when a survey is about to ask its first question.
  open({ focus = true, composer = true } = {}) {
    if (composer && !this.pending) this.showComposer();
    this.panel.hidden = false;
    this.launcher.setAttribute('aria-expanded', 'true');
    if (!focus) return;
    const first = this.input.querySelector('[tabindex="0"], button, textarea');
    (first ?? this.closeButton).focus();
  }

  // Closing returns focus to the launcher; an unfinished survey counts as dismissed.
  close() {
    this.panel.hidden = true;
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.focus();
    if (this.pending) {
      const { resolve } = this.pending;
      this.pending = null;
      this.input.replaceChildren();  // a reopened panel shows the conversation, not dead controls
      resolve(undefined);
    }
  }

  say(text, who = 'bot') {
    const item = element('div', { class: who, dir: 'auto' }, text);
    this.log.append(item);
    item.scrollIntoView?.({ block: 'nearest' });
    return item;
  }

  // Asks one question; resolves with its answer, null when skipped, undefined when dismissed.
  ask(question) {
    const message = this.say(question.text);
    message.id = `sada-q-${question.id}`;
    this.input.replaceChildren();
    return new Promise((resolve) => {
      this.pending = { resolve };
      const answer = (value, shown) => {
        // Was the visitor in the panel? Then the next question gets the focus (the control that
        // had it is about to go away).
        this.keepFocus = !!this.shadowRoot.activeElement;
        this.pending = null;
        this.input.replaceChildren();
        if (shown !== undefined) this.say(shown, 'me');
        resolve(value);
      };
      if (question.scale) this.renderScale(question, message.id, answer);
      else if (question.type === 'single_choice' || question.type === 'multi_choice') this.renderChoices(question, message.id, answer);
      else this.renderText(question, message.id, answer);
      if (!this.panel.hidden && (this.keepFocus || this.shadowRoot.activeElement)) {
        this.input.querySelector('[tabindex="0"], textarea, button')?.focus();
      }
    });
  }

  // A radio group: arrow keys move the choice (mirrored in right-to-left), Enter or Space sends
  // it, a click sends it at once. Each point's accessible name is what it shows (a scale point's
  // number); a scale label ("Satisfied") is its description.
  radioGroup(container, items, labelledBy, onPick, multiple = false) {
    container.setAttribute('role', multiple ? 'group' : 'radiogroup');
    container.setAttribute('aria-labelledby', labelledBy);
    const buttons = items.map(({ label, description }, index) => {
      const button = element('button', { type: 'button', class: 'point', role: multiple ? 'checkbox' : 'radio',
                                         'aria-checked': 'false', tabindex: index === 0 ? '0' : '-1' }, label);
      if (description) {
        const id = `${labelledBy}-d${index}`;
        container.append(element('span', { id, class: 'hidden-text' }, description));
        button.setAttribute('aria-describedby', id);
        button.setAttribute('title', description);
      }
      container.append(button);
      return button;
    });
    const select = (index) => {
      buttons.forEach((button, i) => {
        button.tabIndex = i === index ? 0 : -1;
        if (!multiple) button.setAttribute('aria-checked', String(i === index));
      });
      buttons[index].focus();
    };
    buttons.forEach((button, index) => {
      button.addEventListener('click', () => onPick(index, button));
      button.addEventListener('keydown', (event) => {
        const rtl = this.root.getAttribute('dir') === 'rtl';
        const forward = { ArrowRight: !rtl, ArrowLeft: rtl, ArrowDown: true, ArrowUp: false }[event.key];
        if (forward !== undefined) {
          event.preventDefault();
          select((index + (forward ? 1 : -1) + buttons.length) % buttons.length);
        } else if (event.key === 'Home' || event.key === 'End') {
          event.preventDefault();
          select(event.key === 'Home' ? 0 : buttons.length - 1);
        } else if ((event.key === 'Enter' || event.key === ' ') && !multiple) {
          event.preventDefault();
          onPick(index, button);
        }
      });
    });
    return buttons;
  }

  renderScale(question, labelledBy, answer) {
    const { min, max, labels, min_label: minLabel, max_label: maxLabel } = question.scale;
    const points = [];
    for (let n = min; n <= max; n++) points.push({ label: formatNumber(n, this.locale), description: labels?.[n - min] || undefined });
    const scale = element('div', { class: 'scale' });
    this.input.append(scale);
    this.radioGroup(scale, points, labelledBy, (index) => answer(min + index, points[index].label));
    if (minLabel || maxLabel) {
      const ends = element('div', { class: 'ends', 'aria-hidden': 'true' });
      ends.append(element('span', {}, minLabel), element('span', {}, maxLabel));
      this.input.append(ends);
    }
    this.addSkip(question, answer);
  }

  renderChoices(question, labelledBy, answer) {
    const multiple = question.type === 'multi_choice';
    const choices = element('div', { class: 'choices' });
    this.input.append(choices);
    const items = question.options.map((option) => ({ label: option.label }));
    const buttons = this.radioGroup(choices, items, labelledBy, (index, button) => {
      if (!multiple) return answer(question.options[index].id, question.options[index].label);
      const checked = button.getAttribute('aria-checked') !== 'true';
      const count = buttons.filter((b) => b.getAttribute('aria-checked') === 'true').length;
      if (checked && count >= question.max_choices) return;
      button.setAttribute('aria-checked', String(checked));
    }, multiple);
    if (multiple) {
      const row = element('div', { class: 'row' });
      const next = element('button', { type: 'button', class: 'primary' }, this.words.next);
      next.addEventListener('click', () => {
        const picked = question.options.filter((_, i) => buttons[i].getAttribute('aria-checked') === 'true');
        if (picked.length === 0 && question.required) return;
        if (picked.length > 0 && picked.length < question.min_choices) return;  // the server would refuse it
        const separator = this.locale.startsWith('fa') ? '، ' : ', ';
        answer(picked.map((o) => o.id), picked.map((o) => o.label).join(separator));
      });
      row.append(next);
      this.input.append(row);
    }
    this.addSkip(question, answer);
  }

  renderText(question, labelledBy, answer) {
    const max = question.max_length;
    const area = element('textarea', { 'aria-labelledby': labelledBy, 'aria-describedby': 'sada-counter', dir: 'auto' });
    if (question.placeholder) area.setAttribute('placeholder', question.placeholder);
    const row = element('div', { class: 'row' });
    const counter = element('span', { class: 'counter', id: 'sada-counter', 'aria-live': 'polite' });
    const send = element('button', { type: 'button', class: 'primary' }, this.words.send);
    const update = () => {
      const n = codePoints(area.value);
      counter.textContent = this.words.counter.replace('{n}', formatNumber(n, this.locale)).replace('{max}', formatNumber(max, this.locale));
      counter.classList.toggle('over', n > max);
      send.disabled = n > max || (question.required && area.value.trim() === '');
    };
    area.addEventListener('input', update);
    send.addEventListener('click', () => {
      if (send.disabled) return;
      const text = area.value;  // as typed (core drops control characters and closes open overrides)
      if (text.trim() === '') answer(null);
      else answer(text, text);
    });
    row.append(counter, send);
    this.input.append(area, row);
    update();
    this.addSkip(question, answer, row);
  }

  addSkip(question, answer, row) {
    if (question.required) return;
    const skip = element('button', { type: 'button', class: 'secondary' }, this.words.skip);
    skip.addEventListener('click', () => answer(null));
    if (row) row.append(skip);
    else {
      const holder = element('div', { class: 'row' });
      holder.append(skip);
      this.input.append(holder);
    }
  }

  finish(text) {
    const inside = this.keepFocus || !!this.shadowRoot.activeElement;
    this.input.replaceChildren();
    this.say(text);
    this.showComposer();
    if (inside) this.closeButton.focus();
  }

  // messages: {title, question (the built-in message survey's localized question), send(text) ->
  // Promise<boolean> (true once stored)}; null turns the message box off.
  enableMessages(messages) {
    this.messages = messages;
    this.root.classList.toggle('with-launcher', !!messages);
    if (!this.pending && !this.panel.hidden) this.showComposer();
  }

  // The message box, when messages are on and no question waits for its answer. A panel that
  // holds no conversation yet first says what the box is for.
  showComposer() {
    if (!this.messages || this.pending) return;
    const { title, question, send } = this.messages;
    let prompt = this.shadowRoot.getElementById('sada-message-prompt');
    if (!this.log.hasChildNodes()) this.heading.textContent = title;
    if (!prompt) {
      prompt = this.say(question.text);
      prompt.id = 'sada-message-prompt';
    }
    this.input.replaceChildren();
    this.renderText(question, prompt.id, async (text) => {
      if (text === null) return this.showComposer();
      const inside = !!this.shadowRoot.activeElement;
      this.input.replaceChildren();
      this.say(text, 'me');
      const stored = await send(text).catch(() => false);
      this.say(stored ? this.words.messageThanks : this.words.messageFailed);
      this.showComposer();
      if (inside) this.input.querySelector('textarea')?.focus();
    });
  }
}

if (!customElements.get('sada-widget')) customElements.define('sada-widget', SadaWidget);
