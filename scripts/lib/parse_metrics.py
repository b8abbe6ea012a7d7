#!/usr/bin/env python3
"""Reads the Prometheus text format on stdin with prometheus_client's own parser (the one
Prometheus's Python client ships) and prints, as JSON, each family with its type and its
samples: {family: {"type": t, "samples": [[name, labels, value], ...]}}. Text the parser
cannot read makes it exit non-zero. The tests of /metrics run it (scripts/test installs
prometheus_client from PyPI)."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

out = {}
for family in text_string_to_metric_families(sys.stdin.read()):
    out[family.name] = {"type": family.type, "samples": [[s.name, s.labels, s.value] for s in family.samples]}
print(json.dumps(out))
