#!/usr/bin/env python3
"""The mutation score of the money code across every module's tests.

Run after the README's mutation command ("Proving the books"): each module's PIT report
(target/pit-reports/mutations.xml) scores the money classes against that module's own
tests. A mutant is killed when any module's tests kill it (or time out on it, which PIT
also counts as detected), so this merges the reports mutant by mutant, prints the score
per class and the survivors, and exits 1 below --min (default 90).
"""
import argparse
import collections
import pathlib
import sys
import xml.etree.ElementTree as ElementTree

DETECTED = {"KILLED", "TIMED_OUT", "MEMORY_ERROR"}


def mutants(root):
    for report in sorted(root.glob("**/target/pit-reports*/mutations.xml")):
        try:
            tree = ElementTree.parse(report)
        except ElementTree.ParseError as error:
            sys.exit(f"cannot read {report} ({error}): is a PIT run still writing it?")
        for mutation in tree.getroot().iter("mutation"):
            def field(name):
                element = mutation.find(name)
                if element is None:
                    return ""
                # <indexes> and <blocks> hold a list: its items tell mutants on one line apart
                return ",".join(text.strip() for text in element.itertext() if text.strip())
            key = (field("mutatedClass"), field("mutatedMethod"), field("methodDescription"),
                   field("lineNumber"), field("mutator"), field("indexes"), field("description"))
            yield key, mutation.get("status"), report.parts[-4]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min", type=float, default=90.0, help="lowest acceptable score, in percent")
    parser.add_argument("--root", default=str(pathlib.Path(__file__).resolve().parent.parent))
    args = parser.parse_args()

    detected = {}
    for key, status, _module in mutants(pathlib.Path(args.root)):
        detected[key] = detected.get(key, False) or status in DETECTED
    if not detected:
        print("no PIT reports found: run the README's mutation command first", file=sys.stderr)
        return 2

    per_class = collections.defaultdict(lambda: [0, 0])
    survivors = []
    for key, killed in sorted(detected.items()):
        outer = key[0].split("$")[0]
        per_class[outer][0] += 1
        per_class[outer][1] += killed
        if not killed:
            survivors.append(key)

    print(f"{'class':<70} {'killed':>7} {'total':>6} {'score':>7}")
    for name, (total, killed) in sorted(per_class.items()):
        print(f"{name:<70} {killed:>7} {total:>6} {100.0 * killed / total:>6.1f}%")
    total = len(detected)
    killed = sum(detected.values())
    score = 100.0 * killed / total
    print(f"{'all money classes':<70} {killed:>7} {total:>6} {score:>6.1f}%")
    print(f"\nsurvivors ({len(survivors)}):")
    for mutated_class, method, _descriptor, line, _mutator, _indexes, description in survivors:
        print(f"  {mutated_class.split('.')[-1]}.{method} line {line}: {description}")
    return 0 if score >= args.min else 1


if __name__ == "__main__":
    sys.exit(main())
