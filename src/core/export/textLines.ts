/**
 * Content-line helpers shared by vCard (RFC 6350/2426) and iCalendar (RFC 5545): both escape text
 * the same way and fold lines longer than 75 octets with CRLF + one space.
 */
export const escapeText = (s: string): string =>
  s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');

const enc = new TextEncoder();

/** Folds at 75 octets without splitting a UTF-8 character (a split one breaks strict readers). */
export function foldLine(line: string): string {
  if (enc.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let cur = '', size = 0, limit = 75;
  for (const ch of line) {
    const n = enc.encode(ch).length;
    if (size + n > limit) { parts.push(cur); cur = ''; size = 0; limit = 74; } // continuation lines start with a space
    cur += ch;
    size += n;
  }
  parts.push(cur);
  return parts.join('\r\n ');
}

/** Joins content lines with CRLF, folding each. */
export const contentLines = (lines: readonly string[]): string => lines.map(foldLine).join('\r\n') + '\r\n';
