//! Counts CSV records as the bytes stream in: line ends outside quoted fields, so a value with
//! a line break inside counts once. Holds only whether it is inside quotes between chunks.
export class CsvRecordCounter {
  private inQuotes = false;
  records = 0;

  push(text: string) {
    for (let i = 0; i < text.length; i += 1) {
      const char = text[i];
      // An escaped quote ("") toggles twice, so it leaves the state as it was.
      if (char === '"') this.inQuotes = !this.inQuotes;
      else if (char === '\n' && !this.inQuotes) this.records += 1;
    }
  }
}
