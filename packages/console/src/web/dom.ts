/**
 * The one way the console builds its pages: elements with attributes from a short list and
 * children that are elements or text nodes. Document text only ever becomes a text node, so
 * a document holding `<script>` or `<img onerror=…>` shows those characters and runs nothing.
 */
type Child = Node | string | number | undefined | null | false;
type Attributes = { class?: string; id?: string; title?: string; href?: string; type?: string; value?: string; placeholder?: string; download?: string; for?: string; name?: string; [data: `data-${string}`]: string };

const SAFE_HREF = /^(?:\/(?!\/)|#|\?)/;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    // Links stay inside the console: no javascript: or other schemes from data.
    if (name === "href" && !SAFE_HREF.test(value)) throw new Error(`refusing link ${value}`);
    element.setAttribute(name, value);
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    parent.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
}

export function clear(element: Element): void {
  element.replaceChildren();
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page lacks #${id}`);
  return element as T;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function formatTime(iso: string | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  return `${date.toLocaleDateString()} ${date.toLocaleTimeString()}`;
}
