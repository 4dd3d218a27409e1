"""The shipped CI examples: a content change runs the editors' check and keeps a preview; the project's
suite runs only for code changes; GitLab has a merge-request pipeline, not only Pages."""

from __future__ import annotations

import yaml

from support import ROOT


def load(path: str) -> dict:
    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


def test_github_pull_requests_run_the_editors_check_with_a_preview_and_tests_only_for_code():
    check = load(".github/workflows/check.yml")
    steps = check["jobs"]["check"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert any(run.startswith("./check --site-dir site-preview") for run in runs)
    assert any(step.get("uses", "").startswith("actions/upload-artifact") and step["with"]["path"] == "site-preview/"
               for step in steps)
    assert "test" not in check["jobs"], "the suite is not part of a content pull request's check"
    tests = load(".github/workflows/tests.yml")
    paths = tests[True]["pull_request"]["paths"]  # YAML reads the key `on` as True
    assert "hooks/**" in paths and "vpgids/**" in paths
    assert not [p for p in paths if p.startswith(("docs", "organisation"))]


def test_gitlab_merge_requests_run_the_editors_check_with_a_preview_and_tests_only_for_code():
    jobs = load("ci/gitlab-check.yml")
    editors = jobs["editors-check"]
    assert {"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'} in editors["rules"]
    assert "./check --site-dir site-preview" in editors["script"]
    assert editors["artifacts"]["paths"] == ["site-preview/"] and editors["artifacts"]["expose_as"]
    mr_rule = next(rule for rule in jobs["tests"]["rules"] if "merge_request_event" in rule["if"])
    assert "vpgids/**/*" in mr_rule["changes"] and not [c for c in mr_rule["changes"] if c.startswith("docs")]
    example = load("ci/gitlab-ci.example.yml")
    assert {"local": "ci/gitlab-check.yml"} in example["include"]
    assert any("merge_request_event" in rule["if"] for rule in example["workflow"]["rules"])
