import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * CPU time used so far by every PostgreSQL process of this machine (its backends and its
 * background workers), in ms, from /proc: the bench's database server runs on the same
 * machine. A backend that ended counts too: the postmaster reaps it, and its time is in the
 * postmaster's children's time. 0 where /proc is absent.
 */
export function postgresCpuMs(): number {
  let ticks = 0;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0;
  }
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue;
    }
    // "pid (comm) state ppid …": comm may hold spaces, so fields are counted after its ')'.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    if (comm !== 'postgres' && !comm.startsWith('postgres:')) continue;
    const fields = stat.slice(close + 2).split(' ');
    // After ')': state is field 3 of stat(5); utime, stime, cutime and cstime are fields 14 to 17.
    ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** The machine's CPU time so far, busy and in all, in ms summed over its cores, from /proc/stat. */
export function machineCpuMs(): { busy: number; total: number } {
  let line: string;
  try {
    line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  } catch {
    return { busy: 0, total: 0 };
  }
  // "cpu user nice system idle iowait irq softirq steal …", in clock ticks.
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  const idle = ticks[3]! + ticks[4]!;
  return { busy: ((total - idle) * 1000) / TICKS_PER_SECOND, total: (total * 1000) / TICKS_PER_SECOND };
}

/**
 * CPU time used so far by each of the given processes (PostgreSQL backends, by pid), in ms; a
 * process gone is absent. On a machine shared with other work on the same PostgreSQL server,
 * the backends of the bench's own database are what its transitions cost PostgreSQL, without
 * the other databases' load (what `postgresCpuMs` cannot tell apart); the server's background
 * processes (WAL writer, checkpointer) are left out.
 */
export function processesCpuMs(pids: readonly number[]): Map<number, number> {
  const times = new Map<number, number>();
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue;
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    times.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND);
  }
  return times;
}
