"""Evaluation harness: golden cases, metrics, baselines, reports and run comparison."""
