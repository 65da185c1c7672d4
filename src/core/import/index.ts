/**
 * Import core: pure TypeScript, runs in the browser, in the import worker and in Node.
 * Bytes → sniff (encoding, delimiter, header) → parse (rows + row errors) → suggest a mapping →
 * plan (dry run) → the lead's command applies the plan in one transaction.
 */
export { detectEncoding, decodeBytes, bomLengthFor, ENCODINGS, isEncoding, SNIFF_BYTES } from './encoding';
export type { Encoding, EncodingGuess, EncodingCandidate } from './encoding';
export { sniffCsv, parseCsv, RowAssembler } from './csv';
export type { CsvSniff, CsvOptions, ParsedCsv } from './csv';
export { CsvStream, DELIMITERS, isDelimiter } from './csvStream';
export type { Delimiter, LineEnding } from './csvStream';
export type { HeaderProblem } from './header';
export type { FileProblem, FileProblemCode, RowError } from './problem';
export { suggestMapping, mappingFromSuggestions, mappingKey } from './mapping';
export type { ColumnSuggestion, Mapping } from './mapping';
export { suggestFromValues, sniffSuggestions, VALUE_SCORE } from './mappingValues';
export type { ValueOptions } from './mappingValues';
export { CLIENT_FIELDS, PURCHASE_FIELDS, INTERACTION_FIELDS, normaliseName } from './aliases';
export type { Entity, TargetField, ClientField, PurchaseField, InteractionField } from './aliases';
export { parseDate, parseDateColumn, DATE_FORMATS } from './dates';
export type { DateFormat, DateColumn, DateColumnProblem } from './dates';
export { parseNumber, detectNumberFormat } from './numbers';
export type { DecimalSeparator, NumberFormat } from './numbers';
export { parsePhone, parsePhoneParts, parseEmail, parseEmails } from './contactValues';
export type { CountryCode, EmailList, PhoneParts } from './contactValues';
export { countryCode } from './countries';
export { buildClientIndex, normExternalId, normName, normTaxId, normPhone } from './clientIndex';
export type { ClientIndex, MatchedBy } from './clientIndex';
export { buildImportPlan, ImportPlanner, planKey } from './plan';
export type { ImportPlan, PlanOptions, PlanProblem, DuplicatePolicy, DuplicateMatch } from './plan';
export { rowErrorsCsv } from './rowErrorsCsv';
export { parseVcards, planVcards } from './vcard';
export type { VCard, VcardPlanOptions } from './vcard';
export { runImport, sniffBlob, hashBlob } from './pipeline';
export type { PipelineInput, PipelineHooks, PipelineProgress, PipelineFailure, PipelineResult, PipelinePlanOptions } from './pipeline';
export { joinOnKey } from './join';
export type { Table } from './join';
