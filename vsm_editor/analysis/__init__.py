"""Headless analysis of a map: the flow graph, checks returning findings, coverage and
flow metrics. Never imports Qt."""
