import { describe, expect, it } from 'vitest';
import { CsvRecordCounter } from './csv-record-counter';

describe('CsvRecordCounter', () => {
  it('counts records, not line breaks inside quoted values, across chunk borders', () => {
    const counter = new CsvRecordCounter();
    counter.push('id,name\r\n1,"Ada\r\nLove');
    expect(counter.records).toBe(1);
    counter.push('lace"\r\n2,"say ""hi"""\r\n3,Grace');
    expect(counter.records).toBe(3);
    counter.push('\r\n');
    expect(counter.records).toBe(4);
  });
});
