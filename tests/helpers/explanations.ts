import { expect } from 'vitest'
import type { Explanation, SearchHit } from '../../src/index.js'

/** How far a shown part may be from the sum or product of its shown details: each is rounded to 0.001. */
const ROUNDING = 0.0005

/**
 * Checks a hit's explanation as a user reads it: the root's value is the hit's score, and
 * every part that says "sum of" or "product of" is that of its details (within the
 * rounding of shown values). Returns every description in the tree, to look for parts in.
 */
export function checkExplanation (hit: SearchHit): string[] {
  const explanation = hit.explanation
  expect(explanation, `${hit.id} has an explanation`).toBeDefined()
  expect(explanation!.value).toBe(hit.score)
  const descriptions: string[] = []
  walk(explanation!, descriptions)
  return descriptions
}

function walk (part: Explanation, descriptions: string[]): void {
  descriptions.push(part.description)
  const details = part.details ?? []
  if (part.description.startsWith('sum of')) {
    expect(details.length, part.description).toBeGreaterThan(1)
    const sum = details.reduce((total, detail) => total + detail.value, 0)
    expect(Math.abs(sum - part.value), `${part.description}: ${details.map(d => d.value).join(' + ')} = ${part.value}`).toBeLessThanOrEqual(ROUNDING * (details.length + 1))
  } else if (part.description.startsWith('product of')) {
    expect(details.length, part.description).toBeGreaterThan(1)
    const product = details.reduce((total, detail) => total * detail.value, 1)
    // A rounded factor moves a product by its rounding times the other factors.
    const slack = ROUNDING * (1 + details.reduce((total, detail) => total + Math.abs(product / (detail.value || 1)), 0))
    expect(Math.abs(product - part.value), `${part.description}: ${details.map(d => d.value).join(' × ')} = ${part.value}`).toBeLessThanOrEqual(slack)
  } else {
    expect(details, `${part.description} is a leaf`).toHaveLength(0)
  }
  for (const detail of details) walk(detail, descriptions)
}
