/** A place in a text where a word of the set occurs: `[start, end)`. */
export interface WordMatch {
  start: number
  end: number
}

interface Node {
  next: Map<string, Node>
  /** A word of the set ends here. */
  word: boolean
}

/**
 * A set of words as a character trie, to find them in a text: the user words of one
 * analyzer, kept apart from Jieba's own dictionary (which is one per thread, and which
 * nodejieba cannot remove a word from).
 */
export class WordTrie {
  private readonly root: Node = { next: new Map(), word: false }
  readonly size: number

  constructor (words: Iterable<string>) {
    let size = 0
    for (const word of words) {
      if (word === '') continue
      let node = this.root
      for (const char of word) {
        let child = node.next.get(char)
        if (child === undefined) {
          child = { next: new Map(), word: false }
          node.next.set(char, child)
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
    let at = start
    while (at < text.length) {
      const code = text.codePointAt(at)!
      const char = String.fromCodePoint(code)
      node = node.next.get(char)
      if (node === undefined) break
      at += char.length
      if (node.word) end = at
    }
    return end
  }

  /**
   * The words of the set in `text`, leftmost first and, where several start together, the
   * longest: the way a reader takes a name out of a line. Matches do not overlap.
   */
  leftmostLongest (text: string): WordMatch[] {
    const matches: WordMatch[] = []
    let at = 0
    while (at < text.length) {
      const end = this.longestAt(text, at)
      if (end > at) {
        matches.push({ start: at, end })
        at = end
      } else {
        at += text.codePointAt(at)! > 0xffff ? 2 : 1
      }
    }
    return matches
  }

  /** Every occurrence of a word of the set inside `text`, overlaps included, except `text` itself. */
  inside (text: string): WordMatch[] {
    const matches: WordMatch[] = []
    for (let at = 0; at < text.length; at += text.codePointAt(at)! > 0xffff ? 2 : 1) {
      let node: Node | undefined = this.root
      let end = at
      while (end < text.length) {
        const char = String.fromCodePoint(text.codePointAt(end)!)
        node = node.next.get(char)
        if (node === undefined) break
        end += char.length
        if (node.word && !(at === 0 && end === text.length)) matches.push({ start: at, end })
      }
    }
    return matches
  }
}
