/** Which of the page's views is showing, and the progress bar for slow answers. */
import { $ } from './dom.js'

/** Show the progress bar only for slow answers, so fast ones do not flicker. */
const PROGRESS_DELAY_MS = 150

const progress = $('progress')
const main = $('main')
const homeView = $('home-view')
const resultsView = $('results-view')
const articleView = $('article-view')
const message = $('message')

export type View = 'home' | 'results' | 'article' | 'message'

export function showView (view: View): void {
  document.body.className = `view-${view === 'message' ? 'results' : view}`
  homeView.hidden = view !== 'home'
  resultsView.hidden = view !== 'results'
  articleView.hidden = view !== 'article'
  message.hidden = view !== 'message'
}

let progressTimer: number | undefined

export function showProgress (on: boolean): void {
  window.clearTimeout(progressTimer)
  if (on) {
    progressTimer = window.setTimeout(() => { progress.hidden = false }, PROGRESS_DELAY_MS)
    main.setAttribute('aria-busy', 'true')
  } else {
    progress.hidden = true
    main.removeAttribute('aria-busy')
  }
}
