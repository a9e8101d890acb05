// A TCP port on 127.0.0.1 that no other program holds when asked (the system picks it), for
// each server the tests, the benchmark and the screenshot start: a fixed port may be taken.
import { execFileSync } from 'node:child_process';

/** A free port on 127.0.0.1, asked of the system synchronously (the config needs it so). */
export function freePort() {
  return Number(execFileSync('python3', ['-c',
    'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])',
  ]).toString().trim());
}
