// Makes a copy of the release bundle whose api/ was replaced (other content) a site of its own, as
// `make build` would have made it: its pages prerendered again from that api/ by the same
// `khabar-publish` the build ran (its `prerender` command: the pages only, from the copy's api/),
// and no stale page or precompressed copy left from the old content.
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export function prerenderCopy(dist) {
  // Built as scripts/postbuild.mjs builds it (nothing to do right after `make build`).
  execFileSync('cargo', ['build', '--quiet', '--workspace', '--features', 'khabar/ssr', '--bin', 'khabar-publish'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const target = process.env.CARGO_TARGET_DIR ? path.resolve(root, process.env.CARGO_TARGET_DIR) : path.join(root, 'target');
  const binary = path.join(target, 'debug', 'khabar-publish');
  for (const pages of ['article', 'section']) rmSync(path.join(dist, pages), { recursive: true, force: true });
  for (const file of readdirSync(dist, { recursive: true })) {
    // nginx would prefer the old content's .br/.gz copies to the new files.
    if (/(^|\/)(api\/.*|[^/]*\.html)\.(br|gz)$/.test(file)) rmSync(path.join(dist, file));
  }
  execFileSync(binary, ['prerender', dist], { stdio: ['ignore', 'ignore', 'inherit'] });
}
