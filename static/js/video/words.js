// The room's words, translated by the page (the "video-words" JSON block), and how they are put together.

/** Wrap the page's table of words: a word by key, a place's name, a member's description. */
export function createWords(table) {
  function text(key) {
    return table[key];
  }

  /** Fill "{name}"-style holes in a word; values are used as they are, never as patterns. */
  function format(key, values) {
    return Object.keys(values).reduce(function (result, hole) {
      return result.replace("{" + hole + "}", function () { return values[hole]; });
    }, table[key]);
  }

  function place(name) {
    return table[name] || name || "";
  }

  /** "Name · role · side (you)", as the lists of people show a member. */
  function member(m, me) {
    let line = m.name + " · " + (table[m.role] || m.role);
    if (m.side) line += " · " + (table[m.side] || m.side);
    if (me && m.id === me.id) line += " (" + table.you + ")";
    return line;
  }

  return { text, format, place, member };
}
