"""CI's link to the README: the Quick start commands as written there, and the check of a run's transcript.

    python3 .ci/readme.py command N          print the README's Nth Quick start command (1: install and brief)
    python3 .ci/readme.py check OUT ERR      fail on a traceback, a warning said twice, a stderr line over 200

Taking the commands from the README itself means CI and the README cannot drift apart.
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
MAX_STDERR_LINE = 200
# Lines that warn or tell of something missing: each must be said once, whatever wraps it.
_NOTICE = re.compile(r"warn|unavailable|deprecat|not installed|cannot be imported", re.I)
_WRAPPING = re.compile(r"^(?:warning|WARNING|note|notice)\s*:\s*|^[*_>\-\s]+|[*_\s]+$")


def commands(readme: str) -> list[str]:
    """The commands of the first bash block under "## Quick start", in order (comments and blanks left out)."""
    section = readme[readme.index("## Quick start"):]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    return [line.strip() for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def problems(stdout: str, stderr: str) -> list[str]:
    """What is wrong with a transcript: tracebacks, notices said more than once, overlong error lines."""
    found = []
    if "Traceback (most recent call last)" in stdout + stderr:
        found.append("a traceback was printed")
    said = Counter(_WRAPPING.sub("", line.strip()) for line in (stdout + "\n" + stderr).splitlines()
                   if _NOTICE.search(line))
    found += [f"said {n} times: {text[:120]}" for text, n in said.items() if n > 1 and text]
    found += [f"stderr line of {len(line)} characters (over {MAX_STDERR_LINE}): {line[:120]}..."
              for line in stderr.splitlines() if len(line) > MAX_STDERR_LINE]
    return found


def main(argv: list[str]) -> int:
    if argv[:1] == ["command"] and len(argv) == 2:
        print(commands(README.read_text(encoding="utf-8"))[int(argv[1]) - 1])
        return 0
    if argv[:1] == ["check"] and len(argv) == 3:
        found = problems(*(Path(p).read_text(encoding="utf-8", errors="replace") for p in argv[1:]))
        for problem in found:
            print(f"transcript: {problem}", file=sys.stderr)
        return 1 if found else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
