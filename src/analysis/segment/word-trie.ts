/** A place in a text where a word of the set occurs: `[start, end)`. */
export interface WordMatch {
  start: number
  end: number
}

interface Node {
  /** Children by UTF-16 code unit (a character outside the BMP is two steps). */
  next: Map<number, Node>
  /** A word of the set ends here. */
  word: boolean
}

/**
 * A set of words as a trie, to find them in a text: the user words of one analyzer, kept
 * apart from Jieba's own dictionary (which is one per thread, and which nodejieba cannot
 * remove a word from). Keyed by UTF-16 code units, so a match never splits a surrogate pair
 * (no word starts with a low surrogate).
 */
export class WordTrie {
  private readonly root: Node = { next: new Map(), word: false }
  readonly size: number

  constructor (words: Iterable<string>) {
    let size = 0
    for (const word of words) {
      if (word === '') continue
      let node = this.root
      for (let i = 0; i < word.length; i++) {
        const unit = word.charCodeAt(i)
        let child = node.next.get(unit)
        if (child === undefined) {
          child = { next: new Map(), word: false }
          node.next.set(unit, child)
        }
        node = child
      }
      if (!node.word) size++
      node.word = true
    }
    this.size = size
  }

  /** The end of the longest word of the set that starts at `start` in `text` (-1 when none). */
  longestAt (text: string, start: number): number {
    let node: Node | undefined = this.root
    let end = -1
    for (let at = start; at < text.length; at++) {
      node = node.next.get(text.charCodeAt(at))
      if (node === undefined) break
      if (node.word) end = at + 1
    }
    return end
  }

  /**
   * The words of the set in `text`, leftmost first and, where several start together, the
   * longest: the way a reader takes a name out of a line. Matches do not overlap.
   */
  leftmostLongest (text: string): WordMatch[] {
    const matches: WordMatch[] = []
    const first = this.root.next
    for (let at = 0; at < text.length;) {
      // Most positions start no word: one lookup each.
      const end = first.has(text.charCodeAt(at)) ? this.longestAt(text, at) : -1
      if (end > at) {
        matches.push({ start: at, end })
        at = end
      } else {
        at++
      }
    }
    return matches
  }

  /** Every occurrence of a word of the set inside `text`, overlaps included, except `text` itself. */
  inside (text: string): WordMatch[] {
    const matches: WordMatch[] = []
    for (let at = 0; at < text.length; at++) {
      let node: Node | undefined = this.root
      for (let end = at; end < text.length;) {
        node = node.next.get(text.charCodeAt(end++))
        if (node === undefined) break
        if (node.word && !(at === 0 && end === text.length)) matches.push({ start: at, end })
      }
    }
    return matches
  }
}
