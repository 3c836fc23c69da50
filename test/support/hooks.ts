// Mocha root hooks: shared resources opened lazily by tests are closed once at the end.
import { closeTestDb } from './db.js';

export const mochaHooks = {
  async afterAll(): Promise<void> {
    await closeTestDb();
  },
};
