/** The value after `--<name>` on a bench script's command line, or `fallback` when it is absent or has none. */
export function commandLineOption(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`)
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback
}
