/**
 * Unicode NFKC for one character cluster: full-width digits and letters become
 * half-width (`１２３` → `123`, `ＡＢＣ` → `ABC`), the ideographic space a space,
 * compatibility forms their plain letters (`ﬁ` → `fi`, `㈠` → `(一)`).
 */
export function foldWidth (cluster: string): string {
  return cluster.normalize('NFKC')
}
