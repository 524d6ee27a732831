/** Reading the scripts' options: a bad value stops the run with a line that names the option. */

/** `--name value` as a whole number ≥ min. */
export function wholeNumber (value: string, name: string, min = 0): number {
  const number = Number(value)
  if (value.trim() === '' || !Number.isInteger(number) || number < min) throw new Error(`--${name} must be a whole number ≥ ${min}, not ${JSON.stringify(value)}`)
  return number
}

/** `--name 1,2,4` as whole numbers ≥ min. */
export function wholeNumbers (value: string, name: string, min = 0): number[] {
  return value.split(',').map(part => wholeNumber(part.trim(), name, min))
}

/** `--name a,b` as its non-empty parts. */
export function list (value: string): string[] {
  return value.split(',').map(part => part.trim()).filter(part => part !== '')
}
