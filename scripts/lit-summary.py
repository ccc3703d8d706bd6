#!/usr/bin/env python3
"""Summarizes lit runs from their JSON result files (lit -o FILE).

Usage: lit-summary.py 'LABEL|RESULTS.json[|REASON]' ...

For each run prints one detail line (counts by lit result code and the
failing tests), then the final line `N passed, N failed[, N skipped]`
summed over all runs. XFAIL and FLAKYPASS count as passed, UNSUPPORTED as
skipped; FAIL, XPASS, UNRESOLVED and TIMEOUT as failed. A run whose file is
missing or unreadable (lit crashed, the build failed, no test was found)
counts as one failure; REASON, when given, is printed as the cause.
Exits 1 if anything failed, else 0.
"""

import json
import sys

PASSED = {"PASS", "XFAIL", "FLAKYPASS"}
SKIPPED = {"UNSUPPORTED", "SKIPPED", "EXCLUDED"}
FAILED = {"FAIL", "XPASS", "UNRESOLVED", "TIMEOUT"}


def summarize(label, path, reason):
    """Returns (passed, failed, skipped) and prints the run's details."""
    try:
        with open(path) as f:
            data = json.load(f)
        tests = data["tests"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        why = reason or "no lit results (%s)" % e.__class__.__name__
        print("%s: FAILED to run: %s" % (label, why))
        return 0, 1, 0

    codes = {}
    failures = []
    for t in tests:
        code = t.get("code", "UNRESOLVED")
        codes[code] = codes.get(code, 0) + 1
        if code not in PASSED and code not in SKIPPED:
            failures.append("%s (%s)" % (t.get("name", "?"), code))
    passed = sum(n for c, n in codes.items() if c in PASSED)
    skipped = sum(n for c, n in codes.items() if c in SKIPPED)
    failed = len(tests) - passed - skipped
    detail = ", ".join("%s %d" % (c, codes[c]) for c in sorted(codes))
    print("%s: %d passed, %d failed, %d skipped (%s; %.1fs)" %
          (label, passed, failed, skipped, detail or "no tests",
           data.get("elapsed", 0.0)))
    for name in sorted(failures):
        print("  failed: %s" % name)
    if not tests:
        print("%s: FAILED: lit ran no test" % label)
        failed += 1
    return passed, failed, skipped


def main(argv):
    if not argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    total = [0, 0, 0]
    for arg in argv:
        label, _, rest = arg.partition("|")
        path, _, reason = rest.partition("|")
        for i, n in enumerate(summarize(label, path, reason)):
            total[i] += n
    passed, failed, skipped = total
    line = "%d passed, %d failed" % (passed, failed)
    if skipped:
        line += ", %d skipped" % skipped
    print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
