"""The relationship map's rules: checking entries, develop-first, suggestions, layout, export."""

from __future__ import annotations

import csv
import io
import math
import subprocess
import sys

import pytest

from widgets import tables
from widgets.logic import relationship_map as rm


def entry(role, category="senior_manager", importance=None, quality=None, action=""):
    return {
        "role": role,
        "category": category,
        "importance": importance,
        "quality": quality,
        "action": action,
    }


# checking entries ------------------------------------------------------------------------------


def test_validate_cleans_spaces_and_keeps_ratings():
    clean = rm.validate_entry(entry("  Head   of Housing ", importance="4", quality=2.0), {})
    assert clean == entry("Head of Housing", importance=4, quality=2)
    assert isinstance(clean["importance"], int)


@pytest.mark.parametrize("role", ["", "   ", None])
def test_empty_role_is_one_plain_sentence(role):
    with pytest.raises(rm.EntryProblem, match="Please type a role"):
        rm.validate_entry(entry(role), {})


def test_duplicate_role_ignores_case_and_spaces_but_not_itself():
    entries = {"e1": entry("Monitoring Officer")}
    with pytest.raises(rm.EntryProblem, match="already on your map"):
        rm.validate_entry(entry("monitoring  OFFICER"), entries)
    # changing the entry itself is not a duplicate of itself
    assert rm.validate_entry(entry("Monitoring officer", importance=5), entries, editing="e1")


@pytest.mark.parametrize("bad", [0, 6, -1, 2.5, "high", True, [3]])
def test_rating_off_the_scale_is_refused(bad):
    with pytest.raises(rm.EntryProblem, match="whole number from 1 to 5"):
        rm.validate_entry(entry("Clerk", importance=bad), {})
    with pytest.raises(rm.EntryProblem, match="How good it is now"):
        rm.validate_entry(entry("Clerk", quality=bad), {})


def test_unknown_category_and_long_text_are_refused():
    with pytest.raises(rm.EntryProblem, match="choose a category"):
        rm.validate_entry(entry("Clerk", category="friends"), {})
    with pytest.raises(rm.EntryProblem, match="80 characters"):
        rm.validate_entry(entry("x" * 81), {})
    with pytest.raises(rm.EntryProblem, match="300 characters"):
        rm.validate_entry(entry("Clerk", action="y" * 301), {})


@pytest.mark.parametrize(
    "role",
    ["Jane Smith", "Siân Jones", "Dr Patel", "Cllr Brown", "Mrs. O'Neill", "Councillor Smith"],
)
def test_personal_names_are_spotted(role):
    assert rm.looks_like_name(role)


@pytest.mark.parametrize(
    "role",
    [
        "Monitoring Officer",
        "Head of Housing",
        "Chief Executive",
        "NHS Lothian",
        "Democratic Services",
        "ward councillors",
        "Councillor Services Manager",
        "Chief Social Work Officer",
    ],
)
def test_roles_are_not_taken_for_names(role):
    assert not rm.looks_like_name(role)


def test_a_name_is_still_allowed():
    assert rm.validate_entry(entry("Jane Smith"), {})["role"] == "Jane Smith"


# adding, changing, removing --------------------------------------------------------------------


def test_add_edit_remove_return_new_dicts_with_stable_ids():
    entries, first = rm.add_entry({}, entry("Clerk"))
    entries, second = rm.add_entry(entries, entry("Head of Planning"))
    assert (first, second) == ("e1", "e2")
    changed = rm.edit_entry(entries, "e1", entry("Clerk", importance=3))
    assert changed["e1"]["importance"] == 3 and entries["e1"]["importance"] is None
    removed = rm.remove_entry(changed, "e2")
    assert list(removed) == ["e1"] and "e2" in changed


def test_ids_are_never_reused_after_a_removal():
    entries, _ = rm.add_entry({}, entry("A role"))
    entries, last = rm.add_entry(entries, entry("B role"))
    entries = rm.remove_entry(entries, last)
    _, new = rm.add_entry(entries, entry("C role"), high_water=rm.id_number(last))
    assert new == "e3"
    assert rm.next_id({"e9": {}, "e10": {}}) == "e11"


def test_unknown_entry_id_is_one_plain_sentence():
    with pytest.raises(rm.EntryProblem, match="no longer on your map"):
        rm.edit_entry({}, "e4", entry("Clerk"))
    with pytest.raises(rm.EntryProblem, match="no longer on your map"):
        rm.remove_entry({"e1": entry("Clerk")}, "e4")


def test_ordered_sorts_by_number_not_text():
    entries = {"e10": entry("Ten"), "e2": entry("Two"), "e1": entry("One")}
    assert [i for i, _ in rm.ordered(entries)] == ["e1", "e2", "e10"]


def test_load_entries_mends_damaged_values_and_keeps_the_rest():
    saved = {
        "e1": entry("Clerk", importance=9, quality=3),
        "e2": "not a dict",
        "e3": entry("Head of Finance", category="unknown"),
        "e4": entry(""),
    }
    entries, problems = rm.load_entries(saved)
    assert list(entries) == ["e1", "e3"]
    assert entries["e1"]["importance"] is None and entries["e1"]["quality"] == 3
    assert entries["e3"]["category"] == rm.categories()[0]["id"]
    assert len(problems) == 4


# develop first ---------------------------------------------------------------------------------


def test_develop_first_orders_by_gap_then_role():
    entries = {
        "e1": entry("Zeta", importance=4, quality=2),  # gap 2
        "e2": entry("Alpha", importance=5, quality=1),  # gap 4
        "e3": entry("beta", importance=4, quality=2),  # gap 2, sorts before Zeta
        "e4": entry("Gamma", importance=5, quality=2),  # gap 3
        "e5": entry("Delta", importance=3, quality=1),  # not important enough
        "e6": entry("Epsilon", importance=5, quality=3),  # not weak enough
        "e7": entry("Unrated", importance=5),  # quality not rated
    }
    assert [e["role"] for _, e in rm.develop_first(entries)] == ["Alpha", "Gamma", "beta", "Zeta"]
    text = rm.develop_first_text(entries)
    assert text.index("Alpha") < text.index("Gamma") < text.index("beta") < text.index("Zeta")
    assert "Delta" not in text


def test_develop_first_text_when_there_is_none():
    assert "nothing you must develop first" in rm.develop_first_text({"e1": entry("Clerk")})


def test_quadrants():
    assert rm.quadrant(entry("a", importance=4, quality=2)) == "develop"
    assert rm.quadrant(entry("a", importance=4, quality=3)) == "keep"
    assert rm.quadrant(entry("a", importance=3, quality=2)) == "improve"
    assert rm.quadrant(entry("a", importance=3, quality=3)) == "touch"
    assert rm.quadrant(entry("a", importance=3)) is None


# suggestions -----------------------------------------------------------------------------------


@pytest.mark.parametrize("jurisdiction", ["england", "scotland"])
def test_suggestions_are_the_jurisdictions_statutory_officers(jurisdiction):
    titles = [r["title"] for r in tables.items("statutory_officers", jurisdiction=jurisdiction)]
    assert rm.suggestions(jurisdiction, {}) == titles
    assert len(titles) == len(set(titles)) >= 4


def test_suggestions_differ_between_england_and_scotland():
    assert "Chief Social Work Officer" in rm.suggestions("scotland", {})
    assert "Chief Social Work Officer" not in rm.suggestions("england", {})
    assert "Director of Public Health" in rm.suggestions("england", {})


def test_suggestions_skip_roles_already_present_and_never_duplicate():
    entries = {"e1": entry("  monitoring officer ", category="statutory_officer")}
    assert "Monitoring Officer" not in rm.suggestions("scotland", entries)
    added, new_ids = rm.add_suggestions(entries, "scotland")
    roles = [rm.role_key(e["role"]) for e in added.values()]
    assert len(roles) == len(set(roles)) == 6
    assert all(added[i]["category"] == "statutory_officer" for i in new_ids)
    assert all(added[i]["importance"] is None and added[i]["quality"] is None for i in new_ids)
    again, more = rm.add_suggestions(added, "scotland")
    assert more == [] and again == added


def test_suggestions_need_a_jurisdiction():
    with pytest.raises(rm.EntryProblem, match="England or Scotland"):
        rm.suggestions("", {})


# layout ----------------------------------------------------------------------------------------


def test_map_layout_is_on_the_circle_grouped_by_category():
    entries = {
        "e1": entry("A", category="community"),
        "e2": entry("B", category="statutory_officer"),
        "e3": entry("C", category="community"),
        "e4": entry("D", category="statutory_officer"),
    }
    positions = rm.map_layout(entries)
    assert set(positions) == set(entries)
    for x, y, _ in positions.values():
        assert math.isclose(math.hypot(x, y), 1.0, abs_tol=1e-6)
    # the first category in the course's order starts at the top and goes clockwise
    assert positions["e2"][:2] == pytest.approx((0.0, 1.0))
    order = sorted(positions, key=lambda i: (90 - positions[i][2]) % 360)
    assert order == ["e2", "e4", "e1", "e3"]
    # a gap between the groups: six slots for four entries in two groups
    step = 360 / 6
    assert (positions["e2"][2] - positions["e4"][2]) % 360 == pytest.approx(step)
    assert (positions["e4"][2] - positions["e1"][2]) % 360 == pytest.approx(2 * step)


def test_map_layout_of_one_and_none():
    assert rm.map_layout({}) == {}
    assert rm.map_layout({"e1": entry("A")})["e1"][:2] == pytest.approx((0.0, 1.0))


def test_grid_layout_stacks_points_that_share_a_cell_deterministically():
    entries = {
        "e1": entry("B", importance=5, quality=1),
        "e2": entry("A", importance=5, quality=1),
        "e3": entry("C", importance=5, quality=1),
        "e4": entry("Alone", importance=2, quality=4),
        "e5": entry("Unrated", importance=2),
    }
    positions = rm.grid_layout(entries)
    assert "e5" not in positions
    assert positions["e4"] == (4.0, 2.0)
    a, b, c = (positions[i] for i in ("e2", "e1", "e3"))
    assert a[0] == b[0] == c[0] == 1.0
    assert a[1] > b[1] > c[1]  # in order of role, from the top
    assert b[1] == pytest.approx(5.0) and a[1] - 5 == pytest.approx(5 - c[1])
    assert all(abs(y - 5) <= rm.STACK / 2 for _, y in (a, b, c))
    reversed_order = dict(reversed(list(entries.items())))
    assert rm.grid_layout(reversed_order) == positions


def test_grid_layout_keeps_a_crowded_cell_inside_its_row():
    entries = {f"e{i}": entry(f"Role {i}", importance=3, quality=3) for i in range(1, 11)}
    ys = sorted(y for _, y in rm.grid_layout(entries).values())
    assert len(set(ys)) == 10 and ys[0] >= 3 - rm.STACK / 2 and ys[-1] <= 3 + rm.STACK / 2


def test_map_labels_sit_outside_their_nodes():
    entries = {f"e{i}": entry(f"Role {i}") for i in range(1, 4)}
    nodes = rm.map_layout(entries)
    for entry_id, (x, y, _ha, _va, rotation) in rm.map_labels(entries).items():
        nx, ny, _ = nodes[entry_id]
        assert rotation == 0.0
        assert math.hypot(x, y) == pytest.approx(rm.LABEL_NEAR)
        assert (x, y) == pytest.approx((nx * rm.LABEL_NEAR, ny * rm.LABEL_NEAR))
    top = rm.map_labels(entries)["e1"]
    assert top[2:4] == ("center", "bottom")


def test_map_labels_of_a_crowded_map_run_along_rays_and_never_upside_down():
    entries = {f"e{i}": entry(f"Role {i}") for i in range(1, rm.CROWDED + 3)}
    nodes = rm.map_layout(entries)
    for entry_id, (x, y, ha, va, rotation) in rm.map_labels(entries).items():
        nx, ny, angle = nodes[entry_id]
        assert (x, y) == pytest.approx((nx * rm.LABEL_RAY, ny * rm.LABEL_RAY))
        assert -90 <= rotation <= 90 and va == "center"
        assert ha == ("left" if nx >= -1e-9 else "right")
        turn = (rotation - angle) % 180  # the text lies along the ray, one way or the other
        assert min(turn, 180 - turn) == pytest.approx(0, abs=1e-6)


# words, rows, CSV ------------------------------------------------------------------------------


def test_to_rows_shows_labels_and_not_rated_yet():
    entries = {"e2": entry("Clerk", importance=5, quality=1, action="Meet"), "e1": entry("Chief")}
    rows = rm.to_rows(entries)
    assert rows[0] == ["Chief", "Senior manager", "not rated yet", "not rated yet", ""]
    assert rows[1] == ["Clerk", "Senior manager", "5 (Essential)", "1 (Poor)", "Meet"]


def test_alt_texts_summarise():
    entries = {
        "e1": entry("Monitoring Officer", category="statutory_officer", importance=5, quality=1),
        "e2": entry("Head of Planning", importance=2, quality=4),
        "e3": entry("Ward surgery team", category="community"),
    }
    map_alt = rm.map_alt(entries)
    assert "3 relationships" in map_alt
    assert "Statutory officer (1), Senior manager (1) and Community (1)" in map_alt
    assert "Develop first: Monitoring Officer" in map_alt and "1 is not rated yet" in map_alt
    grid_alt = rm.grid_alt(entries)
    assert "2 rated relationships" in grid_alt
    assert "Develop first: Monitoring Officer" in grid_alt
    assert "Keep in touch: Head of Planning" in grid_alt
    assert "no relationships added yet" in rm.map_alt({})
    assert "no points yet" in rm.grid_alt({"e1": entry("Clerk")})


def test_csv_has_a_header_and_escapes_commas_and_quotes():
    entries = {
        "e1": entry('Head of "Roads, Waste"', importance=4, quality=2, action="Ask, then listen"),
        "e2": entry("Oifigear Gàidhlig – Siân", category="community"),
        "e3": entry("=SUM(A1)", action="@risk"),
    }
    text = rm.entries_csv(entries)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == rm.CSV_HEADER
    assert rows[1] == [
        "e1",
        'Head of "Roads, Waste"',
        "Senior manager",
        "4",
        "2",
        "Ask, then listen",
    ]
    assert rows[2] == ["e2", "Oifigear Gàidhlig – Siân", "Community", "", "", ""]
    assert rows[3][1] == "'=SUM(A1)" and rows[3][5] == "'@risk"
    assert '"Head of ""Roads, Waste"""' in text


def test_csv_of_no_entries_is_just_the_header():
    assert rm.entries_csv({}) == ",".join(rm.CSV_HEADER) + "\r\n"


def test_logic_imports_neither_ipywidgets_nor_matplotlib():
    code = (
        "import sys, widgets.logic.relationship_map as m; "
        "print(any(n in sys.modules for n in ('ipywidgets', 'matplotlib')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
