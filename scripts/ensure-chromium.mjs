// The console's browser tests drive a real Chromium (playwright-core, which
// downloads no browser of its own). Where it is missing and we may install
// packages (root on Debian or Ubuntu), install Debian's; otherwise say how.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
  const canInstall = process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!canInstall) {
    console.error(`The console's browser tests need Chromium at ${CHROMIUM}: install it (e.g. \`apt-get install chromium\`) and run again.`);
    process.exit(1);
  }
  console.log("Installing Chromium for the console's browser tests (apt-get)...");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
  if (!existsSync(CHROMIUM)) {
    console.error(`Chromium was installed but ${CHROMIUM} is still missing.`);
    process.exit(1);
  }
}
