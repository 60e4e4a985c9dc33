//! Browser: stored XSS. One fresh contact, created through the widget, carries hostile markup in
//! every field the API accepts it in (profile fields, custom data keys and values in two apps, event
//! names and properties, messages and so conversation titles, tag names, CC addresses). The inbox
//! with its sidebar and the contact profile must show all of it as text: no dialog, no element or
//! event handler created from it, no browser error. Fields the server validates strictly are
//! checked to refuse the payloads (422), and carry the most hostile value they accept instead.
//! Pictures follow SPEC §3: the avatar an agent set is trusted and shown; one a second visitor's
//! unverified identify set is never loaded (initials instead), and the visitor's unverified
//! custom-data key is marked as their claim.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, callApi, loginToken, widgetVisitor } from './api';
import { launchBrowser, type BrowserSession } from './browser';
import { openPage, signIn } from './support';
import type { components } from '../src/api/schema';

const baseUrl = inject('baseUrl');

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(2)</script>';
const SVG = '"><svg onload=alert(3)>';
const JS_URL = 'javascript:alert(4)';
const TEMPLATE = "{{constructor.constructor('alert(5)')()}}";

/** Lower-case letters and digits: survives email lower-casing and tag-name normalization. */
const uid = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
const NAME = `${IMG} Hostile ${uid}`;
/** The email check allows only `!#$%&'*+/=?^_\`{|}~.-` besides letters and digits in the local part. */
const EMAIL = `'-alert\`6\`-'{{7*7}}\${7*7}+${uid}@xss-e2e.example.com`;
const CC_EMAIL = `'-alert\`9\`-'{{7*7}}+${uid}@xss-e2e.example.com`;
const COMPANY = SVG;
const EXTERNAL_ID = `${TEMPLATE}-${uid}`;
const LOCATION = { city: IMG, region: SCRIPT, country: JS_URL };
/** Accepted (https), but stored percent-encoded; the page gets a stand-in image for it. */
const AVATAR_HOST = 'https://avatars.xss-e2e.example';
const AVATAR = `${AVATAR_HOST}/"><img src=x onerror=alert(7)>.png`;
/** Set by an unverified widget identify: the agents' browsers must never request it. */
const UNTRUSTED_AVATAR = `${AVATAR_HOST}/untrusted-${uid}.png`;
const UNTRUSTED_NAME = `Claimed Visitor ${uid}`;
const UNTRUSTED_EMAIL = `claimed+${uid}@xss-e2e.example.com`;
/** Conversation titles are the first message's first 80 characters: these fit. */
const FIRST_MESSAGE = `${IMG} ${SCRIPT} hello ${uid}`;
const SECOND_MESSAGE = `${SVG} ${TEMPLATE} again`;
const NOTE = `${JS_URL} note ${SCRIPT}`;
const REPLY = `${IMG} reply ${TEMPLATE}`;
/** App A's custom data: one key from an unverified identify (the visitor's claim), the others from an agent. */
const CUSTOM_A: Record<string, string> = { [SCRIPT]: SVG, [IMG]: SCRIPT, [SVG]: TEMPLATE, javascript_link: JS_URL };
const CUSTOM_B: Record<string, string> = { [TEMPLATE]: IMG };
const EVENT = { name: IMG, properties: { [SCRIPT]: SVG, [TEMPLATE]: JS_URL, nested: { html: IMG } } };
const NESTED_TEXT = JSON.stringify(EVENT.properties.nested);
const SECOND_EVENT = TEMPLATE;
/** A 1×1 transparent PNG. */
const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

type Schemas = components['schemas'];
type App = Schemas['App'];
type Conversation = Schemas['Conversation'];
type Contact = Schemas['ContactProfile'];
type Tag = Schemas['Tag'];
type ErrorReply = Schemas['ErrorBody'];

/** A visitor session in `app` that identifies with `profile` and writes `content`. */
async function widgetConversation(app: App, profile: Record<string, unknown>, content: string): Promise<string> {
  return (await widgetVisitor(baseUrl, app.public_key, profile, content)).conversationId;
}

/** How the server answered a write it should refuse: status, error code and the fields named. */
async function refusal(method: string, path: string, token: string, body: unknown): Promise<string> {
  const reply = await callApi<ErrorReply | null>(baseUrl, method, path, { token, body });
  const fields = Object.keys(reply.body?.error.details.fields ?? {}).join(',');
  return `${reply.status} ${reply.body?.error.code ?? ''} ${fields}`;
}

/**
 * Everything under `root` that hostile strings would create if they were ever parsed as HTML: an
 * inline event handler on any element (`img[onerror]`, `svg[onload]`…), a script, frame or
 * plugin element, `<img src=x>`, or a `javascript:` link.
 */
function injectedMarkup(root: Locator): Promise<string[]> {
  return root.evaluate((node) => {
    const found: string[] = [];
    for (const element of [node, ...Array.from(node.querySelectorAll('*'))]) {
      const tag = element.tagName.toLowerCase();
      for (const attribute of element.getAttributeNames()) {
        if (attribute.startsWith('on')) found.push(`<${tag} ${attribute}="${element.getAttribute(attribute) ?? ''}">`);
      }
      if (['script', 'iframe', 'object', 'embed'].includes(tag)) found.push(`<${tag}>${element.textContent ?? ''}`);
      if (tag === 'img' && element.getAttribute('src') === 'x') found.push('<img src=x>');
      const href = element.getAttribute('href') ?? '';
      if (/^\s*javascript:/i.test(href)) found.push(`<${tag} href="${href}">`);
    }
    return found;
  });
}

/** Waits for `text`, shown literally, inside `scope`. */
async function shows(scope: Locator, text: string, exact = true) {
  await scope.getByText(text, { exact }).first().waitFor({ timeout: 10_000 });
}

/** A page that records dialogs and serves the stand-in avatar, noting every picture it was asked for. */
async function hostilePage(
  browser: BrowserSession,
): Promise<{ page: Page; errors: string[]; dialogs: string[]; avatarRequests: string[] }> {
  const { page, errors } = await openPage(browser.context, baseUrl);
  const dialogs: string[] = [];
  const avatarRequests: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.route(`${AVATAR_HOST}/**`, (route) => {
    avatarRequests.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'image/png', body: PIXEL });
  });
  return { page, errors, dialogs, avatarRequests };
}

/** Nothing ran, nothing was created from the payloads, and the browser logged no error. */
async function expectInert(page: Page, errors: string[], dialogs: string[]) {
  // Give a handler that might have been created (e.g. onerror of a failing image) time to fire.
  await page.waitForTimeout(300);
  expect(await injectedMarkup(page.locator('#root'))).toEqual([]);
  expect(dialogs).toEqual([]);
  expect(errors).toEqual([]);
}

describe('hostile content', () => {
  let browser: BrowserSession;
  let token: string;
  let appA: App;
  let appB: App;
  let contactId: number;
  let avatarStored: string;
  /** The second visitor, whose avatar an unverified identify set. */
  let claimed: Conversation;
  let first: Conversation;
  let second: Conversation;
  let contactTag: Tag;
  let conversationTag: Tag;
  const tagIds: number[] = [];
  /** What the setup saw, checked by the first test (assertions may not run in hooks). */
  const refusals: Record<string, string> = {};
  const stored: Record<string, unknown> = {};

  beforeAll(async () => {
    token = await loginToken(baseUrl);
    const apps = await api<{ items: App[] }>(baseUrl, 'GET', '/api/v1/apps', { token });
    const [a, b] = apps.items;
    if (!a || !b) throw new Error(`The demo data needs two apps: ${JSON.stringify(apps.items)}`);
    [appA, appB] = [a, b];

    // A new visitor in app A, then the same email in app B: one contact, two conversations.
    const firstId = await widgetConversation(appA, { email: EMAIL, name: NAME, custom_data: { [SCRIPT]: CUSTOM_A[SCRIPT] } }, FIRST_MESSAGE);
    const secondId = await widgetConversation(appB, { email: EMAIL }, SECOND_MESSAGE);
    first = await api<Conversation>(baseUrl, 'GET', `/api/v1/conversations/${firstId}`, { token });
    second = await api<Conversation>(baseUrl, 'GET', `/api/v1/conversations/${secondId}`, { token });
    contactId = first.contact.id;
    stored.secondContactId = second.contact.id;
    stored.titles = [first.title, second.title];

    // Strictly validated fields refuse the payloads…
    const contactPath = `/api/v1/contacts/${contactId}`;
    refusals.avatar_url = await refusal('PATCH', contactPath, token, { avatar_url: JS_URL });
    refusals.phone = await refusal('PATCH', contactPath, token, { phone: IMG });
    refusals.time_zone = await refusal('PATCH', contactPath, token, { time_zone: SCRIPT });
    refusals.email = await refusal('PATCH', contactPath, token, { email: `${SVG}@xss-e2e.example.com` });
    // …and the rest stores them as sent.
    const contact = await api<Contact>(baseUrl, 'PATCH', contactPath, {
      token,
      body: { company: COMPANY, external_id: EXTERNAL_ID, location: LOCATION, avatar_url: AVATAR },
    });
    stored.email = contact.email;
    // An agent set it: the server vouches for it (SPEC §3), so the SPA shows it.
    stored.avatarTrusted = contact.avatar_trusted;
    avatarStored = contact.avatar_url ?? '';

    // Another visitor claims a picture through an unverified identify: stored, but not trusted.
    const claimedId = await widgetConversation(
      appA,
      { email: UNTRUSTED_EMAIL, name: UNTRUSTED_NAME, avatar_url: UNTRUSTED_AVATAR },
      `claimed picture ${uid}`,
    );
    claimed = await api<Conversation>(baseUrl, 'GET', `/api/v1/conversations/${claimedId}`, { token });
    const claimedContact = await api<Contact>(baseUrl, 'GET', `/api/v1/contacts/${claimed.contact.id}`, { token });
    stored.claimedAvatar = { url: claimedContact.avatar_url, trusted: claimedContact.avatar_trusted };

    const agentKeys = Object.fromEntries(Object.entries(CUSTOM_A).filter(([name]) => name !== SCRIPT));
    await api(baseUrl, 'PATCH', `/api/v1/contacts/${contactId}/custom_data/${appA.id}`, { token, body: agentKeys });
    await api(baseUrl, 'PATCH', `/api/v1/contacts/${contactId}/custom_data/${appB.id}`, { token, body: CUSTOM_B });

    const key = await api<{ id: number; token: string }>(baseUrl, 'POST', `/api/v1/apps/${appA.id}/api_keys`, {
      token,
      body: { name: `e2e hostile ${uid}`, scopes: ['events:write'] },
    });
    try {
      await api(baseUrl, 'POST', `/api/v1/contacts/${contactId}/events`, { token: key.token, body: { name: SECOND_EVENT } });
      await api(baseUrl, 'POST', `/api/v1/contacts/${contactId}/events`, { token: key.token, body: EVENT });
    } finally {
      await api(baseUrl, 'DELETE', `/api/v1/apps/${appA.id}/api_keys/${key.id}`, { token });
    }

    // Tag names are normalized to lower-case-hyphenated letters and digits; nothing else survives.
    refusals.tag = await refusal('POST', '/api/v1/tags', token, { name: '<>"', scope: 'contact' });
    contactTag = await api<Tag>(baseUrl, 'POST', '/api/v1/tags', { token, body: { name: `${IMG} ${uid}`, scope: 'contact' } });
    tagIds.push(contactTag.id);
    conversationTag = await api<Tag>(baseUrl, 'POST', '/api/v1/tags', {
      token,
      body: { name: `${SCRIPT} ${uid}`, scope: 'conversation' },
    });
    tagIds.push(conversationTag.id);
    await api(baseUrl, 'PUT', `/api/v1/contacts/${contactId}/tags/${contactTag.id}`, { token });
    await api(baseUrl, 'PUT', `/api/v1/conversations/${first.id}/tags/${conversationTag.id}`, { token });

    await api(baseUrl, 'POST', `/api/v1/conversations/${first.id}/messages`, { token, body: { type: 'note', content: NOTE } });
    await api(baseUrl, 'POST', `/api/v1/conversations/${second.id}/messages`, { token, body: { type: 'outgoing', content: REPLY } });

    const ccPath = `/api/v1/conversations/${first.id}/cc_emails`;
    refusals.cc_email = await refusal('POST', ccPath, token, { email: `${SVG}@xss-e2e.example.com` });
    await api(baseUrl, 'POST', ccPath, { token, body: { email: CC_EMAIL } });

    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    // The other spec files share the server: erasing the contact takes its conversations, events,
    // custom data and taggings along; the tags go from the library too.
    const leftovers: string[] = [];
    const remove = async (path: string) => {
      const reply = await callApi(baseUrl, 'DELETE', path, { token });
      if (reply.status !== 204) leftovers.push(`DELETE ${path} → ${reply.status}`);
    };
    if (contactId !== undefined) await remove(`/api/v1/contacts/${contactId}`);
    if (claimed !== undefined) await remove(`/api/v1/contacts/${claimed.contact.id}`);
    for (const id of tagIds) await remove(`/api/v1/tags/${id}`);
    if (leftovers.length > 0) throw new Error(`Cleanup failed: ${leftovers.join('; ')}`);
  });

  it('shows every hostile value as text in the inbox and its contact sidebar', async () => {
    // The setup: one contact behind both conversations, titled by their first messages; strict
    // fields refused the payloads; the avatar URL was stored percent-encoded, tag names normalized.
    expect(stored).toEqual({
      secondContactId: contactId,
      titles: [FIRST_MESSAGE, SECOND_MESSAGE],
      email: EMAIL,
      avatarTrusted: true,
      claimedAvatar: { url: UNTRUSTED_AVATAR, trusted: false },
    });
    expect(refusals).toEqual({
      avatar_url: '422 validation_failed avatar_url',
      phone: '422 validation_failed phone',
      time_zone: '422 validation_failed time_zone',
      email: '422 validation_failed email',
      tag: '422 validation_failed name',
      cc_email: '422 validation_failed email',
    });
    expect(avatarStored.startsWith(`${AVATAR_HOST}/`)).toBe(true);
    expect(avatarStored).not.toMatch(/[<>"\s]/);
    expect([contactTag.name, conversationTag.name]).toEqual([`img-src-x-onerror-alert-1-${uid}`, `script-alert-2-script-${uid}`]);

    const { page, errors, dialogs } = await hostilePage(browser);
    await signIn(page, baseUrl);
    await page.goto(`${baseUrl}/conversations/${first.id}?app=${appA.id}`);
    const sidebar = page.getByRole('complementary', { name: 'Contact' });
    const section = (name: string) => sidebar.getByRole('region', { name, exact: true });

    // Header: name, email, and the agent-set (so trusted) avatar as an image whose src is the
    // stored (encoded) URL.
    await sidebar.getByRole('heading', { name: NAME, level: 2, exact: true }).waitFor();
    await shows(sidebar.locator('.sidebar-header'), EMAIL);
    await expect.poll(() => sidebar.locator('.sidebar-header img').getAttribute('src')).toBe(avatarStored);

    const details = section('Contact details');
    for (const text of [EMAIL, COMPANY, `${LOCATION.city}, ${LOCATION.region}, ${LOCATION.country}`, EXTERNAL_ID]) {
      await shows(details, text);
    }
    expect(await details.getByRole('link', { name: EMAIL, exact: true }).getAttribute('href')).toBe(`mailto:${EMAIL}`);

    const customData = section('Custom data');
    for (const [key, value] of Object.entries(CUSTOM_A)) {
      await shows(customData.locator('dt'), key);
      await shows(customData.locator('.custom-data__text'), value);
      // Only the key the unverified identify set is marked as the visitor's claim.
      const row = customData.locator('.custom-data__row').filter({ has: page.locator('dt').getByText(key, { exact: true }) });
      expect({ key, marks: await row.locator('.unverified-mark').count() }).toEqual({ key, marks: key === SCRIPT ? 1 : 0 });
    }

    await shows(section('Contact tags'), contactTag.name);
    await shows(section('Conversation tags'), conversationTag.name);
    await shows(section('CC emails'), CC_EMAIL);

    // History: this conversation and the one in the other app, peeked at in place.
    const history = section('Conversation history');
    await shows(history, FIRST_MESSAGE);
    await history.getByRole('button', { name: `Peek at “${SECOND_MESSAGE}”`, exact: true }).click();
    const peek = history.getByRole('list', { name: 'Last messages' });
    await shows(peek, SECOND_MESSAGE);
    await shows(peek, REPLY);
    await shows(section('Conversation summary'), appB.name, false);

    // Events: both names; the properties (keys, values, a nested object as JSON) once expanded.
    const events = section('Contact events');
    await shows(events, SECOND_EVENT);
    await events.getByRole('button', { name: EVENT.name }).click();
    for (const text of [...Object.keys(EVENT.properties), EVENT.properties[SCRIPT], EVENT.properties[TEMPLATE], NESTED_TEXT]) {
      await shows(events, text);
    }

    // The thread and the conversation list show the messages and the contact as text too.
    const main = page.locator('#root');
    await shows(main.locator('.message__content'), FIRST_MESSAGE);
    await shows(main.locator('.message__content'), NOTE);
    const row = page.locator(`[data-conversation-id="${first.id}"]`);
    await shows(row, NAME);
    await shows(row, FIRST_MESSAGE);

    expect(await injectedMarkup(sidebar)).toEqual([]);
    await expectInert(page, errors, dialogs);
    await page.close();
  });

  it('shows every hostile value as text on the contact profile and in the contact list', async () => {
    const { page, errors, dialogs } = await hostilePage(browser);
    await signIn(page, baseUrl);
    await page.goto(`${baseUrl}/contacts/${contactId}`);
    const region = (name: string) => page.getByRole('region', { name, exact: true });

    await page.getByRole('heading', { name: NAME, level: 1, exact: true }).waitFor();
    await shows(page.locator('.profile-header'), EMAIL);
    await expect.poll(() => page.locator('.profile-header img').getAttribute('src')).toBe(avatarStored);

    const details = region('Details');
    for (const text of [NAME, EMAIL, COMPANY, LOCATION.city, LOCATION.region, LOCATION.country, EXTERNAL_ID]) {
      await shows(details.locator('.inline-field__text'), text);
    }

    await shows(region('Tags'), contactTag.name);

    const custom = region('Custom data');
    for (const [app, data] of [
      [appA, CUSTOM_A],
      [appB, CUSTOM_B],
    ] as const) {
      const group = custom.getByRole('region', { name: `Custom data from ${app.name}`, exact: true });
      for (const [key, value] of Object.entries(data)) {
        await shows(group.locator('.inline-field__label'), key);
        await shows(group.locator('.inline-field__text'), value);
        const entry = group
          .locator('.custom-data-entry')
          .filter({ has: page.locator('.inline-field__label').getByText(key, { exact: true }) });
        const unverified = app.id === appA.id && key === SCRIPT;
        expect({ key, marks: await entry.locator('.unverified-mark').count() }).toEqual({ key, marks: unverified ? 1 : 0 });
      }
    }

    const conversations = region('Conversations').getByRole('list', { name: 'Conversations' });
    await shows(conversations, FIRST_MESSAGE);
    await shows(conversations, SECOND_MESSAGE);

    const timeline = region('Events').getByRole('list', { name: 'Events' });
    await shows(timeline, SECOND_EVENT);
    await timeline.getByRole('button', { name: EVENT.name }).click();
    for (const text of [...Object.keys(EVENT.properties), EVENT.properties[SCRIPT], EVENT.properties[TEMPLATE], NESTED_TEXT]) {
      await shows(timeline, text);
    }
    await expectInert(page, errors, dialogs);

    // The contact list, searched by the unique part of the email.
    await page.goto(`${baseUrl}/contacts?q=${uid}`);
    const table = page.getByRole('table');
    await table.getByRole('link', { name: NAME, exact: true }).waitFor();
    await shows(table, EMAIL);
    await shows(table, COMPANY);
    await expectInert(page, errors, dialogs);
    await page.close();
  });

  it('never loads a picture an unverified identify set: initials in the sidebar, the list and the profile', async () => {
    const { page, errors, dialogs, avatarRequests } = await hostilePage(browser);
    await signIn(page, baseUrl);
    await page.goto(`${baseUrl}/conversations/${claimed.id}?app=${appA.id}`);
    const sidebar = page.getByRole('complementary', { name: 'Contact' });

    await sidebar.getByRole('heading', { name: UNTRUSTED_NAME, level: 2, exact: true }).waitFor();
    await sidebar.locator('.sidebar-header span.avatar').waitFor();
    expect(await sidebar.locator('.sidebar-header img').count()).toBe(0);
    // Created in the setup, it is among app A's newest open conversations: on the list's first page.
    const row = page.locator(`[data-conversation-id="${claimed.id}"]`);
    await row.locator('span.avatar').waitFor();
    expect(await row.locator('img').count()).toBe(0);

    await page.goto(`${baseUrl}/contacts/${claimed.contact.id}`);
    await page.getByRole('heading', { name: UNTRUSTED_NAME, level: 1, exact: true }).waitFor();
    await page.locator('.profile-header span.avatar').waitFor();
    expect(await page.locator('.profile-header img').count()).toBe(0);

    // Give a lazy image time to be requested, had one been rendered anywhere.
    await page.waitForTimeout(300);
    expect(await page.locator(`img[src="${UNTRUSTED_AVATAR}"]`).count()).toBe(0);
    expect(avatarRequests.filter((url) => url.includes(`untrusted-${uid}`))).toEqual([]);
    await expectInert(page, errors, dialogs);
    await page.close();
  });
});
