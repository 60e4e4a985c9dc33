//! Where the inbox goes when the open conversation disappears.
import { describe, expect, it } from 'vitest';
import { nextConversation } from './use-gone-conversation';

describe('nextConversation', () => {
  it('takes the row that followed the gone one and is still listed', () => {
    expect(nextConversation(['a', 'gone', 'b', 'c'], 'gone', ['a', 'c'])).toBe('c');
  });

  it('takes the nearest row above when nothing below is left', () => {
    expect(nextConversation(['a', 'b', 'gone'], 'gone', ['a', 'b'])).toBe('b');
  });

  it("takes the list's first row when the gone one was never in it, and none from an empty list", () => {
    expect(nextConversation([], 'gone', ['x', 'y'])).toBe('x');
    expect(nextConversation(['gone'], 'gone', [])).toBeNull();
  });
});
