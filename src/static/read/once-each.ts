/**
 * Asynchronous answers computed once per key and kept: an export never changes, so a file
 * or what was decoded from it is good for as long as the page is open. A second call for a
 * key waits for the first; a failed answer is computed again next time (the network may be
 * back).
 */
export class OnceEach {
  private readonly answers = new Map<string, Promise<unknown>>()

  get<T> (key: string, compute: () => Promise<T>): Promise<T> {
    let answer = this.answers.get(key) as Promise<T> | undefined
    if (answer === undefined) {
      answer = compute()
      this.answers.set(key, answer)
      answer.catch(() => { this.answers.delete(key) })
    }
    return answer
  }
}
