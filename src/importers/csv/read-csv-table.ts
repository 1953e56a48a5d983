import { Parser, type CsvError } from 'csv-parse';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { ImportProblem } from '../problem.js';
import type { TableEvent } from '../table-event.js';
import { withoutFormulaGuard } from './csv-cell.js';
import { detectDelimiter } from './detect-delimiter.js';

/** A Node stream, an async iterable of chunks (an HTTP body), or plain strings in tests. */
export type ByteSource = Readable | AsyncIterable<string | Buffer | Uint8Array> | Iterable<string | Buffer | Uint8Array>;

/**
 * Streams a CSV file as header/row/problem events with 1-based line numbers. Memory stays bounded by
 * one record: csv-parse pulls chunks from the source as we consume rows. UTF-8 with or without BOM;
 * comma, semicolon or tab (decided from the header line); lines may end in CRLF, LF or a lone CR,
 * mixed within one file (a header pasted from another tool); quoted fields may contain delimiters and
 * line breaks. A record csv-parse cannot read (an unclosed quote at the end of a truncated file)
 * becomes a problem and reading goes on; so does a row with fewer cells than the header.
 */
export async function* readCsvTable(source: ByteSource, options: { file: string }): AsyncGenerator<TableEvent> {
  const { file } = options;
  const text = unixLineBreaks(decodeUtf8(source));
  const first = await firstLine(text);
  if (first.prefix.replace(/^\uFEFF/, '').trim() === '' && first.done) {
    yield { type: 'problem', problem: { file, line: null, column: null, value: null, message: 'the file is empty; expected a header line with column names', severity: 'error' } };
    return;
  }
  const delimiter = detectDelimiter(first.prefix.split('\n')[0] ?? '');
  const skipped: ImportProblem[] = [];
  const parser = new LineCountingParser({
    delimiter,
    record_delimiter: '\n',
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      skipped.push({
        file, line: numberOr(error?.lines, null), column: null, value: null, severity: 'error',
        message: error?.code === 'CSV_QUOTE_NOT_CLOSED'
          ? 'a quoted field is never closed; the file looks truncated or a quote is missing, so this row was not imported'
          : `this row cannot be read as CSV (${error?.message ?? 'unknown reason'})`,
      });
      return undefined;
    },
  });
  const input = Readable.from(prepend(first.prefix, first.rest));
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);

  let header: string[] | null = null;
  let previousEnd = 0;
  let previousEmpty = 0;
  for await (const { record, lines, emptyLines } of parser as AsyncIterable<CountedRecord>) {
    yield* drain(skipped);
    // `lines` is where the record ends; a quoted field with line breaks started earlier, and
    // skipped blank lines sit between records, so the start line is derived from the previous end.
    const line = previousEnd + 1 + (emptyLines - previousEmpty);
    previousEnd = lines;
    previousEmpty = emptyLines;
    unguard(record);
    if (header === null) {
      header = record.map((name) => name.trim());
      yield { type: 'header', columns: header, line };
      continue;
    }
    if (record.length < header.length) {
      yield {
        type: 'problem', problem: {
          file, line, column: null, value: record.join(delimiter), severity: 'error',
          message: `the row has ${record.length} of the header's ${header.length} columns; it looks truncated or a delimiter is missing, so it was not imported`,
        },
      };
      continue;
    }
    const extra = record.slice(header.length);
    if (extra.some((cell) => cell.trim() !== '')) {
      yield {
        type: 'problem', problem: {
          file, line, column: null, value: null, severity: 'error',
          message: `the row has ${record.length} columns but the header has ${header.length}; a value probably contains an unquoted "${delimiter}", so it was not imported`,
        },
      };
      continue;
    }
    yield { type: 'row', cells: record.slice(0, header.length), line };
  }
  yield* drain(skipped);
}

interface CountedRecord {
  record: string[];
  /** Lines read when the record ended, and blank lines skipped so far. */
  lines: number;
  emptyLines: number;
}

/**
 * csv-parse's stream, pushing each record with the parser's line counts at the moment the record
 * ends: what its `info: true` option gives, without the two copies of the whole info object per
 * record that option makes (a tenth of the time spent reading a large file).
 */
class LineCountingParser extends Parser {
  override push(record: unknown, encoding?: BufferEncoding): boolean {
    if (record === null) return super.push(null, encoding);
    const counted: CountedRecord = { record: record as string[], lines: this.info.lines, emptyLines: this.info.empty_lines };
    return super.push(counted, encoding);
  }
}

/** A rejected-rows file Recare wrote guards formula-like cells with a leading `'`; read them as they were. */
function unguard(record: string[]): void {
  for (let i = 0; i < record.length; i++) {
    const cell = record[i] as string;
    if (cell.charCodeAt(0) === 39) record[i] = withoutFormulaGuard(cell);
  }
}

function* drain(problems: ImportProblem[]): Generator<TableEvent> {
  while (problems.length > 0) {
    const problem = problems.shift();
    if (problem) yield { type: 'problem', problem };
  }
}

function numberOr<T>(value: unknown, fallback: T): number | T {
  return typeof value === 'number' ? value : fallback;
}

async function* decodeUtf8(source: ByteSource): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk));
    if (text !== '') yield text;
  }
  const tail = decoder.end();
  if (tail !== '') yield tail;
}

/**
 * Every line break (CRLF, LF, lone CR, in any mix) as LF, so csv-parse reads one kind of line end and
 * counts lines right: left to itself it takes the first line's ending for the whole file (LF rows
 * after a CRLF header become one long row) and counts a CRLF inside a quoted field as two lines.
 * A line break inside a quoted field becomes LF too. A chunk ending in CR waits for the next one,
 * which may start with the LF of the same CRLF.
 */
async function* unixLineBreaks(text: AsyncIterable<string>): AsyncGenerator<string> {
  let pendingCr = false;
  for await (let chunk of text) {
    if (pendingCr) chunk = '\r' + chunk;
    pendingCr = chunk.endsWith('\r');
    if (pendingCr) chunk = chunk.slice(0, -1);
    if (chunk.includes('\r')) chunk = chunk.replace(/\r\n?/g, '\n');
    if (chunk !== '') yield chunk;
  }
  if (pendingCr) yield '\n';
}

/** Reads chunks until the first line break so the delimiter can be chosen; nothing beyond that is buffered. */
async function firstLine(text: AsyncGenerator<string>): Promise<{ prefix: string; rest: AsyncGenerator<string>; done: boolean }> {
  let prefix = '';
  for (;;) {
    const next = await text.next();
    if (next.done) return { prefix, rest: text, done: true };
    prefix += next.value;
    if (prefix.includes('\n')) return { prefix, rest: text, done: false };
  }
}

async function* prepend(prefix: string, rest: AsyncIterable<string>): AsyncGenerator<string> {
  if (prefix !== '') yield prefix;
  yield* rest;
}
