//! The server every browser test shares, provided to the tests as `baseUrl`.
import type { TestProject } from 'vitest/node';
import { startSeededServer } from './seeded-server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await startSeededServer();
  project.provide('baseUrl', server.baseUrl);
  return server.stop;
}
