//! Browser: import a CSV in the export's format (with `app:Product Reviews:…` columns) through the wizard —
//! mapping, preview with a row error, import, progress to done — and find the contacts with their fields,
//! tags and custom data.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, loginToken } from './api';
import { launchBrowser, type BrowserSession } from './browser';
import { openPage, screenshot, signIn } from './support';

const baseUrl = inject('baseUrl');

const CSV = [
  'id,email,external_id,name,phone,company,city,region,country,time_zone,shopify_domain,avatar_url,created_at,updated_at,tags,app:Product Reviews:plan,app:Product Reviews:plan:provenance,app:Product Reviews:seats,app:Product Reviews:beta',
  '1,e2e-ada@import.test,e2e-ada,Ada Import,+44 20 7946 0000,Analytical Engines,London,England,GB,Europe/London,,,2026-01-01T00:00:00Z,2026-01-01T00:00:00Z,"e2e-imported,vip",pro,api 2026-12-01T10:00:00Z,12,true',
  '2,e2e-grace@import.test,,"Hopper, Grace",,Navy,,,,,,,,,e2e-imported,\'=starter,,3.5,false',
  '3,not-an-email,,Broken Row,,,,,,,,,,,,,,,',
].join('\n');

type Profile = {
  id: number;
  name: string | null;
  email: string | null;
  external_id: string | null;
  phone: string | null;
  company: string | null;
  location: { city: string | null; country: string | null };
  tags: { name: string }[];
  custom_data: { app_name: string; items: { key: string; value: unknown; source: string }[] }[];
};

async function profileOf(token: string, email: string): Promise<Profile> {
  const list = await api<{ items: { id: number; email: string | null }[] }>(
    baseUrl,
    'GET',
    `/api/v1/contacts?q=${encodeURIComponent(email)}`,
    { token },
  );
  const found = list.items.find((c) => c.email === email);
  if (!found) throw new Error(`no contact ${email}`);
  return api<Profile>(baseUrl, 'GET', `/api/v1/contacts/${found.id}`, { token });
}

function customData(profile: Profile, key: string) {
  return profile.custom_data.find((a) => a.app_name === 'Product Reviews')?.items.find((i) => i.key === key);
}

describe('contact import', () => {
  let browser: BrowserSession;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('maps, previews and imports a CSV, and the contacts appear with their data', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    await signIn(page, baseUrl);
    await page.getByRole('banner').getByRole('link', { name: 'Contacts', exact: true }).click();
    await page.waitForURL(`${baseUrl}/contacts`);

    await page.getByRole('button', { name: 'Import CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import contacts' });
    await dialog.getByLabel('CSV file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    const plan = dialog.getByRole('combobox', { name: 'Import “app:Product Reviews:plan” as' });
    await plan.waitFor();
    expect(await plan.inputValue()).toBe('custom');
    expect(await dialog.getByRole('combobox', { name: 'Import “id” as' }).inputValue()).toBe('ignore');

    await dialog.getByRole('button', { name: 'Preview' }).click();
    await dialog.getByRole('region', { name: 'Preview' }).waitFor();
    expect(await dialog.getByText('New contact').count()).toBe(2);
    await dialog.getByText(/email: .*email/).first().waitFor();
    await screenshot(page, 'import-preview');

    await dialog.getByRole('button', { name: 'Import 3 rows' }).click();
    await dialog.getByText('Import finished').waitFor({ timeout: 30_000 });
    await dialog.getByRole('table', { name: 'Rows not imported' }).getByText('3', { exact: true }).waitFor();
    await screenshot(page, 'import-done');
    await dialog.getByRole('button', { name: 'Close' }).click();

    // The list was refetched: the imported contact is there without a reload.
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('e2e-ada');
    await page.getByRole('link', { name: 'Ada Import', exact: true }).waitFor();

    const token = await loginToken(baseUrl);
    const ada = await profileOf(token, 'e2e-ada@import.test');
    expect([ada.external_id, ada.name, ada.phone, ada.company, ada.location.city, ada.location.country]).toEqual([
      'e2e-ada',
      'Ada Import',
      '+44 20 7946 0000',
      'Analytical Engines',
      'London',
      'GB',
    ]);
    expect(ada.tags.map((t) => t.name).toSorted()).toEqual(['e2e-imported', 'vip']);
    expect(customData(ada, 'plan')).toMatchObject({ value: 'pro', source: 'api' });
    expect(customData(ada, 'seats')?.value).toBe(12);
    expect(customData(ada, 'beta')?.value).toBe(true);
    const grace = await profileOf(token, 'e2e-grace@import.test');
    expect(grace.name).toBe('Hopper, Grace');
    expect(customData(grace, 'plan')?.value).toBe('=starter');
    expect(customData(grace, 'seats')?.value).toBe(3.5);
    expect(customData(grace, 'beta')?.value).toBe(false);

    expect(errors).toEqual([]);
    await page.close();
  });
});
