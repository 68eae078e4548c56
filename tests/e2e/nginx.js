// Starts the project's own nginx config (deploy/nginx.conf) on a free loopback port, serving dist/,
// and stops it again. Used by the Playwright global setup and `make bench`/`make audit`; nothing
// here touches the system nginx. Only `listen`, `root` and `$khabar_base` differ from production.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync, copyFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, child, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nginx exited with code ${child.exitCode}`);
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nginx did not listen on ${port} within ${timeoutMs} ms`);
}

/**
 * Starts nginx serving `dist` (default: the project's dist/). With `base` (e.g. `/news`), `dist` is
 * the folder that holds the bundle in `<dist><base>/`, as on a server hosting the site below a path.
 * `redirects` is the old-address map deploy/nginx.conf includes (default: deploy/redirects.conf).
 * Returns { url, stop }; `url` has no trailing slash and includes `base`.
 */
export async function startNginx({ dist = path.join(root, 'dist'), base = '', redirects = path.join(root, 'deploy/redirects.conf') } = {}) {
  if (!existsSync(path.join(dist, base, 'index.html'))) {
    throw new Error(`${path.join(dist, base)}/index.html is missing: run \`make build\` first`);
  }
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'khabar-nginx-'));
  let site = readFileSync(path.join(root, 'deploy/nginx.conf'), 'utf8');
  for (const [line, value] of [
    [/^(\s*)listen\s+[^;]+;/m, `$1listen 127.0.0.1:${port};`],
    [/^(\s*)root\s+[^;]+;/m, `$1root ${dist};`],
    [/^(\s*)set \$khabar_base\s+[^;]+;/m, `$1set $khabar_base "${base}";`],
  ]) {
    if (!line.test(site)) throw new Error(`deploy/nginx.conf has no line matching ${line}`);
    site = site.replace(line, value);
  }
  writeFileSync(path.join(dir, 'khabar.conf'), site);
  // deploy/nginx.conf includes khabar-redirects*.conf from nginx's configuration folder, here `dir`.
  if (existsSync(redirects)) copyFileSync(redirects, path.join(dir, 'khabar-redirects.conf'));
  const brotli = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';
  writeFileSync(path.join(dir, 'nginx.conf'), `
${existsSync(brotli) ? `load_module ${brotli};` : ''}
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/khabar.conf;
}
`);
  const child = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    await waitForPort(port, child);
  } catch (error) {
    child.kill('SIGKILL');
    const log = existsSync(path.join(dir, 'error.log')) ? readFileSync(path.join(dir, 'error.log'), 'utf8') : '';
    throw new Error(`${error.message}\n${log}`);
  }
  return {
    url: `http://127.0.0.1:${port}${base}`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGQUIT');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
