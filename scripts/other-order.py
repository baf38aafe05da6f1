#!/usr/bin/env python3
"""Writes a labelled-titles CSV (product_name,brand[,language]) to standard output with each title that starts with its
brand followed by a Thai word group written in the other order: the group first, then the brand
("TOA ปลาฉลาม น้ำมันสน 2.3 กก." -> "ปลาฉลาม TOA น้ำมันสน 2.3 กก."). Other titles are written as they are.

Thai retailers put the brand before the product noun or after it; a file from one retailer mostly shows one order. Asking a
service about the same titles in the other order measures how much its answers rest on that order:

    python3 scripts/other-order.py ../shared/data/th_retail_dohome.csv > /tmp/dohome-other-order.csv
    scripts/eval.sh --first-run /tmp/dohome-other-order.csv

The counts of titles read and reordered go to standard error.
"""
import csv
import re
import sys

LEADING_GROUP = re.compile(r"([\u0e00-\u0e7f]+)(?= |$)")


def other_order(title, brand):
    if not brand or not title.lower().startswith(brand.lower() + " "):
        return None
    rest = title[len(brand) + 1:]
    group = LEADING_GROUP.match(rest)
    if not group:
        return None
    return group.group(1) + " " + title[:len(brand)] + rest[group.end():]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: other-order.py FILE.csv > OUT.csv")
    with open(sys.argv[1], newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        writer = csv.DictWriter(sys.stdout, fieldnames=reader.fieldnames, lineterminator="\n")
        writer.writeheader()
        read = reordered = 0
        for row in reader:
            read += 1
            title = other_order(row["product_name"], row["brand"])
            if title is not None:
                row["product_name"] = title
                reordered += 1
            writer.writerow(row)
    print(f"{read} titles read, {reordered} written in the other order", file=sys.stderr)


if __name__ == "__main__":
    main()
