#!/usr/bin/env python3
"""Speed targets measured as ratios, side by side (README, "速度 / Speed").

Runs each pair in turns, many times, and prints the median of the ratios,
so that a shared machine that speeds up or slows down affects both alike:

- `yibao-guide route ...` as a whole process against `/bin/true`
  (target: at most 1.6 times);
- the wizard's first full screen in an 80x24 pseudo-terminal against
  `whiptail --menu` with four items (target: at most 0.8 times);
- a key press to the end of the frame it brings, at 200x60, against
  whiptail's answer to a key in its menu in the same pseudo-terminal size
  (target: at most 1 time): both programs run side by side, and each round
  presses Down or Up in one, then in the other, in turns. Also the bytes
  the wizard writes in 10 s with no one at it (target: none).

Usage: cargo build --release && python3 scripts/speed-ratios.py [binary] [--keys]
(`--keys`: only the key presses and the idle bytes.)
The Debian package's program is linked statically (scripts/deb.sh): measure
it with target/<host>/release/yibao-guide as the binary.
whiptail comes from the Debian package `whiptail`; without it the pairs
with whiptail are skipped with a message.
"""

import os
import pty
import re
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
ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
KEYS_ONLY = "--keys" in sys.argv[1:]
BIN = ARGS[0] if ARGS else "target/release/yibao-guide"
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


class Pty:
    """A program in a pseudo-terminal of the given size, read as it writes."""

    def __init__(self, argv, rows, cols):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            # The size is set before the program starts, so its first
            # frame already has it.
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.environ["TERM"] = "xterm-256color"
            os.environ["LANG"] = "C.UTF-8"
            os.execvp(argv[0], argv)
        self.name = argv[0]

    def burst(self, first_within, gap):
        """Bytes written from now on, up to the first pause of `gap`
        seconds (waiting up to `first_within` for the first byte), and
        when the last of them arrived (None when nothing came)."""
        seen, last = b"", None
        wait = first_within
        while True:
            ready, _, _ = select.select([self.fd], [], [], wait)
            if not ready:
                return seen, last
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return seen, last
            seen += chunk
            last = time.perf_counter()
            wait = gap

    def settle(self, quiet):
        """Reads until the program has written nothing for `quiet` seconds
        (shorter than the 250 ms an older wizard woke up at to draw)."""
        self.burst(quiet, quiet)

    def started(self):
        """Waits for the first screen."""
        if self.burst(10, 0.2)[1] is None:
            sys.exit(f"{self.name} drew nothing")
        self.settle(0.2)

    def key(self, data):
        """Seconds from writing `data` to the end of the output it brings."""
        start = time.perf_counter()
        os.write(self.fd, data)
        seen, last = self.burst(2, 0.03)
        if last is None:
            sys.exit(f"{self.name} did not answer the key {data!r}")
        # Whatever else follows (nothing, if all is well) is not timed.
        self.settle(0.05)
        return last - start

    def press_until(self, key, marker, tries=60):
        """Presses `key` until the program writes `marker` (its letters
        may be apart: a wide character is followed by a cursor move)."""
        for _ in range(tries):
            os.write(self.fd, key)
            seen, _ = self.burst(2, 0.1)
            if marker.encode() in re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]|\s", b"", seen):
                return
        sys.exit(f"{self.name} never showed {marker!r}")

    def idle_bytes(self, seconds):
        """Bytes written in `seconds` with no input."""
        end = time.perf_counter() + seconds
        n = 0
        while (left := end - time.perf_counter()) > 0:
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    n += len(os.read(self.fd, 65536))
                except OSError:
                    break
        return n

    def close(self):
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


DOWN, UP = b"\x1b[B", b"\x1b[A"


def alternating_keys():
    """Down, Up, Down, ...: the screen changes on every press."""
    i = 0
    while True:
        yield DOWN if i % 2 == 0 else UP
        i += 1


def key_ratio(name, ours, theirs, target):
    """The median ratio of `ours` to `theirs` (two programs already on
    screen) answering a key, pressed in turns."""
    mine, whose = [], []
    keys = alternating_keys()
    for i in range(ROUNDS * 2):
        k = next(keys)
        if i % 4 < 2:
            a, b = ours.key(k), theirs.key(k)
        else:
            b, a = theirs.key(k), ours.key(k)
        mine.append(a)
        whose.append(b)
    return report(name, mine, whose, target, "keys")




def keys_at_200x60(whiptail):
    """The wizard answering a key at 200x60 against whiptail's menu in the
    same size, on a question and on the materials page; and what the
    wizard writes in 10 s when no one touches it."""
    wizard = Pty([BIN], 60, 200)
    menu = Pty(whiptail_menu(whiptail), 60, 200)
    ok = True
    try:
        for p in (wizard, menu):
            p.started()
        # The first question.
        wizard.key(b"\r")
        ok &= key_ratio("a key at 200x60, question / whiptail --menu", wizard, menu, 1.0)
        idle = wizard.idle_bytes(10)
        print(f"the wizard with no one at it, 10 s on a question: {idle} bytes written"
              f" (target: none) {'ok' if idle == 0 else 'OVER THE TARGET'}")
        ok &= idle == 0
        # The first option of every question, then the pages up to the
        # materials.
        wizard.press_until(b"1", "请核对您的回答")
        wizard.press_until(b"\r", "概览")
        wizard.press_until(b"\x1b[C", "材料清单")
        ok &= key_ratio("a key at 200x60, materials page / whiptail --menu", wizard, menu, 1.0)
    finally:
        wizard.close()
        menu.close()
    return ok


def whiptail_menu(whiptail):
    return [whiptail, "--menu", "Choose one", "15", "50", "4",
            "1", "Employee insurance", "2", "Resident insurance",
            "3", "Cross-province", "4", "Within the province"]


def ratio(name, ours, theirs, target):
    mine, whose = [], []
    for i in range(ROUNDS):
        # Alternate which goes first.
        if i % 2:
            b, a = theirs(), ours()
        else:
            a, b = ours(), theirs()
        mine.append(a)
        whose.append(b)
    return report(name, mine, whose, target, "runs")


def report(name, mine, whose, target, what):
    """Prints the median of the ratios of the times `mine` to `whose`,
    measured in pairs, against `target`; whether it is met."""
    median = statistics.median(a / b for a, b in zip(mine, whose))
    verdict = "ok" if median <= target else "OVER THE TARGET"
    print(f"{name}: {median:.2f}x (target: at most {target}x; {len(mine)} {what} in turns; "
          f"median {statistics.median(mine) * 1000:.2f} ms against "
          f"{statistics.median(whose) * 1000:.2f} ms) {verdict}")
    return median <= target


def main():
    ok = True
    if not KEYS_ONLY:
        ok &= ratio("route as a whole process / /bin/true",
                    lambda: run_process(ROUTE), lambda: run_process(["/bin/true"]), 1.6)
    whiptail = shutil.which("whiptail")
    if whiptail is None:
        print("skipped: the wizard against whiptail (install the Debian package `whiptail`)")
    else:
        if not KEYS_ONLY:
            ok &= ratio("wizard first screen / whiptail --menu",
                        lambda: first_screen([BIN], WIZARD_LAST),
                        lambda: first_screen(whiptail_menu(whiptail), b"Within the province"),
                        0.8)
        ok &= keys_at_200x60(whiptail)
    sys.exit(0 if ok else 1)


# The last text the wizard draws on its first screen: the end of the key
# hints on the bottom line ("[退出 q]").
WIZARD_LAST = b" q]"

if __name__ == "__main__":
    main()
