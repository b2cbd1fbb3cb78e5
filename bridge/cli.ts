// `npm start`: build the web app if needed, start the bridge and the lab's servers on loopback,
// print the lab's address with this launch's token, and open it. With --classroom, also print
// the instructor's room, the students' address and the join code, each on a line of its own.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWebApp, needsBuild } from './build.js';
import { ConfigError, HELP, parseCommandLine } from './config.js';
import { DEFAULT_CONFIG, startBridge } from './server.js';

/** The package's folder: the nearest one above this file with a package.json (this file runs from
 * bridge/ as TypeScript in tests, and from build/bridge/ compiled). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const root = resolve(packageRoot());

async function main(): Promise<number> {
  let options;
  try {
    options = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`socket-lab: ${error.message}`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    console.log(HELP);
    return 0;
  }
  const distDir = resolve(root, options.bridge.distDir);
  // the build writes to the default folder only; a --dist folder is served as it is
  if (options.build && options.bridge.distDir === DEFAULT_CONFIG.distDir && needsBuild(root, distDir)) {
    console.log('Building the web app (first start, or its sources changed)...');
    try {
      await buildWebApp(root);
    } catch (error) {
      // a lesson with a typo lands here: say which file and field, without a stack trace
      const message = (error as Error).message
        .split('\n')
        .filter((line) => !/^\s+at /.test(line))
        .join('\n');
      console.error(`socket-lab: the web app could not be built.\n${message}`);
      return 1;
    }
  }

  let bridge;
  try {
    bridge = await startBridge({ ...options.bridge, distDir });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') {
      console.error(`socket-lab: port ${options.bridge.port} is busy (is the lab already running?). Try --port with another number, or --port 0.`);
      return 1;
    }
    if (e.code === 'EADDRNOTAVAIL' && options.bridge.classroom) {
      console.error(
        `socket-lab: --classroom ${options.bridge.classroom.address}: this machine cannot listen there (the address is gone?). Check the network and try again.`,
      );
      return 1;
    }
    throw error;
  }

  console.log("Socket Lab is running. Open this address (it carries this launch's token):");
  console.log(bridge.url);
  for (const s of bridge.servers) {
    const where = `${s.proto.toUpperCase()} ${s.port}`;
    if (s.state === 'running') console.log(`  lab server ${s.name.padEnd(15)} ${where.padEnd(10)} running`);
    else if (s.state === 'stopped') console.log(`  lab server ${s.name.padEnd(15)} ${where.padEnd(10)} off`);
    else
      console.log(
        `  lab server ${s.name.padEnd(15)} ${where.padEnd(10)} not started: ${s.code === 'EADDRINUSE' ? `port ${s.port} is busy (is your own server running?)` : s.message}; the rest of the lab runs`,
      );
  }
  if (bridge.classroom) {
    console.log("Classroom: the instructor's room (this machine only; it carries your token, do not share it):");
    console.log(bridge.classroom.roomUrl);
    console.log('Students open:');
    console.log(bridge.classroom.joinUrl);
    console.log('Join code:');
    console.log(bridge.classroom.code());
  }
  console.log('Press Ctrl-C to stop.');

  if (options.open) {
    const { default: open } = await import('open');
    open(bridge.classroom?.roomUrl ?? bridge.url).catch(() => console.log('(Could not open a browser; open the address above yourself.)'));
  }

  await new Promise<void>((done) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      bridge.close().then(done, done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  console.log('Socket Lab stopped; every socket is closed.');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`socket-lab: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
