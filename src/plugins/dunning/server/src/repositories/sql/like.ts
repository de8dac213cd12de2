/** A `like … escape '\'` pattern matching `term` anywhere, its own % and _ taken literally. */
export const containsPattern = (term: string) =>
  `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
