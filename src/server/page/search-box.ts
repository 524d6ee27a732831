/** The search box: results as you type, suggestions under it, and its keyboard. */
import { suggest } from './api-client.js'
import { $ } from './dom.js'
import { createSuggestionList, type SuggestionList } from './suggestion-list.js'

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
  /**
   * Takes up text typed before the page's script ran (the static page's script arrives after
   * the box is on screen): searches and suggests as if it were typed now. False when the box is empty.
   */
  resumeTyping (): boolean
}

export function createSearchBox (actions: SearchBoxActions): SearchBox {
  const form = $<HTMLFormElement>('search-form')
  const input = $<HTMLInputElement>('q')
  const clearButton = $<HTMLButtonElement>('clear')
  const suggestions = createSuggestionList(input, $<HTMLUListElement>('suggestions'))
  const timers = { search: undefined as number | undefined, settle: undefined as number | undefined, suggest: undefined as number | undefined }
  let suggestController: AbortController | undefined

  function setValue (value: string): void {
    if (input.value !== value) input.value = value
    clearButton.hidden = value === ''
  }

  /** Shows results for what is in the box now, if there is anything. */
  function search (how: 'typing' | 'submit'): void {
    window.clearTimeout(timers.search)
    if (how === 'submit') window.clearTimeout(timers.suggest)
    if (input.value.trim() !== '') actions.search(input.value, how)
  }

  /** The box changed by typing; `committed` when an IME has just committed its text. */
  function onTyping ({ committed = false }: { committed?: boolean } = {}): void {
    clearButton.hidden = input.value === ''
    for (const timer of Object.values(timers)) window.clearTimeout(timer)
    timers.suggest = window.setTimeout(() => { void updateSuggestions() }, SUGGEST_DELAY_MS)
    // Too short to search yet: the results on screen stay until there is something to
    // show instead (an emptied box does not wipe them; the × button clears the box).
    const length = [...input.value.trim()].length
    if (length < MIN_TYPED_LENGTH && !(committed && length > 0)) return
    timers.search = window.setTimeout(() => {
      search('typing')
      timers.settle = window.setTimeout(actions.settle, SETTLE_DELAY_MS)
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
    suggestions.render(answer.words, answer.titles, word)
  }

  function closeSuggestions (): void {
    suggestController?.abort()
    window.clearTimeout(timers.suggest)
    suggestions.close()
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

  const box: BoxParts = { form, input, clearButton, suggestions, timers, actions }
  // Back in a box that holds text, its suggestions open again, after the typing delay: a
  // search asked for at once (focus, then Enter) is not held up by them.
  const onFocus = (): void => {
    window.clearTimeout(timers.suggest)
    if (input.value !== '') timers.suggest = window.setTimeout(() => { void updateSuggestions() }, SUGGEST_DELAY_MS)
  }
  bindTyping(box, onTyping, onFocus, closeSuggestions)
  bindKeys(box, choose, closeSuggestions)
  bindButtons(box, { search, setValue, closeSuggestions, choose })
  const resumeTyping = (): boolean => {
    if (input.value === '') return false
    onTyping()
    return true
  }
  return { setValue, closeSuggestions, resumeTyping }
}

/** The search box's elements and state, as its event handlers share them. */
interface BoxParts {
  form: HTMLFormElement
  input: HTMLInputElement
  clearButton: HTMLButtonElement
  suggestions: SuggestionList
  timers: { search: number | undefined, settle: number | undefined, suggest: number | undefined }
  actions: SearchBoxActions
}

/** Typing, an IME's composition, focus and blur. */
function bindTyping ({ input, timers, actions }: BoxParts, onTyping: (how?: { committed?: boolean }) => void, onFocus: () => void, closeSuggestions: () => void): void {
  let composing = false
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
  input.addEventListener('focus', onFocus)
  input.addEventListener('blur', () => {
    // Clicks on a suggestion keep focus (mousedown is prevented), so a blur means leaving:
    // the results typed so far are the ones the person stays with.
    closeSuggestions()
    window.clearTimeout(timers.settle)
    actions.settle()
  })
}

/** The box's keyboard (arrows through the suggestions, Escape, Enter on one) and "/" anywhere. */
function bindKeys ({ input, suggestions }: BoxParts, choose: (option: HTMLElement) => void, closeSuggestions: () => void): void {
  input.addEventListener('keydown', event => {
    if (event.isComposing || event.keyCode === 229) return
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (suggestions.isOpen) {
        event.preventDefault()
        suggestions.move(event.key === 'ArrowDown' ? 1 : -1)
      }
    } else if (event.key === 'Escape') {
      // Escape closes the suggestions and does nothing else. Left to the browser, it
      // would empty the search field, and the emptied box would take the results away.
      event.preventDefault()
      closeSuggestions()
    } else if (event.key === 'Enter' && suggestions.active !== undefined) {
      event.preventDefault()
      choose(suggestions.active)
    }
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
}

/** The form's submit, the × button and clicks on a suggestion. */
function bindButtons ({ form, input, clearButton, timers }: BoxParts, box: { search: (how: 'submit') => void, setValue: (value: string) => void, closeSuggestions: () => void, choose: (option: HTMLElement) => void }): void {
  const list = $<HTMLUListElement>('suggestions')
  list.addEventListener('mousedown', event => event.preventDefault())
  list.addEventListener('click', event => {
    const option = (event.target as Element).closest<HTMLElement>('[role="option"]')
    if (option !== null) box.choose(option)
  })
  form.addEventListener('submit', event => {
    // Enter searches whatever is in the box, one character included.
    event.preventDefault()
    box.closeSuggestions()
    window.clearTimeout(timers.settle)
    box.search('submit')
  })
  clearButton.addEventListener('click', () => {
    // Clearing empties the box for a new query; the results stay until it is typed.
    window.clearTimeout(timers.search)
    box.setValue('')
    box.closeSuggestions()
    input.focus()
  })
}

/** The word being typed: the last one in the box, without an exclusion sign or field prefix. */
function lastWord (text: string): { before: string, prefix: string, word: string } {
  const match = /^(.*?)(-?(?:title:)?)("?)([^\s"]*)$/su.exec(text)
  if (match === null) return { before: text, prefix: '', word: '' }
  return { before: match[1] ?? '', prefix: (match[2] ?? '') + (match[3] ?? ''), word: match[4] ?? '' }
}
