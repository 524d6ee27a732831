/** Progress lines on stderr (stdout keeps the tables): `[bench 12:34:56] …`. */
export function logger (prefix: string): (line: string) => void {
  return line => { process.stderr.write(`[${prefix} ${new Date().toISOString().slice(11, 19)}] ${line}\n`) }
}
