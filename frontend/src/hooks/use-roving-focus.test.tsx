//! Roving focus: one Tab stop per list, arrows between rows and within a row, rows added later included.
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { useRovingFocus } from './use-roving-focus';

function Rows({ rows }: { rows: string[] }) {
  const ref = useRovingFocus<HTMLUListElement>({ items: '.open, .peek' });
  return (
    <>
      <button type="button">Before</button>
      <ul ref={ref}>
        {rows.map((row) => (
          <li key={row}>
            <button type="button" className="open">
              Open {row}
            </button>
            <button type="button" className="peek">
              Peek {row}
            </button>
          </li>
        ))}
      </ul>
      <button type="button">After</button>
    </>
  );
}

const focused = () => document.activeElement?.textContent;

describe('useRovingFocus', () => {
  it('makes the list one Tab stop and moves with the arrow keys, Home and End', async () => {
    const user = userEvent.setup();
    render(<Rows rows={['a', 'b', 'c']} />);

    await user.tab();
    await user.tab();
    expect(focused()).toBe('Open a');
    await user.keyboard('{ArrowDown}');
    expect(focused()).toBe('Open b');
    await user.keyboard('{ArrowRight}');
    expect(focused()).toBe('Peek b');
    await user.keyboard('{ArrowDown}');
    expect(focused()).toBe('Peek c');
    await user.keyboard('{Home}');
    expect(focused()).toBe('Peek a');
    await user.keyboard('{End}{ArrowLeft}');
    expect(focused()).toBe('Open c');
    // Tab leaves the list; Shift+Tab comes back to where the agent was.
    await user.tab();
    expect(focused()).toBe('After');
    await user.tab({ shift: true });
    expect(focused()).toBe('Open c');
  });

  it('keeps rows added later out of the Tab order', async () => {
    const { rerender } = render(<Rows rows={['a']} />);
    rerender(<Rows rows={['a', 'b']} />);
    await expect
      .poll(() => screen.getAllByRole('button').map((button) => `${button.textContent}:${button.tabIndex}`))
      .toEqual(['Before:0', 'Open a:0', 'Peek a:-1', 'Open b:-1', 'Peek b:-1', 'After:0']);
  });
});
