// The result file: JSON Lines, a header line and then one record per run in index order. Only
// whole lines are ever appended, so a kill can leave at most one partial line, at the end; the
// resume cuts it off and carries on with the run it belonged to.

import {
  closeSync,
  existsSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readSync,
  writeSync,
} from 'node:fs';
import { ResultFileCorruptError, ResultFileMismatchError } from './errors.js';
import type { ResultHeader, RunRecord } from './experiment-job.js';

const CHUNK_BYTES = 1 << 16;
const NEWLINE = 0x0a;

interface Line {
  /** The line's text, without its newline. */
  readonly text: string;
  /** 1-based, as an editor counts. */
  readonly number: number;
  /** Byte offset just past the line's newline. */
  readonly end: number;
}

/**
 * The complete lines of an open file, read in chunks so that memory holds one chunk and one line
 * at a time. Bytes after the last newline are not a line and are not yielded.
 */
function* completeLines(fd: number): Generator<Line> {
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let carry: Buffer[] = [];
  let position = 0;
  let number = 0;
  for (;;) {
    const read = readSync(fd, chunk, 0, CHUNK_BYTES, position);
    if (read === 0) return;
    const view = chunk.subarray(0, read);
    let start = 0;
    for (let i = view.indexOf(NEWLINE); i !== -1; i = view.indexOf(NEWLINE, start)) {
      const piece = view.subarray(start, i);
      const text =
        carry.length === 0
          ? piece.toString('utf8')
          : Buffer.concat([...carry, piece]).toString('utf8');
      carry = [];
      number++;
      yield { text, number, end: position + i + 1 };
      start = i + 1;
    }
    // The chunk is reused, so the unfinished line's bytes are copied out of it.
    if (start < read) carry.push(Buffer.from(view.subarray(start)));
    position += read;
  }
}

function headerLine(header: ResultHeader): string {
  return JSON.stringify({
    experiment: header.experiment,
    runs: header.runs,
    outputs: header.outputs,
  });
}

function parseLine(file: string, line: Line, what: string): unknown {
  try {
    return JSON.parse(line.text);
  } catch {
    throw new ResultFileCorruptError(file, line.number, `not a JSON ${what}`);
  }
}

function checkHeader(file: string, line: Line, expected: ResultHeader): void {
  const found = parseLine(file, line, 'header') as Partial<ResultHeader> | null;
  if (found === null || typeof found !== 'object' || typeof found.experiment !== 'string') {
    throw new ResultFileCorruptError(file, line.number, 'no "experiment" field in the header');
  }
  const mismatch = (field: string) =>
    new ResultFileMismatchError(file, found.experiment!, expected.experiment, field);
  if (found.experiment !== expected.experiment) throw mismatch('experiment');
  if (found.runs !== expected.runs) throw mismatch('runs');
  if (JSON.stringify(found.outputs) !== JSON.stringify(expected.outputs)) throw mismatch('outputs');
}

/** Where a resumed result file stands. */
export interface OpenedResultFile {
  /** Open for appending, positioned after the last complete record. */
  readonly fd: number;
  /** Records already in the file: runs 0 to `next - 1`. */
  readonly next: number;
}

/**
 * Opens `file` to append the records of the experiment `header` describes. A new or empty file
 * gets the header. An existing one must carry the same header; its complete records are kept
 * (each checked to be the next index), and a partial last line is cut off.
 *
 * @throws ResultFileMismatchError (`E_RESULT_FILE_MISMATCH`) if the file is another experiment's.
 * @throws ResultFileCorruptError (`E_RESULT_FILE_CORRUPT`) if it is not a result file, or a
 *   complete line is not the record expected there. The file is left untouched in both cases.
 */
export function openResultFile(file: string, header: ResultHeader): OpenedResultFile {
  const expectedHeader = `${headerLine(header)}\n`;
  if (!existsSync(file)) {
    const fd = openSync(file, 'a');
    writeSync(fd, expectedHeader);
    return { fd, next: 0 };
  }

  const fd = openSync(file, 'r+');
  let next = 0;
  try {
    let keep = 0;
    for (const line of completeLines(fd)) {
      if (line.number === 1) {
        checkHeader(file, line, header);
      } else {
        const record = parseLine(file, line, 'record') as Partial<RunRecord> | null;
        if (record?.index !== next || next >= header.runs) {
          throw new ResultFileCorruptError(
            file,
            line.number,
            `expected the record of run ${next}, found ${line.text.slice(0, 60)}`,
          );
        }
        next++;
      }
      keep = line.end;
    }

    const size = fstatSync(fd).size;
    if (keep === 0 && size > 0) {
      // No complete line: a kill while the header was written leaves a prefix of it. Anything
      // else is someone else's file.
      const head = Buffer.alloc(Math.min(size, expectedHeader.length));
      readSync(fd, head, 0, head.length, 0);
      if (size >= expectedHeader.length || !expectedHeader.startsWith(head.toString('utf8'))) {
        throw new ResultFileCorruptError(file, 1, 'no header line');
      }
    }
    if (keep < size) ftruncateSync(fd, keep);
    if (keep === 0) writeSync(fd, expectedHeader, 0);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  closeSync(fd);
  // Reopened in append mode, so every later write lands at the end whatever the position.
  return { fd: openSync(file, 'a'), next };
}

/**
 * Appends records in index order although they arrive in any order: a record waits in memory
 * until every record before it has been written. The caller bounds how far ahead of the next
 * unwritten index it lets runs start, and so bounds what waits here.
 */
export class OrderedRecordWriter {
  readonly #fd: number;
  readonly #waiting = new Map<number, string>();
  #next: number;

  constructor(fd: number, next: number) {
    this.#fd = fd;
    this.#next = next;
  }

  /** The index of the first record not yet written. */
  get next(): number {
    return this.#next;
  }

  /**
   * Takes the line of run `index` and writes it, with every waiting line that now follows in
   * order, in one write. Lines are whole when written, so a kill cuts at most the last one.
   */
  accept(index: number, line: string): void {
    this.acceptAll(index, [line]);
  }

  /** Takes the lines of runs `first`, `first + 1`, … and writes what now follows in order. */
  acceptAll(first: number, lines: readonly string[]): void {
    for (let i = 0; i < lines.length; i++) this.#waiting.set(first + i, lines[i]!);
    let chunk = '';
    for (let text = this.#waiting.get(this.#next); text !== undefined; ) {
      this.#waiting.delete(this.#next);
      chunk += `${text}\n`;
      this.#next++;
      text = this.#waiting.get(this.#next);
    }
    if (chunk !== '') writeSync(this.#fd, chunk);
  }

  /** Closes the file, dropping lines that wait for an earlier record (a resume redoes them). */
  close(): void {
    this.#waiting.clear();
    closeSync(this.#fd);
  }
}

/**
 * The header of a result file.
 *
 * @throws ResultFileCorruptError (`E_RESULT_FILE_CORRUPT`) if it has no header line.
 */
export function readResultHeader(file: string): ResultHeader {
  const fd = openSync(file, 'r');
  try {
    for (const line of completeLines(fd)) {
      const header = parseLine(file, line, 'header') as ResultHeader | null;
      if (typeof header?.experiment !== 'string') break;
      return header;
    }
    throw new ResultFileCorruptError(file, 1, 'no header line');
  } finally {
    closeSync(fd);
  }
}

/**
 * The records of a result file in index order, read lazily: memory holds one chunk of the file
 * and one record at a time, however large the file. A partial last line (an interrupted write)
 * is skipped. The file is closed when the iteration ends or is broken off.
 *
 * @throws ResultFileCorruptError (`E_RESULT_FILE_CORRUPT`) on a complete line that is not JSON.
 */
export function* readResults(file: string): Generator<RunRecord, void, undefined> {
  const fd = openSync(file, 'r');
  try {
    for (const line of completeLines(fd)) {
      if (line.number > 1) yield parseLine(file, line, 'record') as RunRecord;
    }
  } finally {
    closeSync(fd);
  }
}
