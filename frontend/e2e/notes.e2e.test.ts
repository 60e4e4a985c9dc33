//! Browser: contact notes from the sidebar, live in a second open tab. The owner writes, edits and deletes
//! a note on Olivia Bennett's conversation; the agent, signed in in another browser with the same
//! conversation open, sees each change arrive without a reload (the `notes` live notice refetches).
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, type BrowserSession } from './browser';
import { layoutScreenshot, openPage, signIn } from './support';

const baseUrl = inject('baseUrl');
const DEMO_AGENT = { email: 'agent@convot.test', password: 'convot-demo' };
/** How long a change may take to reach the other tab: the stream is immediate, the sidebar's poll 30 s. */
const LIVE_WITHIN_MS = 15_000;

async function openOliviaNotes(page: Page, account?: { email: string; password: string }): Promise<Locator> {
  await signIn(page, baseUrl, account);
  await page.getByRole('list', { name: 'Conversations' }).getByRole('link', { name: /Olivia Bennett/ }).first().click();
  await page.waitForURL(/\/conversations\/[0-9a-f-]{36}/);
  const sidebar = page.getByRole('complementary', { name: 'Contact' });
  await sidebar.getByRole('heading', { name: 'Olivia Bennett', level: 2 }).waitFor();
  const notes = sidebar.getByRole('region', { name: 'Notes', exact: true });
  await notes.getByRole('textbox', { name: 'New note' }).waitFor();
  return notes;
}

/** The note items whose text contains `text`. */
function notesWith(section: Locator, text: string): Locator {
  return section.getByRole('listitem').filter({ hasText: text });
}


/** The look that makes a box a sidebar card, to compare two boxes by. */
const card = (locator: Locator) =>
  locator.evaluate((node) => {
    const style = getComputedStyle(node);
    return { radius: style.borderTopLeftRadius, border: style.borderTopColor, background: style.backgroundColor };
  });

describe('contact notes', () => {
  let agentBrowser: BrowserSession;
  let ownerBrowser: BrowserSession;

  beforeAll(async () => {
    [ownerBrowser, agentBrowser] = await Promise.all([launchBrowser(), launchBrowser()]);
  });

  afterAll(async () => {
    await Promise.all([ownerBrowser?.close(), agentBrowser?.close()]);
  });

  it('writes, edits and deletes a note in the sidebar, and a second open tab follows each change', async () => {
    const owner = await openPage(ownerBrowser.context, baseUrl);
    const agent = await openPage(agentBrowser.context, baseUrl);
    const mine = await openOliviaNotes(owner.page);
    const theirs = await openOliviaNotes(agent.page, DEMO_AGENT);
    const marker = `E2E note ${Date.now()}`;

    // Write: two lines, sent with Ctrl+Enter.
    const box = mine.getByRole('textbox', { name: 'New note' });
    await box.fill(`${marker}\nSecond line <b>stays text</b>`);
    await box.press('Control+Enter');
    await notesWith(mine, marker).waitFor();
    await expect.poll(() => box.inputValue()).toBe('');
    await expect.poll(() => notesWith(theirs, marker).count(), { timeout: LIVE_WITHIN_MS }).toBe(1);
    const seen = notesWith(theirs, marker);
    expect(await seen.locator('.note__body').innerText()).toBe(`${marker}\nSecond line <b>stays text</b>`);
    expect(await seen.locator('b').count(), 'the body is text, not markup').toBe(0);
    expect(await seen.textContent()).toContain('Dana Demo');
    // The owner's note is not the agent's to change.
    expect(await seen.getByRole('button', { name: 'Edit note' }).count()).toBe(0);
    // Drawn like the sidebar's other cards (a history row of another conversation).
    const historyCard = agent.page
      .getByRole('complementary', { name: 'Contact' })
      .getByRole('region', { name: 'Conversation history', exact: true })
      .locator('button.sidebar-card')
      .first();
    expect(await card(seen)).toEqual(await card(historyCard));
    await seen.scrollIntoViewIfNeeded();
    await layoutScreenshot(agent.page, 'sidebar-notes');

    // Edit.
    const written = notesWith(mine, marker);
    await written.getByRole('button', { name: 'Edit note' }).click();
    const editor = written.getByRole('textbox', { name: 'Edit note' });
    await editor.fill(`${marker} (edited)`);
    await written.getByRole('button', { name: 'Save' }).click();
    await notesWith(mine, `${marker} (edited)`).waitFor();
    await expect
      .poll(() => notesWith(theirs, `${marker} (edited)`).count(), { timeout: LIVE_WITHIN_MS })
      .toBe(1);
    expect(await notesWith(theirs, `${marker} (edited)`).textContent()).toContain('edited');

    // Delete, after confirming.
    const edited = notesWith(mine, marker);
    await edited.getByRole('button', { name: 'Delete note' }).click();
    await edited.getByRole('group', { name: 'Delete this note?' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => notesWith(mine, marker).count()).toBe(0);
    await expect.poll(() => notesWith(theirs, marker).count(), { timeout: LIVE_WITHIN_MS }).toBe(0);

    expect(owner.errors).toEqual([]);
    expect(agent.errors).toEqual([]);
    await Promise.all([owner.page.close(), agent.page.close()]);
  });
});
