// Preloaded into the bridge and the reference relay when BENCH_CPU_PROF=<dir> is set
// (NODE_OPTIONS="--import tsx --import ./bench/cpu-profile.ts"): records a V8 CPU profile of the
// whole process and writes <dir>/<role>-<pid>.cpuprofile at exit, for Chrome DevTools or
// speedscope. Node refuses --cpu-prof inside NODE_OPTIONS, hence the inspector.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.BENCH_CPU_PROF;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  session.post('Profiler.start');
  process.on('exit', () => {
    // an in-process inspector session answers synchronously, so this runs to the end in 'exit'
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      // "cli-<pid>" for the bridge as npm start runs it, "child-relay-<pid>", "child-unlimited-<pid>"
      const [script = 'node', role] = process.argv.slice(1).map((a) => a.replace(/.*\//, '').replace(/\.ts$/, ''));
      const name = [script, ...(role && !role.startsWith('-') ? [role] : []), process.pid].join('-');
      writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
