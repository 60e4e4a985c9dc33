//! Short names for the generated schema types the UI uses.
import type { components, paths } from './schema';

type Schemas = components['schemas'];
type JsonOk<Path extends keyof paths, Method extends keyof paths[Path]> = paths[Path][Method] extends {
  responses: { 200: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;

export type User = Schemas['User'];
export type Organization = Schemas['Organization'];
export type Me = Schemas['Me'];
export type LoginRequest = Schemas['LoginRequest'];
export type LoginResponse = Schemas['LoginResponse'];
export type App = Schemas['App'];
export type ContactSummary = Schemas['ContactSummary'];
export type Contact = Schemas['Contact'];
export type Presence = Schemas['Presence'];
export type Role = Schemas['Role'];
export type ErrorBody = Schemas['ErrorBody'];

// List envelopes are named by the operation rather than by a generated generic's schema name.
export type AppList = JsonOk<'/api/v1/apps', 'get'>;
export type ContactList = JsonOk<'/api/v1/contacts', 'get'>;
