"""Benchmark of the Textual app against a minimal Textual app.

Figures (DESIGN.md section 9), each measured side by side in one run:

- start to the first question a patient can act on, from outside (a black
  box): ``prep-assistant --guest --new`` in a pseudo terminal of 80x24,
  until the first question's words are on the terminal, against the minimal
  app until its input's placeholder is; both read from the terminal's
  output only, nothing inside the apps. Budget: at most 1.0x. Beside it,
  the CPU time of each process until then, and ``skeleton_app.py``: the
  same first screen (header, stage bar, transcript, answer field, buttons,
  key bar, our stylesheet) built from Textual's widgets with none of our
  code, the floor Textual itself sets for that screen.
- start to first frame: ``prep-assistant --guest --new`` against
  ``minimal_app.py`` (Header, Input, Footer), each started in a pseudo
  terminal N times, alternating; the time runs from just before the process
  is spawned to the moment the app writes the time of its first frame
  (``PREP_ASSISTANT_FIRST_FRAME_FILE``). Budget: at most 1.15x.
- peak memory (VmHWM of the child, read by itself at exit) of a whole
  scripted session of the preparation through the app against the minimal
  app answering as many times. Budget: at most 1.2x. Beside it, the peak of
  only importing the modules that session loaded, with and without ours: the
  part of the figure that is code before anything runs.
- CPU per answered question at answer 10, 100 and 500 of a generated
  520-question flow, driven through Pilot. Budget: at most 30 ms at answer
  10 and at answer 500, and answer 500 at most 1.2x answer 10. Beside it,
  for scale: the minimal app's CPU for the same keys (type, Enter). The
  sessions run at once in their own processes and answer in turn
  (``paced_answers.py``), so the machine's changing speed reaches all alike.

    python benchmarks/bench_app.py [--quick]

Never fails on a time: it reports.

Both sides start from compiled bytecode, as an installed wheel does: Textual
comes with its ``.pyc`` files from pip, and our package is compiled first
(``_compile_package``). Without that, a checkout run with
``PYTHONDONTWRITEBYTECODE`` (as on the shared machine) compiles our ~80 modules
from source on every start: 1.69x instead of 1.41x on 2026-11-30.
"""

from __future__ import annotations

import argparse
import compileall
import fcntl
import os
import pty
import re
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
START_BUDGET = 1.15
VISIBLE_BUDGET = 1.0
MEMORY_BUDGET = 1.2
GROWTH_BUDGET = 1.2
#: CPU per answer at answer 10 and at answer 500 (DESIGN.md, section 9).
ANSWER_BUDGET_MS = 30.0
FIRST_FRAME_ENV = "PREP_ASSISTANT_FIRST_FRAME_FILE"
FIRST_QUESTION_ENV = "PREP_ASSISTANT_FIRST_QUESTION_FILE"


def _compile_package() -> None:
    """Write our package's bytecode (``__pycache__``, git-ignored) once, so the
    starts measured load ``.pyc`` files like the reference's Textual does;
    py_compile writes even under ``PYTHONDONTWRITEBYTECODE``."""
    import prep_assistant

    compileall.compile_dir(Path(prep_assistant.__file__).parent, quiet=1)


# -- start to first frame --------------------------------------------------------


def _first_frame_ms(command: list[str], workdir: Path, hook: str = FIRST_FRAME_ENV) -> float | None:
    """Spawn ``command`` in a pseudo terminal; ms until it reports its first frame
    (or, with ``hook=FIRST_QUESTION_ENV``, its first frame with a question)."""
    marker = workdir / "first-frame.txt"
    marker.unlink(missing_ok=True)
    env = dict(os.environ)
    env[hook] = str(marker)
    env["PREP_ASSISTANT_DATA_DIR"] = str(workdir / "data")
    env.setdefault("TERM", "xterm-256color")
    env["COLUMNS"], env["LINES"] = "80", "24"
    master, slave = pty.openpty()
    started = time.time()
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    deadline = started + 60
    try:
        while process.poll() is None and time.time() < deadline:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    os.read(master, 65536)  # drain, or the child blocks on a full pty
                except OSError:
                    break
        try:
            # The terminal closes a moment before the process has ended: wait for it.
            process.wait(timeout=max(0.0, deadline - time.time()))
        except subprocess.TimeoutExpired:
            process.kill()
            return None
    finally:
        os.close(master)
        process.wait()
    try:
        return (float(marker.read_text()) - started) * 1000
    except (OSError, ValueError):
        return None


_ESCAPES = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def _visible_ms(command: list[str], marker: bytes, workdir: Path) -> tuple[float | None, float]:
    """Spawn ``command`` in an 80x24 pseudo terminal; ms until ``marker`` is
    among the characters it has written (escape sequences taken out), and the
    CPU ms the process had used when it was stopped right after."""
    env = dict(os.environ)
    for hook in (FIRST_FRAME_ENV, FIRST_QUESTION_ENV):
        env.pop(hook, None)
    env["PREP_ASSISTANT_DATA_DIR"] = str(workdir / "data")
    env.setdefault("TERM", "xterm-256color")
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    started = time.perf_counter()
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    seen = b""
    found: float | None = None
    try:
        while found is None and process.poll() is None and time.perf_counter() - started < 60:
            ready, _, _ = select.select([master], [], [], 0.01)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            now = time.perf_counter()
            seen += chunk
            # Characters only: a word may be split by colour changes.
            if marker in _ESCAPES.sub(b"", seen[-200_000:]):
                found = (now - started) * 1000
    finally:
        process.kill()
        _pid, _status, usage = os.wait4(process.pid, 0)
        process.returncode = -9
        os.close(master)
    return found, (usage.ru_utime + usage.ru_stime) * 1000


def visible_rows(repeats: int) -> list[dict]:
    from prep_assistant.dialogue.library import find_flow

    first = find_flow().nodes[find_flow().start]
    # The first words of the first question, as Dutch is the default.
    marker = " ".join(first.text.split()[:2]).encode("utf-8")
    commands = {
        "ours": ([sys.executable, "-m", "prep_assistant", "--guest", "--new", "--lang", "nl"], marker),
        "reference": ([sys.executable, str(HERE / "minimal_app.py")], b"Type here"),
        # Our first screen's widgets and stylesheet drawn by Textual alone (skeleton_app.py).
        "skeleton": ([sys.executable, str(HERE / "skeleton_app.py")], b"Type here"),
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for command, mark in commands.values():  # warm-up, not counted
            _visible_ms(command, mark, workdir)
        for _ in range(repeats):
            for name, (command, mark) in commands.items():
                value, used = _visible_ms(command, mark, workdir)
                if value is not None:
                    times[name].append(value)
                    cpu[name].append(used)
    row = _row("start to the first question a patient can act on, black box (median)",
               times["ours"], times["reference"], VISIBLE_BUDGET)
    cpu_row = _row("CPU of the process until the first question (median)",
                   cpu["ours"], cpu["reference"], None)
    floor_row = _row("the same screen drawn by Textual alone (skeleton_app.py) vs the minimal app",
                     times["skeleton"], times["reference"], None)
    ours_row = _row("start to the first question vs the skeleton: what our code adds",
                    times["ours"], times["skeleton"], None)
    row["detail"] = f"{marker.decode()!r} vs the minimal app's 'Type here'; n={len(times['ours'])}"
    cpu_row["detail"] = "user + system time of the child, stopped as soon as the words were seen"
    floor_row["detail"] = "no budget: the floor Textual sets for this screen, none of our code runs"
    return [row, cpu_row, floor_row, ours_row]


#: The app class alone, started as launch.py starts it (guest store, new session).
_APP_ONLY = (
    "from prep_assistant.session import Store\n"
    "from prep_assistant.ui.app import PrepAssistantApp\n"
    "PrepAssistantApp(Store.guest(), new=True).run()\n"
)


def start_rows(repeats: int) -> list[dict]:
    commands = {
        "cli": [sys.executable, "-m", "prep_assistant", "--guest", "--new", "--lang", "nl"],
        "app": [sys.executable, "-c", _APP_ONLY],
        "reference": [sys.executable, str(HERE / "minimal_app.py")],
    }
    runs = {name: (command, FIRST_FRAME_ENV) for name, command in commands.items()}
    # Not a budget, but what a patient waits for: the welcome on screen.
    runs["cli-question"] = (commands["cli"], FIRST_QUESTION_ENV)
    times: dict[str, list[float]] = {name: [] for name in runs}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        # One warm-up each (bytecode caches, the disk cache), not counted.
        for command, hook in runs.values():
            _first_frame_ms(command, workdir, hook)
        for _ in range(repeats):
            for name, (command, hook) in runs.items():
                value = _first_frame_ms(command, workdir, hook)
                if value is not None:
                    times[name].append(value)
    return [
        _row("start to first frame: prep-assistant command (median)", times["cli"], times["reference"], START_BUDGET),
        _row("start to first frame: PrepAssistantApp alone (median)", times["app"], times["reference"], START_BUDGET),
        _row("start to the first question on screen: prep-assistant command (median)",
             times["cli-question"], times["reference"], None),
    ]


# -- peak memory of a whole session -------------------------------------------------

_SESSION_SCRIPT = r"""
import asyncio, sys
from prep_assistant.session import Store
from prep_assistant.ui.app import PrepAssistantApp

QUICK = {"text": "Een antwoord", "text_list": ["een", "twee", "drie"], "rating": 3, "yes_no": True,
         "date": None}

async def main():
    store = Store.guest()
    app = PrepAssistantApp(store, new=True, owns_process=True)  # the process as the command runs it
    count = 0
    async with app.run_test(size=(80, 24)) as pilot:
        while not app.ready:
            await pilot.pause(0.01)
        while app.conversation.current is not None:
            step = app.conversation.current
            if step.is_info:
                value = True
            elif step.kind == "single_choice":
                value = step.question.options[0].value
            elif step.kind == "multiple_choice":
                value = [o.value for o in step.question.options[:3]]
            elif step.kind == "ranking":
                options = [o.value for o in step.question.options]
                value = options[: step.question.keep or len(options)]
            else:
                value = QUICK.get(step.kind)
            app.chat.give(value)
            count += 1
            await pilot.pause()
        await pilot.pause()
        await pilot.pause()
    print(count)
    # What the session loaded, for the rows of its imports alone (imports_rows).
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        out.write("\n".join(sorted(sys.modules)))

asyncio.run(main())
"""

#: Imports the modules named in the file argv[1], one per line, and runs nothing.
_IMPORTS_SCRIPT = r"""
import importlib, sys
for name in open(sys.argv[1], encoding="utf-8").read().split():
    try:
        importlib.import_module(name)
    except Exception:  # a module that only loads under a running app: its peers still count
        pass
"""


#: Runs a Python command line (``-c CODE ...`` or ``SCRIPT ...``) and writes the
#: process's own peak (VmHWM, KiB) to argv[1] at exit. The child's ru_maxrss is
#: not used: Linux carries the parent's resident size over a fork and exec into
#: it, so under pytest (40 MiB) every child would seem to peak at 40 MiB.
_PEAK_WRAPPER = r"""
import atexit, os, runpy, sys
report, args = sys.argv[1], sys.argv[2:]
def _report():
    with open("/proc/self/status", encoding="ascii") as status, open(report, "w", encoding="ascii") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
atexit.register(_report)
if args[0] == "-c":
    sys.argv = ["-c", *args[2:]]  # as Python itself sets it for -c
    exec(compile(args[1], "<string>", "exec"), {"__name__": "__main__"})
else:
    sys.argv = args
    sys.path.insert(0, os.path.dirname(os.path.abspath(args[0])))
    runpy.run_path(args[0], run_name="__main__")
"""


def _peak_kib(command: list[str]) -> tuple[int, str]:
    """The peak resident memory (KiB) of ``command`` (``[python, ...]``) and what it printed."""
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as tmp:
        env["PREP_ASSISTANT_DATA_DIR"] = tmp
        report = Path(tmp) / "peak.txt"
        wrapped = [command[0], "-c", _PEAK_WRAPPER, str(report), *command[1:]]
        result = subprocess.run(wrapped, capture_output=True, text=True, env=env)
        try:
            peak = int(report.read_text(encoding="ascii"))
        except (OSError, ValueError):
            peak = None
        if result.returncode != 0 or peak is None:
            raise RuntimeError(f"{command[1:2]} failed ({result.returncode}): {result.stderr[-500:]}")
    return peak, result.stdout.strip()


def memory_rows(repeats: int) -> list[dict]:
    """The session's peak against the minimal app's; beside it, the peak of only
    importing what the session loads, so the part that is code shows."""
    ours: list[float] = []
    reference: list[float] = []
    code: dict[str, list[float]] = {"all": [], "textual": []}
    answered = 60
    with tempfile.TemporaryDirectory() as tmp:
        loaded = Path(tmp) / "modules.txt"
        textual_only = Path(tmp) / "textual-modules.txt"
        for _ in range(repeats):
            kib, out = _peak_kib([sys.executable, "-c", _SESSION_SCRIPT, str(loaded)])
            ours.append(kib / 1024)
            if out.isdigit():
                answered = int(out)
            kib, _ = _peak_kib([sys.executable, str(HERE / "minimal_app.py"), "--scripted", str(answered)])
            reference.append(kib / 1024)
            names = loaded.read_text(encoding="utf-8").split()
            textual_only.write_text("\n".join(n for n in names if not n.startswith("prep_assistant")), encoding="utf-8")
            for part, listing in (("all", loaded), ("textual", textual_only)):
                kib, _ = _peak_kib([sys.executable, "-c", _IMPORTS_SCRIPT, str(listing)])
                code[part].append(kib / 1024)
    rows = [
        _mib_row("peak memory of a whole session (MiB)", ours, reference, MEMORY_BUDGET),
        _mib_row("importing what the session loads, running nothing (MiB)", code["all"], reference, None),
        _mib_row("the same without our modules: Textual and the standard library (MiB)", code["textual"], reference, None),
    ]
    rows[1]["detail"] += "; no budget: the part of the session's peak that is code, ours and Textual's"
    rows[2]["detail"] += "; no budget: what Textual's modules for these screens cost before anything runs"
    return rows


def _mib_row(figure: str, ours: list[float], reference: list[float], budget: float | None) -> dict:
    row = _row(figure, ours, reference, budget)
    row["ours_ms"], row["reference_ms"] = None, None
    row["ours_mib"], row["reference_mib"] = round(statistics.median(ours), 1), round(statistics.median(reference), 1)
    row["detail"] = f"{row['ours_mib']} MiB against the minimal app's whole session, {row['reference_mib']} MiB"
    return row


# -- CPU per answer as the conversation grows ------------------------------------------------


def long_flow(questions: int) -> str:
    parts = ['format = 1\n[flow]\nid = "lang_gesprek"\ntitle = "Een lang gesprek"\nlanguage = "nl"\n',
             '[[steps]]\nid = "s"\ntitle = "Vragen"\n']
    for i in range(1, questions + 1):
        parts.append(f'[[nodes]]\nid = "v{i}"\nkind = "text"\nstep = "s"\ntext = "Vraag {i}: wat vindt u?"\n')
    return "\n".join(parts)


#: The answers whose CPU is compared: a window of this many around each.
_WINDOW = 11


def _paced_session(kind: str, flow: str, skip: int) -> subprocess.Popen:
    # The checkout this script is in, not an installed copy: a script's own folder
    # comes first on its path, not the working directory as for the -c and -m rows.
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(HERE.parent), os.environ.get("PYTHONPATH")])))
    return subprocess.Popen(
        [sys.executable, str(HERE / "paced_answers.py"), kind, flow, str(skip)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
    )


def interleaved_answer_costs(flow: str, sessions: dict[str, tuple[str, int]], rounds: int) -> dict[str, list[float]]:
    """CPU ms per answer of several sessions kept open at once (``name: (kind,
    answers skipped)``), each asked for one answer in turn, ``rounds`` times.

    The sessions answer in turn rather than one after the other so a change in
    the shared machine's speed reaches all of them alike (``paced_answers.py``
    says what made this necessary). The order turns each round so none always
    follows the same one."""
    children = {name: _paced_session(kind, flow, skip) for name, (kind, skip) in sessions.items()}
    costs: dict[str, list[float]] = {name: [] for name in children}
    try:
        for name, child in children.items():
            if child.stdout.readline().strip() != "ready":
                raise RuntimeError(f"the {name} session did not start: exit {child.wait()}")
        names = list(children)
        for round_ in range(rounds):
            for name in names[round_ % len(names):] + names[: round_ % len(names)]:
                child = children[name]
                child.stdin.write("go\n")
                child.stdin.flush()
                costs[name].append(float(child.stdout.readline()))
    finally:
        for child in children.values():
            if child.poll() is None:
                child.stdin.close()
                try:
                    child.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    child.kill()
    return costs


def growth_rows(quick: bool) -> list[dict]:
    questions = 520
    with tempfile.TemporaryDirectory() as tmp:
        flow_path = Path(tmp) / "lang_gesprek.toml"
        flow_path.write_text(long_flow(questions), encoding="utf-8")
        # Answer n's window is answers n-5 .. n+5, as before the sessions were paced.
        sessions = {"minimal": ("minimal", 5)}
        sessions.update({str(n): ("ours", n - 6) for n in (10, 100, 500)})
        costs = interleaved_answer_costs(str(flow_path), sessions, _WINDOW)

    at10 = costs["10"]
    rows = []
    for n in (10, 500):
        row = _row(f"CPU per answer at answer {n} (ms, vs the minimal app's type and Enter)", costs[str(n)],
                   costs["minimal"], None)
        row["budget_ms"] = ANSWER_BUDGET_MS
        row["holds"] = row["ours_ms"] is not None and row["ours_ms"] <= ANSWER_BUDGET_MS
        rows.append(row)
    for n in (100, 500):
        row = _row(f"CPU per answer at answer {n} (ms, vs answer 10)", costs[str(n)], at10,
                   GROWTH_BUDGET if n == 500 else None)
        rows.append(row)
    return rows


# -- the table -------------------------------------------------------------------------


def _row(figure: str, ours: list[float], reference: list[float], budget: float | None) -> dict:
    ours_ms = statistics.median(ours) if ours else None
    reference_ms = statistics.median(reference) if reference else None
    ratio = ours_ms / reference_ms if ours_ms and reference_ms else None
    return {
        "figure": figure,
        "ours_ms": round(ours_ms, 2) if ours_ms is not None else None,
        "reference_ms": round(reference_ms, 2) if reference_ms is not None else None,
        "ratio": round(ratio, 3) if ratio is not None else None,
        "budget": budget,
        "holds": None if budget is None or ratio is None else ratio <= budget,
    }


def main(quick: bool = False) -> list[dict]:
    rows: list[dict] = []
    _compile_package()
    rows += visible_rows(3 if quick else 15)
    rows += start_rows(3 if quick else 15)
    rows += memory_rows(1 if quick else 3)
    rows += growth_rows(quick)
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    for row in main(quick=args.quick):
        print(row)
