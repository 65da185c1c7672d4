/** Export core: CSV for Excel, vCard 3.0/4.0, iCalendar. Pure TS: returns text/bytes, the UI downloads them. */
export { csvFormatFor, toCsv, csvBytes, neutraliseFormula, restoreFormulaText, formatNumber } from './csvWriter';
export type { CsvFormat, CsvCell } from './csvWriter';
export { clientsCsv, contactsCsv, purchasesCsv } from './tables';
export { toVcards, contactsToVcard, clientsToVcard } from './vcard';
export type { VcardEntry, VcardVersion } from './vcard';
export { tasksToIcs } from './ics';
export { escapeText, foldLine, uriValue } from './textLines';
