/** "a, b,,c " → ['a', 'b', 'c']: a comma-separated list as typed in a field or a flag, blanks dropped. */
export const commaList = (text: string): string[] =>
  text
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
