//! Browser: merging the demo duplicates from the profile (SPEC §5) — search, compare, pick a value,
//! confirm; the survivor then holds both contacts' conversations and shows who merged what, and the
//! merged-away address leads to the survivor.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, loginToken } from './api';
import { launchBrowser, type BrowserSession } from './browser';
import { openPage, signIn } from './support';
import type { components } from '../src/api/schema';

const baseUrl = inject('baseUrl');

type Schemas = components['schemas'];

async function contactByEmail(token: string, email: string): Promise<Schemas['ContactSummary']> {
  const found = await api<Schemas['ListOf_ContactSummary']>(baseUrl, 'GET', `/api/v1/contacts?q=${encodeURIComponent(email)}`, {
    token,
  });
  const row = found.items.find((contact) => contact.email === email);
  if (!row) throw new Error(`${email} is not among the seeded contacts`);
  return row;
}

describe('merge', () => {
  let browser: BrowserSession;
  let token: string;

  beforeAll(async () => {
    token = await loginToken(baseUrl);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('merges the two demo duplicates from the profile', async () => {
    const survivor = await contactByEmail(token, 'ana@brisa-swim.com.br');
    const duplicate = await contactByEmail(token, 'ana.souza@brisa-swim.com.br');
    const { page, errors } = await openPage(browser.context, baseUrl);
    await signIn(page, baseUrl);
    await page.goto(`${baseUrl}/contacts/${survivor.id}`);
    await page.getByRole('heading', { name: 'Ana Souza', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Merge with…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Find the duplicate').fill('brisa');
    await dialog.getByRole('list', { name: 'matching contacts' }).getByRole('button', { name: /Ana C\. Souza/ }).click();
    const phone = dialog.getByRole('row', { name: /Phone/ });
    // The survivor has no phone: the duplicate's is kept by default.
    expect(await phone.getByRole('radio', { name: '+55 11 5555 0142' }).isChecked()).toBe(true);
    await dialog.getByText(/Moves 1 conversation/).waitFor();
    // Keyboard: pick the duplicate's email with the arrow keys, then confirm.
    const email = dialog.getByRole('row', { name: /Email/ });
    await email.getByRole('radio', { name: 'ana@brisa-swim.com.br' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await email.getByRole('radio', { name: 'ana.souza@brisa-swim.com.br' }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Merge into Ana Souza' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.getByText(/Dana Demo merged Ana C\. Souza/).waitFor();
    const conversations = page.getByRole('region', { name: 'Conversations', exact: true });
    await conversations.getByText('Photo reviews not showing').waitFor();
    await conversations.getByText('Upsell at checkout').waitFor();
    const stored = await api<Schemas['ContactProfile']>(baseUrl, 'GET', `/api/v1/contacts/${survivor.id}`, { token });
    expect(stored.email).toBe('ana.souza@brisa-swim.com.br');
    expect(stored.phone).toBe('+55 11 5555 0142');
    expect(stored.counts.conversations).toBe(2);

    // The merged-away address follows to the survivor.
    await page.goto(`${baseUrl}/contacts/${duplicate.id}`);
    await page.waitForURL(`${baseUrl}/contacts/${survivor.id}`);
    await page.getByText(`Contact #${duplicate.id} was merged into`).waitFor();

    expect(errors).toEqual([]);
    await page.close();
  });
});
