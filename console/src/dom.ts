/**
 * A small element builder: every text goes in as a text node, never as HTML,
 * so nothing the API returns can become markup.
 */
export type Child = Node | string | number | null | undefined | false | Child[];
type AttributeValue = string | number | boolean | null | undefined;
type Attributes = Record<string, AttributeValue | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined) element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

let uniqueCount = 0;
/** An id for a label to point at, unique in the page. */
export const uid = (prefix: string) => `${prefix}-${++uniqueCount}`;

/** A table with its header cells scoped to their columns, and a caption. */
export function table(caption: string, headings: string[], rows: Child[][], options: { captionHidden?: boolean; rowHeadings?: boolean } = {}): HTMLTableElement {
  return h(
    'table',
    { class: 'table' },
    h('caption', { class: options.captionHidden ? 'table__caption visually-hidden' : 'table__caption' }, caption),
    h('thead', {}, h('tr', {}, headings.map((heading) => h('th', { scope: 'col' }, heading)))),
    h(
      'tbody',
      {},
      rows.map((cells) => h('tr', {}, cells.map((cell, i) => (i === 0 && options.rowHeadings !== false ? h('th', { scope: 'row' }, cell) : h('td', {}, cell))))),
    ),
  );
}

export function tag(text: string, kind: 'red' | 'yellow' | 'grey' | 'green' | 'blue' = 'blue'): HTMLElement {
  return h('strong', { class: `tag tag--${kind}` }, text);
}
