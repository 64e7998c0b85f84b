"""The personal-data corpus (tests/fixtures/pii_corpus.tsv): leaks and false redactions
per class, for the redactor alone and for a whole built site per field.

    python scripts/pii_report.py            # this checkout
    PYTHONPATH=other/checkout python scripts/pii_report.py --redactor-only

Per field, the corpus goes into that field only (post, survey verbatim, issue next
step, issue category, issue owner), the site is built, and every output file is searched
for each string that must go.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def redactor() -> object:
    try:
        from cxsite.privacy import Privacy, redact

        privacy = Privacy(
            region="GB",
            countries=("BR", "ES", "US", "FR", "PL", "DE", "IE"),
            patterns=(r"\bHM[HM]-\d{7}\b",),
        )
        return lambda text: redact(text, privacy)
    except ImportError:
        from cxsite.stats.text.redact import redact as old

        return lambda text: old(text, [r"\bHM[HM]-\d{7}\b"])


def corpus() -> list[dict[str, str]]:
    with (ROOT / "tests/fixtures/pii_corpus.tsv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def redactor_table() -> None:
    run = redactor()
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for row in corpus():
        out = run(row["text"])  # type: ignore[operator]
        c = table[row["class"]]
        c[row["expect"]] += 1
        if row["expect"] == "redact" and row["secret"] in out:
            c["leaked"] += 1
        if row["expect"] == "keep" and out != row["text"]:
            c["falsely redacted"] += 1
    print("redactor alone: class | must go | leaked | must stay | falsely redacted")
    for name, c in sorted(table.items()):
        print(
            f"  {name:14} | {c['redact']:3} | {c['leaked']:3} | {c['keep']:3} | {c['falsely redacted']:3}"
        )


def site_table() -> None:
    import test_privacy_site as t

    from cxsite.build import build

    rows = corpus()
    secrets = [r for r in rows if r["expect"] == "redact"]
    classes = sorted({r["class"] for r in secrets})
    print("whole site per field (strings that must go, leaked into any output file):")
    print("  field          | " + " | ".join(f"{c}" for c in classes) + " | total")
    harmless = {"text": "Thanks, all fine."}
    for field in t.FIELDS:
        with tempfile.TemporaryDirectory() as temp:
            root = Path(temp)
            filled = [dict(r) for r in rows]
            # only this field carries the corpus; the others carry harmless text
            project = t.corpus_project(root / "proj", filled)
            _blank_other_fields(project, field, harmless["text"], len(rows))
            build(project, out=root / "site")
            site = "\n".join(
                p.read_text(encoding="utf-8", errors="replace")
                for p in (root / "site").rglob("*")
                if p.is_file()
            )
        leaked = Counter(
            r["class"] for r in secrets if any(f in site for f in t.forms(r["secret"]))
        )
        total = Counter(r["class"] for r in secrets)
        cells = " | ".join(f"{leaked[c]}/{total[c]}" for c in classes)
        print(f"  {field:14} | {cells} | {sum(leaked.values())}/{len(secrets)}")


def _blank_other_fields(project: Path, field: str, text: str, n: int) -> None:
    survey = project / "data" / "survey.csv"
    posts = project / "data" / "posts.csv"
    issues = project / "data" / "issues.csv"
    if field != "verbatim":
        _set_column(survey, "Text", text)
    if field != "comment":
        _set_column(posts, "Body", text)
    for name, column in (
        ("issue action", "Next"),
        ("issue category", "Cat"),
        ("issue owner", "Who"),
    ):
        if field != name:
            _set_column(issues, column, text)


def _set_column(path: Path, column: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row[column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--redactor-only", action="store_true")
    args = parser.parse_args()
    redactor_table()
    if not args.redactor_only:
        site_table()


if __name__ == "__main__":
    main()
