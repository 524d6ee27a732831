/** The suggestions under the search box: words to complete the one typed, titles to open. */
import { h } from './dom.js'

/** How many of each kind the list shows. */
const SHOWN_WORDS = 6
const SHOWN_TITLES = 3

/** What the search box does with its list (an ARIA listbox tied to the box). */
export interface SuggestionList {
  readonly isOpen: boolean
  /** Shows `words` (with the typed part plain and the rest bold) and `titles`. */
  render (words: readonly string[], titles: ReadonlyArray<{ id: string, title: string }>, typed: string): void
  close (): void
  /** Moves the highlighted option by `step`, through "none" between the last and the first. */
  move (step: number): void
  /** The highlighted option, if any. */
  readonly active: HTMLElement | undefined
}

export function createSuggestionList (input: HTMLInputElement, list: HTMLUListElement): SuggestionList {
  let activeOption = -1

  const options = (): HTMLElement[] => Array.from(list.querySelectorAll<HTMLElement>('[role="option"]'))

  const setActive = (index: number): void => {
    activeOption = index
    const all = options()
    all.forEach((option, i) => option.setAttribute('aria-selected', String(i === index)))
    const active = all[index]
    if (active === undefined) input.removeAttribute('aria-activedescendant')
    else {
      input.setAttribute('aria-activedescendant', active.id)
      active.scrollIntoView({ block: 'nearest' })
    }
  }

  return {
    get isOpen () { return !list.hidden },
    get active () { return activeOption >= 0 ? options()[activeOption] : undefined },
    render (words, titles, typed) {
      const shown = [
        ...words.slice(0, SHOWN_WORDS).map(word => wordOption(word, typed)),
        ...titles.slice(0, SHOWN_TITLES).map(titleOption),
      ]
      shown.forEach((option, i) => { option.id = `suggestion-${i}` })
      list.replaceChildren(...shown)
      setActive(-1)
      list.hidden = shown.length === 0
      input.setAttribute('aria-expanded', String(shown.length > 0))
    },
    close () {
      list.hidden = true
      list.replaceChildren()
      setActive(-1)
      input.setAttribute('aria-expanded', 'false')
    },
    move (step) {
      const count = options().length
      if (count === 0) return
      // -1 is "no option", so the cycle has one more stop than there are options.
      setActive((activeOption + 1 + step + count + 1) % (count + 1) - 1)
    },
  }
}

function wordOption (word: string, typed: string): HTMLElement {
  const text = word.startsWith(typed)
    ? h('span', { class: 'suggestion-text' }, typed, h('b', {}, word.slice(typed.length)))
    : h('span', { class: 'suggestion-text' }, word)
  return h('li', { role: 'option', class: 'suggestion suggestion-word', 'data-word': word, 'aria-selected': 'false' },
    h('span', { class: 'suggestion-icon', 'aria-hidden': 'true' }, '⌕'), text)
}

function titleOption ({ id, title }: { id: string, title: string }): HTMLElement {
  return h('li', { role: 'option', class: 'suggestion suggestion-title', 'data-doc': id, 'aria-selected': 'false' },
    h('span', { class: 'suggestion-icon', 'aria-hidden': 'true' }, '¶'),
    h('span', { class: 'visually-hidden' }, '文章：'), h('span', { class: 'suggestion-text' }, title))
}
