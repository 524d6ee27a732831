/** The search box: results as you type, suggestions under it, and its keyboard. */
import { suggest } from './api-client.js'
import { $, h } from './dom.js'

/** Pause in typing before results are fetched: long enough to skip the middle of a word. */
const SEARCH_DELAY_MS = 220
/** Suggestions come sooner: they are what helps while the word is still being typed. */
const SUGGEST_DELAY_MS = 90
/**
 * A pause after which the results being typed count as settled, so more typing starts
 * a new history entry: long enough to read the first hits.
 */
const SETTLE_DELAY_MS = 3000
/**
 * Results as you type start at this many characters (one character matches too much to
 * help); Enter searches any length, and an IME's commit counts as a word at any length.
 */
const MIN_TYPED_LENGTH = 2

/** What the search box asks of the rest of the page. */
export interface SearchBoxActions {
  /** Shows results for `q`: while `typing`, or because the person asked (`submit`). */
  search (q: string, how: 'typing' | 'submit'): void
  /** Opens an article chosen among the suggestions. */
  openArticle (id: string, q: string): void
  /** The results being typed have settled: more typing should add a history entry. */
  settle (): void
}

/** What the rest of the page may do with the search box. */
export interface SearchBox {
  /** Puts `value` in the box (after a navigation). */
  setValue (value: string): void
  closeSuggestions (): void
}

export function createSearchBox (actions: SearchBoxActions): SearchBox {
  const form = $<HTMLFormElement>('search-form')
  const input = $<HTMLInputElement>('q')
  const clearButton = $<HTMLButtonElement>('clear')
  const suggestionList = $<HTMLUListElement>('suggestions')

  let searchTimer: number | undefined
  let settleTimer: number | undefined
  let suggestTimer: number | undefined
  let suggestController: AbortController | undefined
  let composing = false
  let activeOption = -1

  function setValue (value: string): void {
    if (input.value !== value) input.value = value
    clearButton.hidden = value === ''
  }

  /** Shows results for what is in the box now, if there is anything. */
  function search (how: 'typing' | 'submit'): void {
    window.clearTimeout(searchTimer)
    if (input.value.trim() !== '') actions.search(input.value, how)
  }

  /** The box changed by typing; `committed` when an IME has just committed its text. */
  function onTyping ({ committed = false }: { committed?: boolean } = {}): void {
    clearButton.hidden = input.value === ''
    window.clearTimeout(searchTimer)
    window.clearTimeout(suggestTimer)
    window.clearTimeout(settleTimer)
    suggestTimer = window.setTimeout(() => { void updateSuggestions() }, SUGGEST_DELAY_MS)
    // Too short to search yet: the results on screen stay until there is something to
    // show instead (an emptied box does not wipe them; the × button clears the box).
    const length = [...input.value.trim()].length
    if (length < MIN_TYPED_LENGTH && !(committed && length > 0)) return
    searchTimer = window.setTimeout(() => {
      search('typing')
      settleTimer = window.setTimeout(actions.settle, SETTLE_DELAY_MS)
    }, SEARCH_DELAY_MS)
  }

  async function updateSuggestions (): Promise<void> {
    suggestController?.abort()
    const { word } = lastWord(input.value)
    if (word === '' || document.activeElement !== input) {
      closeSuggestions()
      return
    }
    const controller = new AbortController()
    suggestController = controller
    let answer
    try {
      answer = await suggest(word, 6, controller.signal)
    } catch {
      // Suggestions are a convenience: when they fail, the results say why.
      if (!controller.signal.aborted) closeSuggestions()
      return
    }
    if (controller.signal.aborted || document.activeElement !== input) return
    renderSuggestions(answer.words, answer.titles, word)
  }

  function renderSuggestions (words: readonly string[], titles: ReadonlyArray<{ id: string, title: string }>, typed: string): void {
    const options: HTMLElement[] = []
    for (const word of words.slice(0, 6)) {
      const option = h('li', { role: 'option', class: 'suggestion suggestion-word', 'data-word': word, 'aria-selected': 'false' },
        h('span', { class: 'suggestion-icon', 'aria-hidden': 'true' }, '⌕'),
        word.startsWith(typed) ? h('span', { class: 'suggestion-text' }, typed, h('b', {}, word.slice(typed.length))) : h('span', { class: 'suggestion-text' }, word))
      options.push(option)
    }
    for (const { id, title } of titles.slice(0, 3)) {
      options.push(h('li', { role: 'option', class: 'suggestion suggestion-title', 'data-doc': id, 'aria-selected': 'false' },
        h('span', { class: 'suggestion-icon', 'aria-hidden': 'true' }, '¶'),
        h('span', { class: 'visually-hidden' }, '文章：'), h('span', { class: 'suggestion-text' }, title)))
    }
    options.forEach((option, i) => { option.id = `suggestion-${i}` })
    suggestionList.replaceChildren(...options)
    activeOption = -1
    input.removeAttribute('aria-activedescendant')
    const open = options.length > 0
    suggestionList.hidden = !open
    input.setAttribute('aria-expanded', String(open))
  }

  function closeSuggestions (): void {
    suggestController?.abort()
    window.clearTimeout(suggestTimer)
    suggestionList.hidden = true
    suggestionList.replaceChildren()
    activeOption = -1
    input.setAttribute('aria-expanded', 'false')
    input.removeAttribute('aria-activedescendant')
  }

  function moveActive (step: number): void {
    const options = Array.from(suggestionList.querySelectorAll<HTMLElement>('[role="option"]'))
    if (options.length === 0) return
    // -1 is "no option", so the cycle has one more stop than there are options.
    activeOption = (activeOption + 1 + step + options.length + 1) % (options.length + 1) - 1
    options.forEach((option, i) => option.setAttribute('aria-selected', String(i === activeOption)))
    const active = options[activeOption]
    if (active === undefined) input.removeAttribute('aria-activedescendant')
    else {
      input.setAttribute('aria-activedescendant', active.id)
      active.scrollIntoView({ block: 'nearest' })
    }
  }

  function choose (option: HTMLElement): void {
    closeSuggestions()
    const doc = option.dataset.doc
    if (doc !== undefined) {
      actions.openArticle(doc, input.value)
      return
    }
    const { before, prefix } = lastWord(input.value)
    setValue(`${before}${prefix}${option.dataset.word ?? ''}`)
    search('submit')
    input.focus()
  }

  input.addEventListener('compositionstart', () => { composing = true })
  input.addEventListener('compositionend', () => {
    // An IME (pinyin, zhuyin…) is done: what it committed is the text to search for.
    composing = false
    onTyping({ committed: true })
  })
  input.addEventListener('input', event => {
    // While an IME is composing, the box holds pinyin letters, not the word meant.
    if (composing || (event as InputEvent).isComposing) return
    onTyping()
  })
  input.addEventListener('keydown', event => {
    if (event.isComposing || event.keyCode === 229) return
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!suggestionList.hidden) {
        event.preventDefault()
        moveActive(event.key === 'ArrowDown' ? 1 : -1)
      }
    } else if (event.key === 'Escape') {
      // Escape closes the suggestions and does nothing else. Left to the browser, it
      // would empty the search field, and the emptied box would take the results away.
      event.preventDefault()
      closeSuggestions()
    } else if (event.key === 'Enter' && activeOption >= 0) {
      const option = suggestionList.querySelector<HTMLElement>(`#suggestion-${activeOption}`)
      if (option !== null) {
        event.preventDefault()
        choose(option)
      }
    }
  })
  input.addEventListener('focus', () => {
    if (input.value !== '') void updateSuggestions()
  })
  input.addEventListener('blur', () => {
    // Clicks on a suggestion keep focus (mousedown is prevented), so a blur means leaving:
    // the results typed so far are the ones the person stays with.
    closeSuggestions()
    window.clearTimeout(settleTimer)
    actions.settle()
  })
  suggestionList.addEventListener('mousedown', event => event.preventDefault())
  suggestionList.addEventListener('click', event => {
    const option = (event.target as Element).closest<HTMLElement>('[role="option"]')
    if (option !== null) choose(option)
  })

  form.addEventListener('submit', event => {
    // Enter searches whatever is in the box, one character included.
    event.preventDefault()
    closeSuggestions()
    window.clearTimeout(settleTimer)
    search('submit')
  })

  clearButton.addEventListener('click', () => {
    // Clearing empties the box for a new query; the results stay until it is typed.
    window.clearTimeout(searchTimer)
    setValue('')
    closeSuggestions()
    input.focus()
  })

  document.addEventListener('keydown', event => {
    // "/" jumps to the search box from anywhere on the page, as on most search sites.
    const target = event.target as HTMLElement
    if (event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && target !== input && !target.isContentEditable && !['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) {
      event.preventDefault()
      input.focus()
      input.select()
    }
  })

  return { setValue, closeSuggestions }
}

/** The word being typed: the last one in the box, without an exclusion sign or field prefix. */
function lastWord (text: string): { before: string, prefix: string, word: string } {
  const match = /^(.*?)(-?(?:title:)?)("?)([^\s"]*)$/su.exec(text)
  if (match === null) return { before: text, prefix: '', word: '' }
  return { before: match[1] ?? '', prefix: (match[2] ?? '') + (match[3] ?? ''), word: match[4] ?? '' }
}
