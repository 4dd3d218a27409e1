"""Replay every case in docs/_data/routing-cases.yml against the real routing data."""

from __future__ import annotations

from pathlib import Path

from vpgids import routing

DOCS = Path(__file__).resolve().parent.parent / "docs"
ROLES = {"internal-vp", "external-vp", "integrity-vp", "complaints-committee", "reporting-procedure",
         "occupational-physician", "hr", "works-council"}


def real_tree():
    return routing.load(roles=ROLES, helpline_ids=None, docs_dir=DOCS)


def test_every_case_reaches_its_outcome_and_every_outcome_has_a_case():
    tree = real_tree()
    assert routing.check_cases(tree, routing.load_cases(), "routing-cases.yml") == []


def test_case_check_can_fail():
    tree = real_tree()
    cases = routing.load_cases()
    broken = type(cases)(cases[1:])  # drop the only case for the 112 outcome
    broken.line, broken.lines = cases.line, cases.lines[1:]
    found = [str(p) for p in routing.check_cases(tree, broken, "cases")]
    assert found == ["cases:1: no case reaches the outcome 'nu-gevaar' — add a case with the answers that lead to it"]


def test_safety_comes_first():
    tree = real_tree()
    first = tree.nodes[tree.start]
    assert first.is_question
    targets = {a.id: tree.nodes[a.next] for a in first.answers}
    assert "alarmnummer-112" in targets["gevaar"].helplines
    assert "113" in targets["zelfdoding"].helplines


def test_every_question_offers_not_sure_to_the_no_wrong_door_outcome():
    tree = real_tree()
    for node in tree.questions:
        last = tree.answers(node)[-1]
        assert (last.id, last.next) == (routing.NOT_SURE_ID, tree.not_sure)


def test_routes_are_short():
    numbers = routing.stats(real_tree())
    assert numbers["max_depth"] <= 4
    steps = routing.unfold(real_tree())
    outcomes = [s for s in steps if not s.node.is_question]
    assert sum(2 <= s.number <= 4 for s in outcomes) / len(outcomes) > 0.7


def test_step_addresses_are_stable_neutral_and_unique():
    steps = routing.unfold(real_tree())
    slugs = [s.slug for s in steps]
    assert len(set(slugs)) == len(slugs)
    assert all(s.startswith("stap-") and len(s) == 11 for s in slugs)
    canonical = {s.node.id: s.slug for s in steps if s.canonical}
    assert canonical["veiligheid"] == "stap-" + routing._hash("veiligheid")
    assert len(canonical) == len(real_tree().nodes)

