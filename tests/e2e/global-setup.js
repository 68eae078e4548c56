// Serves the release build with the project's nginx config for the whole run; Playwright calls
// the returned function at the end, so nginx always stops.
import { startNginx } from './nginx.js';

export default async function globalSetup() {
  const server = await startNginx();
  process.env.KHABAR_URL = server.url;
  return async () => server.stop();
}
