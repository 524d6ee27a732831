/**
 * Building the page's elements. Text always becomes text nodes, never markup: the only
 * HTML the page ever turns into elements is the server's highlighting, and
 * {@link highlighted} knows exactly two tags of it.
 */

/** What {@link h} and {@link fill} accept as children; the empty ones are skipped. */
export type Child = Node | string | null | undefined | false

/** The element with this id, which the page's HTML must have. */
export function $<T extends HTMLElement = HTMLElement> (id: string): T {
  const element = document.getElementById(id)
  if (element === null) throw new Error(`the page has no #${id}`)
  return element as T
}

/** Creates an element; strings become text nodes, never markup. */
export function h (tag: string, attributes: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) element.setAttribute(name, value)
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    element.append(child)
  }
  return element
}

/** Replaces an element's content; skips the empty children that conditional rendering leaves. */
export function fill (element: HTMLElement, ...children: Child[]): void {
  element.replaceChildren(...children.filter((child): child is Node | string => child !== null && child !== undefined && child !== false))
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decodeEntities (text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16))
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10))
    return ENTITIES[name.toLowerCase()] ?? entity
  })
}

/**
 * The server's highlighted HTML as nodes: escaped text with `<mark>…</mark>` around the
 * matches. Only those two tags become elements; anything else stays visible text.
 */
export function highlighted (html: string): DocumentFragment {
  const fragment = document.createDocumentFragment()
  let mark: HTMLElement | undefined
  for (const part of html.split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') {
      mark = document.createElement('mark')
      fragment.append(mark)
    } else if (part === '</mark>') {
      mark = undefined
    } else if (part !== '') {
      (mark ?? fragment).append(decodeEntities(part))
    }
  }
  return fragment
}
