// DynamoDB Local is a Java program. Where Java is missing and we may install
// packages (root on Debian or Ubuntu), install a headless runtime; otherwise say how.
import { execFileSync, spawnSync } from 'node:child_process';

const hasJava = () => spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;

if (!hasJava()) {
  const canInstall = process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!canInstall) {
    console.error('DynamoDB Local needs Java 17 or later: install a JRE (e.g. `apt-get install openjdk-17-jre-headless`) and run again.');
    process.exit(1);
  }
  console.log('Installing a Java runtime for DynamoDB Local (apt-get)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'openjdk-17-jre-headless'], { stdio: 'inherit', env });
  if (!hasJava()) {
    console.error('Java was installed but `java` is still not on PATH.');
    process.exit(1);
  }
}
