/**
 * A whole-file problem: the file cannot be read as a table at all.
 * `code` is stable (the UI translates it); `message` is an English explanation for logs and tests.
 */
export type FileProblemCode =
  | 'empty'
  | 'binary'
  | 'unsupported-encoding'
  | 'bad-encoding'
  | 'no-data-rows'
  | 'not-a-table';

export interface FileProblem {
  code: FileProblemCode;
  message: string;
}

export const fileProblem = (code: FileProblemCode, message: string): FileProblem => ({ code, message });

/** A problem with one cell or one row; `row` is the 1-based row number the user sees in Excel. */
export interface RowError {
  row: number;
  column: string;
  value: string;
  reason: string;
}
