/**
 * Content-line helpers shared by vCard (RFC 6350/2426) and iCalendar (RFC 5545): both escape text
 * the same way and fold lines longer than 75 octets with CRLF + one space.
 */
export const escapeText = (s: string): string =>
  s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n')
    // Other control characters are not allowed in a content line (RFC 5545 3.1, RFC 6350 3.3).
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');

/**
 * A URI value (URL, UID in vCard 4.0). Text escaping does not apply to URIs, so it is cleaned
 * instead: a URI never holds whitespace, so it ends at the first space or line break (a website
 * cell "https://a.mk\r\nEND:VCARD…" must not write a second card), and characters a URI cannot
 * hold raw are percent-encoded (a backslash would read back as an escape).
 */
export const uriValue = (s: string): string =>
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  (s.trim().split(/\s/)[0] ?? '').replace(/[\u0000-\u001f\u007f\\"<>^`{|}]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

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
