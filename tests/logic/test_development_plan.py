"""The development plan's rules and exports, without any widget."""

from __future__ import annotations

import pytest

from widgets.activities import map_activity, plan_activity, rating_activity
from widgets.export.development_plan import md_escape, plan_html, plan_markdown, write_plan_files
from widgets.logic.development_plan import (
    MAX_ACTION_CHARS,
    MAX_ACTIONS,
    Plan,
    add_action,
    build_plan,
    catalogue_options,
    develop_first,
    hours_text,
    match_options,
    money,
    options_by_id,
    read_relationships,
    remove_action,
    saved_plan,
    totals,
    totals_sentences,
)
from widgets.logic.questionnaire import lowest_rated


def _relationship(importance, quality, role="Head of planning", **extra):
    return {"role": role, "category": "senior_manager", "importance": importance,
            "quality": quality, "action": "", **extra}  # fmt: skip


# actions ---------------------------------------------------------------------------------------
def test_add_action_tidies_the_text():
    assert add_action([], "  Meet the   monitoring officer\n monthly ") == [
        "Meet the monitoring officer monthly"
    ]


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_action_is_refused_in_a_plain_sentence(text):
    with pytest.raises(ValueError, match="Please write something you will keep doing"):
        add_action(["x"], text, "keep")


def test_too_long_duplicate_and_too_many_actions_are_refused():
    with pytest.raises(ValueError, match=f"{MAX_ACTION_CHARS} characters"):
        add_action([], "a" * (MAX_ACTION_CHARS + 1))
    with pytest.raises(ValueError, match="already in your list"):
        add_action(["Ask before I act"], "ask before I act")
    full = [f"action {n}" for n in range(MAX_ACTIONS)]
    with pytest.raises(ValueError, match="remove one"):
        add_action(full, "one more")


def test_remove_action():
    assert remove_action(["a", "b"], "a") == ["b"]
    with pytest.raises(ValueError, match="Choose an action"):
        remove_action(["a"], None)
    with pytest.raises(ValueError, match="Choose an action"):
        remove_action(["a"], "c")


def test_saved_plan_reads_good_entries_and_notes_damaged_ones():
    actions, options, notes = saved_plan(
        {"start": ["Listen first", 7, ""], "keep": "oops", "options": ["DEV2", "DEV99"]}
    )
    assert actions == {"start": ["Listen first"], "keep": [], "stop": []}
    assert options == ["DEV2"]
    assert len(notes) == 3
    assert all(n.endswith(".") for n in notes)


# relationships ---------------------------------------------------------------------------------
def test_develop_first_is_important_and_poor_biggest_gap_first():
    entries = {
        "e1": _relationship(4, 2, "Chief executive"),  # gap 2
        "e2": _relationship(5, 1, "Monitoring officer"),  # gap 4
        "e3": _relationship(5, 3, "Leader's PA"),  # quality too good
        "e4": _relationship(3, 1, "Ward partner"),  # not important enough
        "e5": _relationship(5, 2, "Head of housing"),  # gap 3
        "e10": _relationship(4, 2, "chief Executive"),  # gap 2: same role, later id
        "e11": _relationship(4, 2, "Audit manager"),  # gap 2, role first alphabetically
        "e12": _relationship(5, 3, "Leader's PA"),  # quality too good
        "e6": "damaged",
        "e7": _relationship("5", 1),
        "e8": _relationship(None, None, "Monitoring officer (suggested)"),  # not rated yet
    }
    chosen = develop_first(entries)
    assert [r.id for r in chosen] == ["e2", "e5", "e11", "e1", "e10"]
    _, unreadable = read_relationships(entries)
    assert unreadable == 2  # e6 and e7; e8 is simply not rated yet
    assert chosen[0].role == "Monitoring officer"
    assert chosen[0].category == "Senior manager"  # category id shown by its label


# matching --------------------------------------------------------------------------------------
def _gaps(framework, values, role, jurisdiction="england"):
    answers = {rating_activity(framework, "pre"): values}
    return lowest_rated(answers, role, jurisdiction)


def test_options_match_the_gap_framework_and_the_officer_role():
    gaps = _gaps("nos_sfjc21", {"P1": 1, "K2": 2}, "officer")
    ids = [o.id for o in match_options(gaps, [], "officer", "england")]
    assert set(ids) == {"DEV1", "DEV2", "DEV4", "DEV5", "DEV6", "DEV7"}  # all serve nos_sfjc21
    assert all("National Occupational Standard SFJC21" in o.reasons[0] for o in
               match_options(gaps, [], "officer", "england"))  # fmt: skip


def test_officer_only_options_are_not_offered_to_councillors():
    gaps = _gaps("councillor_skills", {"CS1": 1}, "councillor")
    ids = [o.id for o in match_options(gaps, [], "councillor", "england")]
    assert ids == ["DEV1", "DEV4"]  # both serve councillor_skills and suit councillors
    trust_gap = _gaps("trust", {"TB1": 1}, "councillor")
    assert "DEV2" not in [o.id for o in match_options(trust_gap, [], "councillor", "england")]
    assert "DEV2" in [o.id for o in match_options(trust_gap, [], "officer", "england")]


def test_relationships_to_develop_first_match_relationship_options():
    relationships = develop_first({"e1": _relationship(5, 1)})
    england = [o.id for o in match_options([], relationships, "councillor", "england")]
    assert england == ["DEV3", "DEV4"]  # serve health_check or trust and suit councillors
    scotland = [o.id for o in match_options([], relationships, "councillor", "scotland")]
    assert scotland == ["DEV4"]  # the workbook is for councils in England
    assert match_options([], [], "officer", "england") == []


def test_options_serving_more_gaps_come_first():
    gaps = _gaps("trust", {"TB1": 1}, "officer") + _gaps("nos_sfjc21", {"P1": 1}, "officer")
    relationships = develop_first({"e1": _relationship(5, 1)})
    matched = match_options(gaps, relationships, "officer", "england")
    counts = [len(o.reasons) for o in matched]
    assert counts == sorted(counts, reverse=True)
    assert matched[0].id == "DEV2"  # nos_sfjc21, health_check and trust


def test_catalogue_options_follow_role_and_jurisdiction():
    assert [o.id for o in catalogue_options("councillor", "scotland")] == ["DEV1", "DEV4"]
    assert len(catalogue_options()) == 7


# totals ----------------------------------------------------------------------------------------
def test_totals_add_hours_and_known_costs():
    chosen = options_by_id(["DEV2", "DEV7", "DEV5"])
    summary = totals(chosen)
    assert summary.hours == 7 + 108 + 3
    assert summary.cost_gbp == 304 + 1405
    assert summary.unknown_cost == ("Political Awareness Training",)
    sentences = totals_sentences(summary)
    assert sentences[0] == "Total time: about 118 hours."
    assert sentences[1].startswith("Total cost: £1,709, plus VAT on ‘Working with elected")
    assert "not stated" in sentences[2] and "Political Awareness Training" in sentences[2]


def test_totals_when_nothing_or_only_unknown_costs_are_chosen():
    assert totals_sentences(totals([])) == ["You have not chosen any development options yet."]
    only_unknown = totals_sentences(totals(options_by_id(["DEV1", "DEV5"])))
    assert only_unknown[0] == "Total time: about 4 hours."
    assert not any(s.startswith("Total cost") for s in only_unknown)
    assert "are not stated" in only_unknown[1]


def test_money_and_hours_read_naturally():
    assert money(1405) == "£1,405"
    assert money(304.5) == "£304.50"
    assert hours_text(1) == "1 hour"
    assert hours_text(1.5) == "1.5 hours"


# the plan and its exports ----------------------------------------------------------------------
@pytest.fixture
def answers():
    return {
        rating_activity("trust", "pre"): {"TB1": 1, "TB2": 5, "TB3": 2},
        rating_activity("nos_sfjc21", "pre"): {"P1": 2, "P2": 9},
        map_activity(): {"e1": _relationship(5, 1, "Head of <b>planning</b>", action="Meet")},
        plan_activity(): {
            "start": ["Ask <script>alert('x')</script> & listen"],
            "keep": ["Weekly catch-up with my | director"],
            "stop": ["- Sending emails late at night"],
            "options": ["DEV2", "DEV5"],
        },
        "reflect.challenge2": {"text": "A private reflection about someone else"},
    }


def test_build_plan_proposes_own_lowest_items_and_develop_first_relationships(answers):
    plan, notes = build_plan(answers, "officer", "england", "pre")
    assert notes == []
    assert [g.item.id for g in plan.gaps] == ["TB1", "P1", "TB3"]  # TB2 is at the top; P2 bad
    assert [r.id for r in plan.relationships] == ["e1"]
    assert plan.start == ["Ask <script>alert('x')</script> & listen"]
    assert [o.id for o in plan.options] == ["DEV2", "DEV5"]


def test_markdown_holds_the_actions_with_participant_markup_escaped(answers):
    plan, _ = build_plan(answers, "officer", "england")
    text = plan_markdown(plan)
    assert text.startswith("# My development plan\n")
    for heading in ("Things I will start doing", "Things I will keep doing", "Things I will stop"):
        assert f"## {heading}" in text
    assert r"- Ask \<script\>alert('x')\</script\> \& listen" in text
    assert "<script>" not in text
    assert r"Weekly catch-up with my \| director" in text  # cannot break a table
    assert r"- \- Sending emails late at night" in text  # not a nested list
    assert "Head of \\<b\\>planning\\</b\\>" in text
    assert "Total time: about 10 hours." in text
    assert "£304.00 + VAT" in text


def test_html_is_self_contained_escaped_and_has_headings_and_tables(answers):
    plan, _ = build_plan(answers, "officer", "england")
    page = plan_html(plan)
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in page and '<meta charset="utf-8">' in page
    assert "<h1>My development plan</h1>" in page
    assert "<h2>Things I will start doing</h2>" in page
    assert "Ask &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; listen" in page
    assert "<script" not in page and "<b>planning" not in page
    assert page.count("<table>") == 3 and '<th scope="col">' in page
    assert "src=" not in page and "<link" not in page and "http" not in page


def test_exports_hold_only_the_participants_own_plan(answers):
    plan, _ = build_plan(answers, "officer", "england")
    for text in (plan_markdown(plan), plan_html(plan)):
        assert "private reflection" not in text
        assert "p-test" not in text


def test_an_empty_plan_exports_plain_sentences():
    text = plan_markdown(Plan(made_on="1 May 2026"))
    assert "Nothing written yet." in text
    assert "No self-ratings yet." in text
    assert "You have not chosen any development options yet." in text
    assert "Nothing written yet." in plan_html(Plan())


def test_md_escape_keeps_ordinary_words():
    assert md_escape("Meet Sam (finance) on 3 May.") == "Meet Sam (finance) on 3 May."
    assert md_escape("1. first") == r"1\. first"
    assert md_escape("[link](http://x)") == r"\[link\](http://x)"


def test_write_plan_files(answers, tmp_path):
    plan, _ = build_plan(answers, "officer", "england")
    paths = write_plan_files(plan, tmp_path / "out")
    assert [p.name for p in paths] == ["my_development_plan.md", "my_development_plan.html"]
    assert paths[0].read_text(encoding="utf-8") == plan_markdown(plan)
    assert paths[1].read_text(encoding="utf-8") == plan_html(plan)


def test_suggestions_can_be_kept_to_the_best_few():
    gaps = _gaps("nos_sfjc21", {"P1": 1, "K2": 2}, "officer")
    assert len(match_options(gaps, [], "officer", "england", limit=3)) == 3


def test_a_low_rating_of_the_other_side_is_not_a_gap_of_your_own():
    from widgets import tables

    about = {r["id"]: r["expected_of"] for r in tables.table("health_check")}
    ratings = dict.fromkeys(about, 1)
    for role in ("officer", "councillor"):
        gaps = _gaps("health_check", ratings, role)
        assert gaps and {about[g.item.id] for g in gaps} == {role}
