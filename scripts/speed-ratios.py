#!/usr/bin/env python3
"""Speed targets measured as ratios, side by side (README, "速度 / Speed").

Runs each pair in turns, many times, and prints the median of the ratios,
so that a shared machine that speeds up or slows down affects both alike:

- `yibao-guide route ...` as a whole process against `/bin/true`
  (target: at most 1.6 times);
- the wizard's first full screen in an 80x24 pseudo-terminal against
  `whiptail --menu` with four items (target: at most 0.8 times).

Usage: cargo build --release && python3 scripts/speed-ratios.py [binary]
The Debian package's program is linked statically (scripts/deb.sh): measure
it with target/<host>/release/yibao-guide as the binary.
whiptail comes from the Debian package `whiptail`; without it the second
pair is skipped with a message.
"""

import os
import pty
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import time
import fcntl
import termios

ROUNDS = 41
BIN = sys.argv[1] if len(sys.argv) > 1 else "target/release/yibao-guide"
ROUTE = [BIN, "route", "insurance=employee", "reason=job",
         "scope=cross-province", "channel=online"]


def run_process(argv):
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   stdin=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def first_screen(argv, marker):
    """Seconds from starting `argv` in an 80x24 pseudo-terminal until
    `marker` (text on the last line the program draws) has been written."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.environ["LANG"] = "C.UTF-8"
        os.execvp(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    seen = b""
    took = None
    deadline = start + 10
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        seen += chunk
        if marker in seen:
            took = time.perf_counter() - start
            break
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(fd)
    if took is None:
        sys.exit(f"{argv[0]} never showed {marker!r}; it wrote:\n{seen[-400:]!r}")
    return took


def ratio(name, ours, theirs, target):
    ratios = []
    for i in range(ROUNDS):
        # Alternate which goes first.
        if i % 2:
            b, a = theirs(), ours()
        else:
            a, b = ours(), theirs()
        ratios.append(a / b)
    median = statistics.median(ratios)
    verdict = "ok" if median <= target else "OVER THE TARGET"
    print(f"{name}: {median:.2f}x (target: at most {target}x; {ROUNDS} runs in turns) {verdict}")
    return median <= target


def main():
    ok = ratio("route as a whole process / /bin/true",
               lambda: run_process(ROUTE), lambda: run_process(["/bin/true"]), 1.6)
    whiptail = shutil.which("whiptail")
    if whiptail is None:
        print("skipped: the wizard against whiptail (install the Debian package `whiptail`)")
    else:
        menu = [whiptail, "--menu", "Choose one", "15", "50", "4",
                "1", "Employee insurance", "2", "Resident insurance",
                "3", "Cross-province", "4", "Within the province"]
        ok &= ratio("wizard first screen / whiptail --menu",
                    lambda: first_screen([BIN], WIZARD_LAST),
                    lambda: first_screen(menu, b"Within the province"), 0.8)
    sys.exit(0 if ok else 1)


# The last text the wizard draws on its first screen: the end of the key
# hints on the bottom line ("[退出 q]").
WIZARD_LAST = b" q]"

if __name__ == "__main__":
    main()
