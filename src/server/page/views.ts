/** Which of the page's views is showing, where focus goes in it, the progress bar and the footer. */
import type { StatsResponse } from './api-shapes.js'
import { $ } from './dom.js'
import { formatAge, formatNumber } from './format.js'

/** Show the progress bar only for slow answers, so fast ones do not flicker. */
const PROGRESS_DELAY_MS = 150

const progress = $('progress')
const main = $('main')
const homeView = $('home-view')
const resultsView = $('results-view')
const articleView = $('article-view')
const message = $('message')
const results = $('results')

export type View = 'home' | 'results' | 'article' | 'message'

let shown: View = 'home'

export function showView (view: View): void {
  shown = view
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

/**
 * Moves focus to where the view's main content starts (the skip link's target): the
 * results list, the article's title, the message, or the main area on the home page.
 */
export function focusMainContent (): void {
  const target = shown === 'results'
    ? results
    : shown === 'article' ? articleView.querySelector<HTMLElement>('h1') ?? main : shown === 'message' ? message : main
  target.focus()
}

/** The footer's line about the index: how many articles and words, and how fresh. */
export function showIndexInfo (stats: StatsResponse): void {
  const age = stats.ageSeconds !== undefined ? ` · 索引更新于${formatAge(stats.ageSeconds)}` : ''
  $('index-info').textContent = `已索引 ${formatNumber(stats.documents)} 篇文章、${formatNumber(stats.terms)} 个词项${age}`
}
