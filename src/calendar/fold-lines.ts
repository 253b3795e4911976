/** RFC 5545 §3.1: content lines are folded so that none is longer than 75 octets. */
const MAX_OCTETS = 75;

/** A line this short fits whatever it holds: a UTF-16 unit is at most 3 octets of UTF-8. */
const ALWAYS_FITS = Math.floor(MAX_OCTETS / 3);

function foldLine(line: string): string {
  if (line.length <= ALWAYS_FITS) return line;
  let folded = '';
  let start = 0;
  let octets = 0;
  for (let i = 0; i < line.length; i++) {
    const unit = line.charCodeAt(i);
    // A surrogate pair is one character of 4 octets: never cut between its halves.
    const pair = unit >= 0xd800 && unit <= 0xdbff && i + 1 < line.length;
    const length = unit < 0x80 ? 1 : unit < 0x800 ? 2 : pair ? 4 : 3;
    if (octets + length > MAX_OCTETS) {
      folded += `${line.slice(start, i)}\r\n `;
      start = i;
      octets = 1;
    }
    octets += length;
    if (pair) i++;
  }
  return folded + line.slice(start);
}

/**
 * Folds every line of `text` (CRLF-separated) at 75 octets, never inside a character: a
 * continuation line starts with one space, which counts in its 75.
 */
export function foldLines(text: string): string {
  return text.split('\r\n').map(foldLine).join('\r\n');
}
