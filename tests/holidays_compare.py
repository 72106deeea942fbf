#!/usr/bin/env python3
"""Compare the bundled holiday calendars with the PyPI `holidays` package.

For each bundled year (calendars/id-*.toml) the script puts our days side by side with the
package's Indonesian days: our `[[holiday]]` against its "public" category and our
`[[cuti_bersama]]` against its "government" category (cuti bersama). It prints every
difference and exits 1 when a difference is not justified by a `[[known_difference]]` table
(date + reason) in that year's file, or when a justification no longer matches any difference
(so stale notes do not pile up). It exits 0 when everything agrees.

    pip install holidays
    python3 tests/holidays_compare.py            # every calendars/id-*.toml
    python3 tests/holidays_compare.py 2025       # one year
    python3 tests/holidays_compare.py --dir DIR  # the id-*.toml files of another folder
"""

import sys
import tomllib
from pathlib import Path

CALENDARS = Path(__file__).resolve().parent.parent / "calendars"

# Our list names and the `holidays` category that holds the same kind of day.
KINDS = {"holiday": "public", "cuti_bersama": "government"}


def load_ours(path):
    """Return (year, {date: kind}, {date: reason}) from one bundled year file."""
    with path.open("rb") as f:
        data = tomllib.load(f)
    days = {}
    for kind in KINDS:
        for entry in data.get(kind, []):
            days[entry["date"]] = kind
    known = {k["date"]: k["reason"] for k in data.get("known_difference", [])}
    return data["year"], days, known


def load_package(year):
    """Return ({date: kind}, description of what was compared) from the `holidays` package."""
    import holidays

    supported = getattr(holidays.ID, "supported_categories", ("public",))
    days = {}
    for kind, category in KINDS.items():
        if category not in supported:
            continue
        for date in holidays.country_holidays("ID", years=year, categories=(category,)):
            # A date in both categories would be odd; keep the public one.
            days.setdefault(date, kind)
    compared = [k for k, c in KINDS.items() if c in supported]
    return days, f"holidays {holidays.__version__}, categories {sorted(KINDS[k] for k in compared)}", compared


def differences(ours, theirs):
    """Yield (date, text) for each date on which the two calendars disagree."""
    for date in sorted(set(ours) | set(theirs)):
        a, b = ours.get(date), theirs.get(date)
        if a == b:
            continue
        if b is None:
            yield date, f"bundled lists it as {a}, the package does not list it"
        elif a is None:
            yield date, f"the package lists it as {b}, the bundled calendar does not"
        else:
            yield date, f"bundled lists it as {a}, the package as {b}"


def check_year(path):
    """Compare one year; return True when it passes."""
    year, ours, known = load_ours(path)
    theirs, what, compared = load_package(year)
    # An old package without the "government" category cannot speak about cuti bersama.
    ours = {d: k for d, k in ours.items() if k in compared}
    print(f"{path.name}: {len(ours)} bundled days, {len(theirs)} package days ({what})")
    ok = True
    found = set()
    for date, text in differences(ours, theirs):
        found.add(date)
        if date in known:
            print(f"  justified  {date} ({date:%a}): {text}\n             reason: {known[date]}")
        else:
            print(f"  DIFFERENT  {date} ({date:%a}): {text}")
            ok = False
    for date in sorted(set(known) - found):
        print(f"  STALE      {date}: listed as a known difference, but both calendars agree")
        ok = False
    return ok


def main(argv):
    try:
        import holidays  # noqa: F401
    except ImportError:
        print("holidays_compare: the `holidays` package is missing; install it with `pip install holidays`")
        return 1
    calendars = CALENDARS
    if argv[:1] == ["--dir"] and len(argv) >= 2:
        calendars, argv = Path(argv[1]), argv[2:]
    paths = sorted(calendars.glob("id-*.toml"))
    if argv:
        paths = [p for p in paths if p.stem.removeprefix("id-") in argv]
    if not paths:
        print("holidays_compare: no calendar file to compare")
        return 1
    results = [check_year(p) for p in paths]
    passed = sum(results)
    print(f"holidays_compare: {passed} passed, {len(results) - passed} failed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
