//! Browser: the filtered contact list exported as CSV from one installation and imported, through the
//! wizard, into another whose organization has apps and tags of the same names but no contacts; every
//! exported contact's fields, tags and custom data must come out equal.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, loginToken } from './api';
import { launchBrowser, type BrowserSession } from './browser';
import { startSeededServer, type SeededServer } from './seeded-server';
import { openPage, signIn } from './support';

const baseUrl = inject('baseUrl');

type Profile = {
  id: number;
  email: string | null;
  external_id: string | null;
  name: string | null;
  phone: string | null;
  company: string | null;
  location: { city: string | null; region: string | null; country: string | null };
  time_zone: string | null;
  shopify_domain: string | null;
  avatar_url: string | null;
  tags: { name: string }[];
  custom_data: { app_name: string; items: { key: string; value: unknown }[] }[];
};

type Page<T> = { items: T[]; next_cursor: string | null };

/** What a CSV round trip must keep: the importable fields, tag names, and custom data by app name. */
function comparable(profile: Profile) {
  const customData: Record<string, Record<string, unknown>> = {};
  for (const group of profile.custom_data) {
    if (group.items.length === 0) continue;
    customData[group.app_name] = Object.fromEntries(group.items.map((item) => [item.key, item.value]));
  }
  return {
    email: profile.email,
    external_id: profile.external_id,
    name: profile.name,
    phone: profile.phone,
    company: profile.company,
    location: profile.location,
    time_zone: profile.time_zone,
    shopify_domain: profile.shopify_domain,
    avatar_url: profile.avatar_url,
    tags: profile.tags.map((tag) => tag.name).toSorted(),
    custom_data: customData,
  };
}

async function allContactIds(server: string, token: string): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page: Page<{ id: number }> = await api(server, 'GET', `/api/v1/contacts?limit=100${query}`, { token });
    ids.push(...page.items.map((contact) => contact.id));
    cursor = page.next_cursor;
  } while (cursor);
  return ids;
}

/** The first column of every data row: the exporting installation's contact ids. */
function exportedIds(csv: string): number[] {
  return csv
    .split('\n')
    .slice(1)
    .map((line) => /^(\d+),/.exec(line)?.[1])
    .filter((id): id is string => id !== undefined)
    .map(Number);
}

describe('CSV round trip', () => {
  let browser: BrowserSession;
  let target: SeededServer;

  beforeAll(async () => {
    [browser, target] = await Promise.all([launchBrowser(), startSeededServer()]);
    // The target organization keeps its apps and tag library and loses every contact (erasure).
    const token = await loginToken(target.baseUrl);
    for (const id of await allContactIds(target.baseUrl, token)) {
      await api(target.baseUrl, 'DELETE', `/api/v1/contacts/${id}`, { token });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await target?.stop();
  });

  it('exports the filtered list and imports it into another organization unchanged', async () => {
    const targetToken = await loginToken(target.baseUrl);
    expect(await allContactIds(target.baseUrl, targetToken)).toEqual([]);

    // Export the list filtered by a tag, from the browser.
    const source = await openPage(browser.context, baseUrl);
    await signIn(source.page, baseUrl);
    await source.page.goto(`${baseUrl}/contacts?tag=vip`);
    await source.page.getByRole('table').getByRole('row').nth(1).waitFor();
    const [download] = await Promise.all([
      source.page.waitForEvent('download'),
      source.page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = await readFile((await download.path())!, 'utf8');
    const ids = exportedIds(csv);
    const sourceToken = await loginToken(baseUrl);
    const vip: Page<{ id: number }> = await api(baseUrl, 'GET', '/api/v1/contacts?tag=vip&limit=100', {
      token: sourceToken,
    });
    expect(ids.toSorted()).toEqual(vip.items.map((contact) => contact.id).toSorted());
    expect(ids.length).toBeGreaterThan(1);

    // Import it into the other installation, from the browser.
    const imported = await openPage(browser.context, target.baseUrl);
    await signIn(imported.page, target.baseUrl);
    await imported.page.goto(`${target.baseUrl}/contacts`);
    await imported.page.getByRole('button', { name: 'Import CSV' }).click();
    const dialog = imported.page.getByRole('dialog', { name: 'Import contacts' });
    await dialog.getByLabel('CSV file').setInputFiles({ name: 'vip.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await dialog.getByRole('region', { name: 'Preview' }).waitFor();
    await dialog.getByRole('button', { name: `Import ${ids.length} rows` }).click();
    await dialog.getByText('Import finished').waitFor({ timeout: 30_000 });

    // Every contact equal, found in the target by its email or external id.
    const targetIds = await allContactIds(target.baseUrl, targetToken);
    expect(targetIds.length).toBe(ids.length);
    const targets = await Promise.all(
      targetIds.map((id) => api<Profile>(target.baseUrl, 'GET', `/api/v1/contacts/${id}`, { token: targetToken })),
    );
    let withCustomData = 0;
    for (const id of ids) {
      const original = await api<Profile>(baseUrl, 'GET', `/api/v1/contacts/${id}`, { token: sourceToken });
      if (Object.keys(comparable(original).custom_data).length > 0) withCustomData += 1;
      const copy = targets.find(
        (candidate) =>
          (original.email !== null && candidate.email === original.email) ||
          (original.external_id !== null && candidate.external_id === original.external_id),
      );
      expect(copy, `contact ${id} (${original.email ?? original.external_id}) was imported`).toBeDefined();
      expect(comparable(copy!), `contact ${id}`).toEqual(comparable(original));
    }
    expect(withCustomData, 'the sample carries custom data to compare').toBeGreaterThan(0);

    expect(source.errors).toEqual([]);
    expect(imported.errors).toEqual([]);
    await source.page.close();
    await imported.page.close();
  });
});
