import { describe, expect, it } from 'vitest';
import { alignColumns } from './columns.js';

describe('alignColumns', () => {
  it('makes each column as wide as its widest cell, two spaces apart, numbers to the right', () => {
    const lines = alignColumns(
      [
        ['combo', 'price'],
        ['S1-D1', '20491655055245389950'],
        ['S2-D10', '9'],
      ],
      (row, column) => row > 0 && column > 0,
    );

    expect(lines).toEqual([
      'combo   price',
      'S1-D1   20491655055245389950',
      'S2-D10                     9',
    ]);
  });

  it('takes rows of different lengths and drops trailing spaces', () => {
    expect(alignColumns([['a', 'bb'], ['ccc']])).toEqual(['a    bb', 'ccc']);
  });
});
