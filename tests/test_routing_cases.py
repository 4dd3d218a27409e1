"""Replay every case in docs/_data/routing-cases.yml against the real routing data, and check the
properties issue 13 asks of the shipped tree: safety first, every listed situation routed, short
routes, neutral fragments. (The mechanics are tested on fixtures in test_routing_validator.py.)"""

from __future__ import annotations

from pathlib import Path

from vpgids import routing

DOCS = Path(__file__).resolve().parent.parent / "docs"
ROLES = {"internal-vp", "external-vp", "integrity-vp", "complaints-committee", "reporting-procedure",
         "occupational-physician", "hr", "works-council"}
# Issue 13's situations: each must be the `situation:` of at least one case (a substring is enough).
SITUATIONS = [
    "acute danger", "thoughts of suicide", "not sure whether there is danger", "violence at home",
    "violence by a partner or someone at home", "sexual violence, recent", "sexual violence, longer ago",
    "a witness", "the confidential adviser is the problem", "perpetrator is HR, a director or the owner",
    "the organisation itself", "temp agency worker", "intern", "volunteer", "self-employed", "job applicant",
    "former employee", "retaliation after a harassment complaint", "retaliation after reporting a wrongdoing",
    "threats by a customer", "the accused person", "a manager who was told something",
    "work pressure that needs the GP", "wants it to stop", "formal complaint", "suspected wrongdoing",
]


def real_tree():
    return routing.load(roles=ROLES, helpline_ids=None, docs_dir=DOCS)


def reached(tree, *answers):
    node_id, error = routing.replay(tree, list(answers))
    assert not error, error
    return tree.nodes[node_id]


def test_every_case_reaches_its_outcome_and_every_outcome_has_a_case():
    tree = real_tree()
    cases = routing.load_cases()
    assert len(cases) >= 50
    assert routing.check_cases(tree, cases, "routing-cases.yml") == []


def test_every_situation_of_the_issue_has_a_case():
    named = [str(case.get("situation", "")) for case in routing.load_cases()]
    missing = [s for s in SITUATIONS if not any(s in n for n in named)]
    assert not missing, missing


def test_case_check_can_fail():
    tree = real_tree()
    cases = routing.load_cases()
    keep = [i for i, c in enumerate(cases) if c["outcome"] != "nu-gevaar"]
    broken = type(cases)(cases[i] for i in keep)
    broken.line, broken.lines = cases.line, [cases.lines[i] for i in keep]
    found = [str(p) for p in routing.check_cases(tree, broken, "cases")]
    assert found == ["cases:1: no case reaches the outcome 'nu-gevaar' — add a case with the answers that lead to it"]


def test_safety_comes_first():
    tree = real_tree()
    first = tree.nodes[tree.start]
    assert first.is_question and tree.answers(first)[-1].id == routing.NOT_SURE_ID
    danger = reached(tree, "gevaar")
    assert danger.helplines[0] == "alarmnummer-112"
    assert tree.nodes[danger.continue_to].is_question  # "geen acuut gevaar? Ga verder"
    assert {"113", "alarmnummer-112"} <= set(reached(tree, "zelfdoding").helplines)
    not_sure = reached(tree, routing.NOT_SURE_ID)
    assert {"113", "alarmnummer-112"} <= set(not_sure.helplines) and not_sure.continue_to
    assert "veilig-thuis" in reached(tree, "thuis").helplines


def test_domestic_and_sexual_violence_are_reachable_wherever_a_reader_may_describe_them():
    tree = real_tree()
    home = {"veilig-thuis"}
    for path in (["thuis"], ["nee", "thuis"], ["nee", "gedrag", "thuis"]):
        assert home <= set(reached(tree, *path).helplines), path
    for start in (["nee"], ["nee", "gedrag", "leidinggevende"], ["nee", "gedrag", "collega"],
                  ["nee", "gedrag", "buitenstaander"]):
        for when in ("kort-geleden", "langer-geleden", routing.NOT_SURE_ID):
            outcome = reached(tree, *start, "seksueel-geweld", when)
            assert "centrum-seksueel-geweld" in outcome.helplines, (start, when)
    assert reached(tree, "nee", "seksueel-geweld", "kort-geleden").id != \
        reached(tree, "nee", "seksueel-geweld", "langer-geleden").id


def test_not_sure_always_ends_with_someone_to_talk_to():
    tree = real_tree()
    for node in tree.questions:
        target = tree.nodes[tree.answers(node)[-1].next]
        assert not target.is_question
        assert set(target.contacts) & set(routing.VP_ROLES) or target.helplines, node.id


def test_routes_are_short():
    numbers = routing.stats(real_tree())
    assert numbers["max_depth"] <= 5
    steps = routing.unfold(real_tree())
    outcomes = [s for s in steps if not s.node.is_question]
    assert sum(1 <= s.number <= 4 for s in outcomes) / len(outcomes) > 0.8


def test_fragments_are_neutral_sequential_and_unique():
    steps = routing.unfold(real_tree())
    assert [s.fragment for s in steps] == [f"s{n}" for n in range(1, len(steps) + 1)]
    canonical = {s.node.id for s in steps if s.canonical}
    assert canonical == set(real_tree().nodes)
