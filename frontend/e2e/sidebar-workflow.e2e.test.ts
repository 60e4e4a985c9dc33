//! Browser: the sidebar as an agent works in it all day (issue 15, items 4, 5, 7, 8): custom data
//! that reads at a glance (provenance in view, long values clamped, whole keys), contact details
//! edited in place and seen live by another tab, tag pickers that never offer a tag of the wrong
//! scope as new, and a keyboard path with few Tab stops that never drops focus to the page.
//! Everything written here is on a contact this file creates and erases; Olivia Bennett's seeded
//! conversation is only read.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, callApi, loginToken, widgetVisitor } from './api';
import { launchBrowser, type BrowserSession } from './browser';
import { layoutScreenshot, openPage, signIn } from './support';
import type { components } from '../src/api/schema';

const baseUrl = inject('baseUrl');
const DEMO_AGENT = { email: 'agent@convot.test', password: 'convot-demo' };

type Schemas = components['schemas'];
type App = Schemas['App'];
type Conversation = Schemas['Conversation'];
type Tag = Schemas['Tag'];

/** Lower-case letters and digits: survives email lower-casing and tag-name normalization. */
const uid = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
const NAME = `Sam Sidebar ${uid}`;
const EMAIL = `sam-${uid}@e2e-sidebar.test`;
/** Longer than the key column: it must wrap, whole, rather than end in an ellipsis. */
const LONG_KEY = 'subscription_renewal_reminder_preference_for_the_billing_contact';
/** About 600 characters: without a clamp it fills 30 lines of the panel. */
const LONG_VALUE = Array.from({ length: 60 }, (_, index) => `word${index}`)
  .join(' ')
  .padEnd(600, ' filler');
const CUSTOM_DATA = { [LONG_KEY]: LONG_VALUE, plan: 'pro', seats: 12 };

/** A visitor session in `app` that identifies with `profile` and writes `content`. */
async function widgetConversation(app: App, profile: Record<string, unknown>, content: string): Promise<string> {
  return (await widgetVisitor(baseUrl, app.public_key, profile, content)).conversationId;
}

function section(sidebar: Locator, name: string): Locator {
  return sidebar.getByRole('region', { name, exact: true });
}

/** What has focus, in words a failure message can show: `BUTTON "Remove contact tag x"`, or `BODY`. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'BODY';
    const name = element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 40) ?? '';
    return `${element.tagName} "${name}"`;
  });
}

async function openConversation(page: Page, id: string, account?: { email: string; password: string }): Promise<Locator> {
  await signIn(page, baseUrl, account);
  await page.goto(`${baseUrl}/conversations/${id}`);
  const sidebar = page.getByRole('complementary', { name: 'Contact' });
  await sidebar.locator('.sidebar-header__name').waitFor();
  await sidebar.getByRole('region', { name: 'Contact details' }).locator('dl').waitFor();
  return sidebar;
}

describe('sidebar for an agent’s working day', () => {
  let browser: BrowserSession;
  let ownerToken: string;
  let reviews: App;
  let conversation: Conversation;
  let contactId: number;
  let olivia: Conversation;
  const tags = {} as Record<'contactOnly' | 'conversationOnly' | 'a' | 'b' | 'c', Tag>;

  async function createTag(name: string, scope: Schemas['TagScope'], color: Schemas['TagColor'] = 'blue'): Promise<Tag> {
    return api<Tag>(baseUrl, 'POST', '/api/v1/tags', { token: ownerToken, body: { name, scope, color } });
  }

  beforeAll(async () => {
    ownerToken = await loginToken(baseUrl);
    const apps = await api<{ items: App[] }>(baseUrl, 'GET', '/api/v1/apps', { token: ownerToken });
    const found = apps.items.find((app) => app.name === 'Product Reviews');
    if (!found) throw new Error('"Product Reviews" is not among the seeded apps');
    reviews = found;

    const id = await widgetConversation(reviews, { email: EMAIL, name: NAME }, `Hello from the sidebar test ${uid}`);
    conversation = await api<Conversation>(baseUrl, 'GET', `/api/v1/conversations/${id}`, { token: ownerToken });
    contactId = conversation.contact.id;
    await api(baseUrl, 'PATCH', `/api/v1/contacts/${contactId}/custom_data/${reviews.id}`, {
      token: ownerToken,
      body: CUSTOM_DATA,
    });

    tags.contactOnly = await createTag(`contact-only-${uid}`, 'contact');
    tags.conversationOnly = await createTag(`convo-only-${uid}`, 'conversation');
    tags.a = await createTag(`chip-a-${uid}`, 'contact', 'green');
    tags.b = await createTag(`chip-b-${uid}`, 'contact', 'red');
    tags.c = await createTag(`chip-c-${uid}`, 'contact', 'purple');
    for (const tag of [tags.a, tags.b, tags.c]) {
      await api(baseUrl, 'PUT', `/api/v1/contacts/${contactId}/tags/${tag.id}`, { token: ownerToken });
    }

    const open = await api<Schemas['ListOf_Conversation']>(
      baseUrl,
      'GET',
      `/api/v1/conversations?app_id=${reviews.id}&status=open&limit=100`,
      { token: ownerToken },
    );
    const seeded = open.items.find((row) => row.contact.display_name === 'Olivia Bennett');
    if (!seeded) throw new Error('Olivia Bennett has no open "Product Reviews" conversation in the demo data');
    olivia = seeded;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    if (contactId) await callApi(baseUrl, 'DELETE', `/api/v1/contacts/${contactId}`, { token: ownerToken });
    for (const tag of Object.values(tags)) {
      await callApi(baseUrl, 'DELETE', `/api/v1/tags/${tag.id}`, { token: ownerToken });
    }
  });

  it('shows custom data provenance under each value, clamps a long value to three lines, and shows whole keys', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    await page.setViewportSize({ width: 1440, height: 900 });
    const sidebar = await openConversation(page, conversation.id);
    const customData = section(sidebar, 'Custom data');
    const row = (key: string) => customData.locator('.custom-data__row').filter({ has: page.locator('dt').getByText(key, { exact: true }) });
    await row(LONG_KEY).waitFor();

    for (const key of Object.keys(CUSTOM_DATA)) {
      // Provenance is quiet text in view, under the value, not a tooltip.
      const provenance = row(key).getByText(/^set by an agent, /);
      await provenance.waitFor({ state: 'visible' });
      const valueBox = await row(key).locator('.custom-data__text').boundingBox();
      const provenanceBox = await provenance.boundingBox();
      expect({ key, below: (provenanceBox?.y ?? 0) >= (valueBox?.y ?? 0) + (valueBox?.height ?? 0) - 1 }).toEqual({ key, below: true });
      expect(await provenance.evaluate((node) => Number(getComputedStyle(node).fontSize.replace('px', '')))).toBeLessThan(14);
      // Any tooltip on a key or its row is the key itself.
      const titles = await row(key).evaluate((node) => {
        const keyCell = node.querySelector('dt');
        const elements = [node, ...(keyCell ? [keyCell, ...Array.from(keyCell.querySelectorAll('*'))] : [])];
        return elements.map((element) => element.getAttribute('title')).filter((title) => title !== null);
      });
      expect({ key, titles: titles.filter((title) => title !== key) }).toEqual({ key, titles: [] });
    }

    // The whole key shows: wrapped, no ellipsis, nothing cut.
    const keyCell = row(LONG_KEY).locator('dt');
    const keyStyle = await keyCell.evaluate((node) => {
      const style = getComputedStyle(node);
      return {
        textOverflow: style.textOverflow,
        whiteSpace: style.whiteSpace,
        cut: node.scrollWidth > node.clientWidth + 1,
        text: node.textContent,
      };
    });
    expect(keyStyle).toEqual({ textOverflow: 'clip', whiteSpace: 'normal', cut: false, text: LONG_KEY });

    // The long value is three lines until "Show more"; short values offer nothing to expand.
    const text = row(LONG_KEY).locator('.custom-data__text');
    const lines = () =>
      text.evaluate((node) => {
        const lineHeight = Number.parseFloat(getComputedStyle(node).lineHeight);
        return Math.round(node.getBoundingClientRect().height / lineHeight);
      });
    expect(await lines()).toBe(3);
    const more = row(LONG_KEY).getByRole('button', { name: 'Show more' });
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    expect(await row('plan').getByRole('button').count()).toBe(0);
    expect(await row('seats').getByRole('button').count()).toBe(0);
    await layoutScreenshot(page, 'sidebar-custom-data-clamped');

    await more.click();
    const less = row(LONG_KEY).getByRole('button', { name: 'Show less' });
    await expect.poll(() => less.getAttribute('aria-expanded')).toBe('true');
    expect(await lines()).toBeGreaterThan(3);
    expect(await text.evaluate((node) => node.scrollHeight <= node.clientHeight + 1)).toBe(true);
    await layoutScreenshot(page, 'sidebar-custom-data-expanded');
    await less.click();
    await expect.poll(lines).toBe(3);

    expect(errors).toEqual([]);
    await page.close();
  });

  it('edits contact details in place, with the profile’s validation, and another tab sees the change live', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    const sidebar = await openConversation(page, conversation.id);
    const details = section(sidebar, 'Contact details');
    // A second tab on the same conversation, marked so a reload would show.
    const other = await browser.context.newPage();
    await other.goto(`${baseUrl}/conversations/${conversation.id}`);
    const otherSidebar = other.getByRole('complementary', { name: 'Contact' });
    const otherDetails = section(otherSidebar, 'Contact details');
    await otherDetails.getByText(EMAIL, { exact: true }).waitFor();
    await other.evaluate(() => Object.assign(window, { convotSameDocument: true }));

    async function edit(label: string, value: string) {
      await details.getByRole('button', { name: `Edit ${label}`, exact: true }).click();
      const input = details.getByRole('textbox', { name: label, exact: true });
      await input.fill(value);
      await input.press('Enter');
      return input;
    }

    // Name: the header follows, here and in the other tab.
    const newName = `Samantha Sidebar ${uid}`;
    await edit('Name', newName);
    await details.getByText(newName, { exact: true }).waitFor();
    await sidebar.getByRole('heading', { name: newName, level: 2 }).waitFor();
    await otherSidebar.getByRole('heading', { name: newName, level: 2 }).waitFor({ timeout: 10_000 });

    // Validation: the profile's messages, under the field; nothing stored; Escape reverts.
    const email = await edit('Email', 'not-an-email');
    const alert = details.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('Must be a valid email address.');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    await email.fill('olivia@northwind-outfitters.com');
    await email.press('Enter');
    await expect.poll(() => alert.textContent()).toBe('Another contact already has this email');
    await email.press('Escape');
    await details.getByRole('link', { name: EMAIL, exact: true }).waitFor();
    const phone = await edit('Phone', '<b>not a phone</b>');
    await expect.poll(() => details.getByRole('alert').textContent()).toMatch(/^Must be a phone number/);
    await phone.press('Escape');

    // The rest saves, and the other tab shows it without a reload.
    await edit('Phone', '+1 555 0199');
    await edit('Company', `Sidebar Supplies ${uid}`);
    await details.getByRole('button', { name: 'Edit Location', exact: true }).click();
    await details.getByRole('textbox', { name: 'City', exact: true }).fill('Lisbon');
    await details.getByRole('textbox', { name: 'Region', exact: true }).fill('Lisboa');
    await details.getByRole('textbox', { name: 'Country', exact: true }).fill('PT');
    await layoutScreenshot(page, 'sidebar-details-editing-location');
    await details.getByRole('textbox', { name: 'Country', exact: true }).press('Enter');
    await edit('External ID', `ext-${uid}`);
    for (const text of ['+1 555 0199', `Sidebar Supplies ${uid}`, 'Lisbon, Lisboa, PT', `ext-${uid}`]) {
      await details.getByText(text, { exact: true }).waitFor();
      await otherDetails.getByText(text, { exact: true }).waitFor({ timeout: 10_000 });
    }
    const stored = await api<Schemas['ContactProfile']>(baseUrl, 'GET', `/api/v1/contacts/${contactId}`, { token: ownerToken });
    expect([stored.name, stored.email, stored.phone, stored.company, stored.location, stored.external_id]).toEqual([
      newName,
      EMAIL,
      '+1 555 0199',
      `Sidebar Supplies ${uid}`,
      { city: 'Lisbon', region: 'Lisboa', country: 'PT' },
      `ext-${uid}`,
    ]);
    expect(await other.evaluate(() => (window as unknown as { convotSameDocument?: boolean }).convotSameDocument)).toBe(true);

    expect(errors).toEqual([]);
    await other.close();
    await page.close();
  });

  it('offers owners to allow a contact-only tag on the conversation instead of creating it, and tells agents why not', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    const writes: string[] = [];
    page.on('request', (request) => {
      if (request.method() !== 'GET' && new URL(request.url()).pathname.includes('/tags')) {
        writes.push(`${request.method()} ${new URL(request.url()).pathname}`);
      }
    });
    const sidebar = await openConversation(page, conversation.id);
    const conversationTags = section(sidebar, 'Conversation tags');
    await conversationTags.getByRole('button', { name: 'Add conversation tag' }).click();
    await conversationTags.getByRole('combobox', { name: 'Search conversation tags' }).fill(tags.contactOnly.name);
    const allow = conversationTags.getByRole('button', { name: 'Allow on conversations' });
    await allow.waitFor();
    await conversationTags
      .getByText(`“${tags.contactOnly.name}” is a contact tag, so it can’t go on a conversation. Allow it on conversations too?`, {
        exact: true,
      })
      .waitFor();
    expect(await conversationTags.getByRole('button', { name: /^Create/ }).count()).toBe(0);
    await layoutScreenshot(page, 'sidebar-tag-picker-allow-scope');
    await allow.click();
    await conversationTags.getByRole('button', { name: `Remove conversation tag ${tags.contactOnly.name}` }).waitFor();
    const library = await api<Schemas['ListOf_Tag']>(baseUrl, 'GET', `/api/v1/tags?q=${tags.contactOnly.name}`, { token: ownerToken });
    expect(library.items.find((tag) => tag.id === tags.contactOnly.id)?.scope).toBe('both');
    expect(writes).toEqual([`PATCH /api/v1/tags/${tags.contactOnly.id}`, `PUT /api/v1/conversations/${conversation.id}/tags/${tags.contactOnly.id}`]);

    // The contact picker likewise, for a conversation-only tag.
    const contactTags = section(sidebar, 'Contact tags');
    await contactTags.getByRole('button', { name: 'Add contact tag' }).click();
    await contactTags.getByRole('combobox', { name: 'Search contact tags' }).fill(tags.conversationOnly.name);
    await contactTags.getByRole('button', { name: 'Allow on contacts' }).waitFor();
    expect(await contactTags.getByRole('button', { name: /^Create/ }).count()).toBe(0);
    await contactTags.getByRole('combobox', { name: 'Search contact tags' }).press('Escape');

    // Should the server still refuse (the scope changed meanwhile), the words are ours, with no markup.
    await page.route(`**/api/v1/conversations/${conversation.id}/tags/*`, (route) =>
      route.request().method() === 'PUT'
        ? route.fulfill({
            status: 422,
            contentType: 'application/json',
            body: JSON.stringify({
              error: {
                code: 'tag_scope_mismatch',
                message: `Tag \`${tags.a.name}\` is for contacts only`,
                details: { fields: { tag_id: 'tag scope is contact' } },
              },
            }),
          })
        : route.continue(),
    );
    await conversationTags.getByRole('button', { name: 'Add conversation tag' }).click();
    const search = conversationTags.getByRole('combobox', { name: 'Search conversation tags' });
    await search.fill('urgent');
    await conversationTags.getByRole('option', { name: 'urgent' }).click();
    const refused = conversationTags.getByRole('alert');
    await refused.waitFor();
    expect(await refused.textContent()).toBe('Could not add the tag: “urgent” is for contacts only, so it can’t go on a conversation.');
    expect(await sidebar.textContent()).not.toContain('`');
    await page.unroute(`**/api/v1/conversations/${conversation.id}/tags/*`);
    expect(errors).toEqual([]);
    await page.close();

    // An agent is told, in plain words, why the tag can't be used; nothing to create, nothing to widen.
    const agent = await launchBrowser();
    try {
      const { page: agentPage, errors: agentErrors } = await openPage(agent.context, baseUrl);
      const agentSidebar = await openConversation(agentPage, conversation.id, DEMO_AGENT);
      const agentTags = section(agentSidebar, 'Contact tags');
      await agentTags.getByRole('button', { name: 'Add contact tag' }).click();
      await agentTags.getByRole('combobox', { name: 'Search contact tags' }).fill(tags.conversationOnly.name);
      await agentTags
        .getByText(
          `“${tags.conversationOnly.name}” is a conversation tag, so it can’t go on a contact. An owner or admin can allow it on contacts too.`,
          { exact: true },
        )
        .waitFor();
      expect(await agentTags.getByRole('button', { name: /^Create|^Allow/ }).count()).toBe(0);
      expect(await agentSidebar.textContent()).not.toContain('`');
      expect(agentErrors).toEqual([]);
    } finally {
      await agent.close();
    }
  });

  it('moves focus to the next chip, the previous one, then the picker when tags are removed by keyboard', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    const sidebar = await openConversation(page, conversation.id);
    const contactTags = section(sidebar, 'Contact tags');
    const remove = (tag: Tag) => contactTags.getByRole('button', { name: `Remove contact tag ${tag.name}`, exact: true });
    await remove(tags.c).waitFor();

    await remove(tags.b).focus();
    await page.keyboard.press('Enter');
    await remove(tags.b).waitFor({ state: 'detached' });
    expect(await focused(page)).toBe(`BUTTON "Remove contact tag ${tags.c.name}"`);

    await page.keyboard.press('Space');
    await remove(tags.c).waitFor({ state: 'detached' });
    expect(await focused(page)).toBe(`BUTTON "Remove contact tag ${tags.a.name}"`);

    await page.keyboard.press('Enter');
    await remove(tags.a).waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('BUTTON "Add contact tag"');

    await expect
      .poll(async () => {
        const data = await api<Schemas['Sidebar']>(baseUrl, 'GET', `/api/v1/conversations/${conversation.id}/sidebar`, {
          token: ownerToken,
        });
        return data.contact_tags.map((tag) => tag.name);
      })
      .toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('gives each sidebar list one Tab stop, with arrow keys inside', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    const sidebar = await openConversation(page, olivia.id);
    const events = section(sidebar, 'Contact events');
    await events.getByRole('button', { name: /^upsell_accepted/ }).first().waitFor();
    const sections = await sidebar.locator('[data-section-id]').count();

    // Tab from the header's View link until focus leaves the sidebar.
    await sidebar.getByRole('link', { name: /^View/ }).focus();
    const stops: { name: string; section: string | null }[] = [];
    for (let step = 0; step < 200; step += 1) {
      const stop = await page.evaluate(() => {
        const element = document.activeElement;
        if (!element || !element.closest('aside')) return null;
        return {
          name: element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 30) ?? element.tagName,
          section: element.closest('[data-section-id]')?.getAttribute('data-section-id') ?? null,
        };
      });
      if (!stop) break;
      stops.push(stop);
      await page.keyboard.press('Tab');
    }
    const inSection = (id: string) => stops.filter((stop) => stop.section === id).map((stop) => stop.name);
    console.log(`sidebar Tab stops: ${stops.length} for ${sections} sections`);
    // Each section: its header and drag handle, then one stop per list.
    expect(inSection('events').filter((name) => !/^(Contact events|Reorder|Show more)/.test(name))).toHaveLength(1);
    expect(inSection('history').filter((name) => !/^(Conversation history|Reorder|Show more)/.test(name))).toHaveLength(1);
    expect(inSection('details').filter((name) => !/^(Contact details|Reorder)/.test(name))).toHaveLength(1);
    // Notes: the new-note box, then one stop for the list's Edit / Delete ("Add note" is disabled
    // while the box is empty).
    expect(inSection('notes').filter((name) => !/^(Notes|Reorder|Show more)/.test(name))).toHaveLength(2);
    expect(stops.length).toBeLessThanOrEqual(2 * sections + 16);

    // Inside a list, arrows move between rows; Home and End go to the ends; Tab leaves the list.
    const rows = events.locator('.event-row__toggle');
    const count = await rows.count();
    expect(count).toBeGreaterThan(2);
    await rows.first().focus();
    await page.keyboard.press('ArrowDown');
    expect(await rows.nth(1).evaluate((node) => node === document.activeElement)).toBe(true);
    await page.keyboard.press('End');
    expect(await rows.nth(count - 1).evaluate((node) => node === document.activeElement)).toBe(true);
    await page.keyboard.press('ArrowUp');
    expect(await rows.nth(count - 2).evaluate((node) => node === document.activeElement)).toBe(true);
    await page.keyboard.press('Home');
    expect(await rows.first().evaluate((node) => node === document.activeElement)).toBe(true);
    await page.keyboard.press('Tab');
    expect(await events.locator('.event-list').evaluate((list) => list.contains(document.activeElement))).toBe(false);

    const history = section(sidebar, 'Conversation history');
    const cards = history.locator('button.sidebar-card');
    await cards.first().focus();
    await page.keyboard.press('ArrowDown');
    expect(await cards.nth(1).evaluate((node) => node === document.activeElement)).toBe(true);
    // The row's peek button is to its right.
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toMatch(/^BUTTON "Peek at “/);

    expect(errors).toEqual([]);
    await page.close();
  });
});
