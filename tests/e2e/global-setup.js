// Serves the release build with the project's nginx config for the whole run, twice: dist/ at the
// root of a site, and the same app built for a sub-path (`make build PUBLIC_URL=/news/`, which
// `make test` writes to target/e2e-subpath/news/) below /news/. Playwright calls the returned
// function at the end, so nginx always stops.
import path from 'node:path';
import { startNginx } from './nginx.js';

export const SUBPATH_ROOT = path.resolve(import.meta.dirname, '../../target/e2e-subpath');

export default async function globalSetup() {
  const servers = [await startNginx()];
  process.env.KHABAR_URL = servers[0].url;
  try {
    servers.push(await startNginx({ dist: SUBPATH_ROOT, base: '/news' }));
    process.env.KHABAR_SUBPATH_URL = servers[1].url;
  } catch (error) {
    await servers[0].stop();
    throw error;
  }
  return async () => Promise.all(servers.map((s) => s.stop()));
}
