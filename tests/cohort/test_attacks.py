"""The attack suite: a hostile analyst with only the report's outputs (HTML text, CSV, Excel) of
real ``commonground report`` runs on hand-built cohorts.

Each attack is a sound *feasibility* attacker: it keeps every answer that agrees with every
published number under the bounds the README states (a count ``k`` is a true count from ``k - 4``
to ``k + 4``, an exact multiple of 5 is exact; a mean of ``n`` people is within ``range / n +
0.05``) and calls an answer recovered when only one is left. Each attacker is first played against
the exact numbers, where it must recover everything (so the attack is real), then against the
report, where it must recover nothing. The best-guess rates are printed for the issue's notes.

The noise depends on the pseudonym key, so every attack is played under several keys, each a
seeded draw (a failure names the key that made it, and reruns see the same keys): under the
first, the outputs are those of the real command (HTML, CSV and Excel); under the others, the CSV
files the same report writes (drawing the charts would add nothing to what is attacked).
"""

from __future__ import annotations

import itertools
import json
import random
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.cohort.conftest import seeded_key, write_answers
from widgets import tables
from widgets.cli import main
from widgets.cohort import build_report, load_cohort
from widgets.cohort.disclosure import BASE, HIDDEN
from widgets.synth import check_answer, scenario_path

TRUST = [r["id"] for r in tables.table("trust")]
HC = [r["id"] for r in tables.table("health_check")][:8]
CS = [r["id"] for r in tables.table("councillor_skills")][:6]
CHECKS = ["roles_policy", "roles_staff"]
RARE_PATH = ["c5-s1-c", "c5-s4-b"]  # taken by two people only: it must never be named
THRESHOLD = 5


def ratings(rng: random.Random, role: str, timepoint: str, fixed: dict | None = None) -> dict:
    answers = {}
    frameworks = [("trust", TRUST), ("health_check", HC)]
    if role == "councillor":
        frameworks.append(("councillor_skills", CS))
    for framework, items in frameworks:
        for item in items:
            value = rng.choices([1, 2, 3, 4, 5], [1, 2, 3, 3, 2])[0]
            answers[f"rate.{framework}.{timepoint}/{item}"] = (fixed or {}).get(item, value)
    return answers


def write_person(
    src: Path, ident: str, role: str, cohort: str, seed: int, *, post: bool = True, **fixed
) -> None:
    rng = random.Random(seed)
    record = {"id": ident, "role": role, "jurisdiction": "england", "cohort": cohort}
    pre = ratings(rng, role, "pre", fixed)
    for check in CHECKS:
        pre[f"check.{check}/answer"] = check_answer(check, rng.random() < 0.6)
    path = RARE_PATH if fixed.get("rare") else scenario_path("challenge5", rng.random() < 0.7)
    pre["scenario.challenge5/path"] = path
    pre["relmap/e1"] = {
        "role": f"secret role of {ident}",
        "category": "senior_manager",
        "importance": rng.choice([3, 4, 5]),
        "quality": rng.choice([1, 2, 3, 4]),
    }
    write_answers(src / ident / "pre_workshop", pre, record)
    if post:
        write_answers(src / ident / "post_workshop", ratings(rng, role, "post", fixed), record)


KEY_SEEDS = range(12)  # key 0: the real command's every output; the others: its CSV files


@dataclass
class Outputs:
    html: str | None  # None: CSV files only (a key of the sweep)
    csv: dict[str, pd.DataFrame]
    csv_text: str
    xlsx: dict[str, pd.DataFrame] | None

    def get(self, name: str) -> pd.DataFrame:
        return self.csv[name]


def read_csv(folder: Path) -> tuple[dict[str, pd.DataFrame], str]:
    paths = sorted(folder.glob("*.csv"))
    text = "\n".join(p.read_text(encoding="utf-8") for p in paths)
    return {p.stem: pd.read_csv(p) for p in paths}, text


def report(src: Path, out: Path, key: Path, *, everything: bool = True) -> Outputs:
    """The outputs an analyst gets: the command's HTML, CSV and Excel, or the CSV files only
    (written by the same report object, without drawing)."""
    out.mkdir(parents=True)
    if not everything:
        build_report(load_cohort(src, key_file=key)).write_csv(out / "csv")
        return Outputs(None, *read_csv(out / "csv"), None)
    code = main(
        [
            "report",
            str(src),
            "--out",
            str(out / "report.html"),
            "--csv",
            str(out / "csv"),
            "--xlsx",
            str(out / "agg.xlsx"),
            "--key-file",
            str(key),
        ]
    )
    assert code == 0
    csv, text = read_csv(out / "csv")
    xlsx = pd.read_excel(out / "agg.xlsx", sheet_name=None)
    return Outputs((out / "report.html").read_text(encoding="utf-8"), csv, text, xlsx)


MAIN = [(f"person-{i:02d}", "councillor" if i < 12 else "officer") for i in range(20)]
LATE = ("late-submitter", "officer")
GONE = "person-03"  # rated pre, never post: pre n=20, post n=19


@pytest.fixture(scope="module", params=KEY_SEEDS, ids=lambda seed: f"key{seed}")
def runs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Three reports under one key: A (20 people), A plus one late submitter, a small council."""
    base = tmp_path_factory.mktemp("attacks")
    key = seeded_key(base / "analyst.key", request.param)
    whole = request.param == KEY_SEEDS[0]
    src = base / "A"
    for i, (ident, role) in enumerate(MAIN):
        write_person(src, ident, role, "Leeds", i, post=ident != GONE, rare=i in (5, 15))
    first = report(src, base / "out-A", key, everything=whole)
    cohort_a = load_cohort(src, key_file=key)
    write_person(src, LATE[0], LATE[1], "Leeds", 99)
    second = report(src, base / "out-A+1", key, everything=whole)
    small = base / "small"
    for i in range(10):  # 6 councillors and 4 officers; all rate TB1 5 and HC-O1 3
        role = "councillor" if i < 6 else "officer"
        write_person(small, f"small-{i}", role, "Fife", 200 + i, TB1=5, **{"HC-O1": 3})
    third = report(small, base / "out-small", key, everything=whole)
    return {
        "A": first,
        "A+1": second,
        "small": third,
        "cohort A": cohort_a,
        "cohort A+1": load_cohort(src, key_file=key),
        "cohort small": load_cohort(small, key_file=key),
        "src": src,
        "small src": small,
    }


# the attacker's bounds -------------------------------------------------------------------------
def candidates(published: object) -> set[int] | None:
    """True counts a published count allows (None: hidden, anything goes)."""
    if published is None or pd.isna(published):
        return None
    k = int(published)
    return {c for c in range(max(0, k - BASE + 1), k + BASE) if c % BASE or c == k}


def exact(value: object) -> set[int] | None:
    return None if value is None or pd.isna(value) else {int(value)}


def delta_possible(before: set[int] | None, after: set[int] | None, delta: int) -> bool:
    if before is None or after is None:
        return True
    return any(c + delta in after for c in before)


def late_answers(src: Path) -> dict[str, object]:
    """The late submitter's true answers, read from their files (the attacker's target)."""
    out = {}
    for path in (src / LATE[0]).rglob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for key, answer in data["answers"].items():
            out[key] = answer["value"]
    return out


def count_tables(cohort, bound) -> dict[tuple, set[int] | None]:
    """Exact count tables as the baseline attacker sees them (the numbers before protection)."""
    r = cohort.ratings
    counts = r.groupby(["framework", "timepoint", "item", "rating"], observed=True).size()
    table = {}
    for fw, tp, item in set(zip(r["framework"], r["timepoint"], r["item"], strict=True)):
        for v in range(1, 6):
            table[("rate", fw, tp, item, v)] = bound(int(counts.get((fw, tp, item, v), 0)))
    c = cohort.checks.groupby(["check", "outcome"], observed=True).size()
    for check in CHECKS:
        for outcome in ("right", "partly right", "wrong"):
            table[("check", check, outcome)] = bound(int(c.get((check, outcome), 0)))
    return table


def published_tables(out: Outputs) -> dict[tuple, set[int] | None]:
    table = {}
    for name, frame in out.csv.items():
        match = re.fullmatch(r"distribution-(.+)-(pre|post)", name)
        if match:
            for row in frame.itertuples(index=False):
                key = ("rate", match[1], match[2], row.item, int(row.rating))
                table[key] = candidates(row.people)
    checks = out.get("knowledge-checks")
    for row in checks.itertuples(index=False):
        table[("check", row.check, row.outcome)] = candidates(row.people)
    return table


def differencing_attack(
    before: dict, after: dict, truth: dict[str, object]
) -> tuple[int, int, int]:
    """For each of the late submitter's ratings and checks: which answers stay possible.
    Returns (answers attacked, recovered for certain, right best guesses)."""
    attacked = recovered = guessed = 0
    for key, value in truth.items():
        activity, _, item = key.partition("/")
        if activity.startswith("rate."):
            _, fw, tp = activity.split(".")
            options = list(range(1, 6))
            cell = lambda v, fw=fw, tp=tp, item=item: ("rate", fw, tp, item, v)  # noqa: E731
            target = int(value)
        elif activity.startswith("check.") and item == "answer":
            check = activity.split(".")[1]
            options = ["right", "partly right", "wrong"]
            cell = lambda o, check=check: ("check", check, o)  # noqa: E731
            target = "right" if check_answer(check, True) == value else "wrong"
        else:
            continue
        attacked += 1
        possible = [
            x
            for x in options
            if all(
                delta_possible(before.get(cell(o)), after.get(cell(o)), int(o == x))
                for o in options
            )
        ]
        assert target in possible, (key, possible)  # the stated bounds are honest
        recovered += len(possible) == 1

        def rise(o: object, cell=cell) -> int:
            b, a = before.get(cell(o)), after.get(cell(o))
            return 0 if a is None or b is None else min(a) - min(b)

        guessed += max(options, key=rise) == target
    return attacked, recovered, guessed


def test_two_runs_a_late_submitter_apart_give_away_none_of_their_answers(runs, capsys) -> None:
    truth = late_answers(runs["src"])
    cohort_a, cohort_b = runs["cohort A"], runs["cohort A+1"]
    attacked, recovered, _ = differencing_attack(
        count_tables(cohort_a, exact), count_tables(cohort_b, exact), truth
    )
    assert attacked >= 30 and recovered == attacked  # on exact numbers the attack is total
    attacked, recovered, guessed = differencing_attack(
        published_tables(runs["A"]), published_tables(runs["A+1"]), truth
    )
    assert recovered == 0
    with capsys.disabled():
        print(
            f"\n[attack] late submitter: {recovered}/{attacked} answers recovered for certain "
            f"(exact numbers: all); best guesses right {guessed}/{attacked}"
        )
    # and the relationship ratings: the flagged count of their category moves only by noise
    a = runs["A"].get("relationship-patterns")
    b = runs["A+1"].get("relationship-patterns")
    assert delta_possible(
        candidates(a["important but weak"][0]), candidates(b["important but weak"][0]), 0
    )
    assert delta_possible(
        candidates(a["important but weak"][0]), candidates(b["important but weak"][0]), 1
    )


def mean_interval(mean: float, n_published: object, width: float) -> tuple[float, float, set[int]]:
    """Where a published mean's true value can lie, over every true n its count allows."""
    ns = candidates(n_published) or set(range(THRESHOLD, 200))
    ns = {n for n in ns if n >= THRESHOLD}
    slack = max(width / n for n in ns) + 0.05
    return mean - slack, mean + slack, ns


def test_pre_against_post_with_one_person_fewer_gives_away_nothing(runs, capsys) -> None:
    """Pre n=20, post n=19: the leaver's area means = 20 x pre mean - 19 x 'before' mean."""
    out = runs["A"]
    pre = out.get("area-means-pre")
    change = out.get("change-area-all-pre-post")
    pre = pre[pre["cohort"] == "all cohorts"].set_index(["framework", "area"])
    change = change.set_index(["framework", "area"])
    cohort = runs["cohort A"]
    widths = []
    for key in change.index.intersection(pre.index):
        if pd.isna(pre.at[key, "mean"]) or pd.isna(change.at[key, "before"]):
            continue
        lo_all, hi_all, n_all = mean_interval(pre.at[key, "mean"], pre.at[key, "people"], 4)
        lo_both, hi_both, n_both = mean_interval(
            change.at[key, "before"], change.at[key, "people"], 4
        )
        lows, highs = [], []
        for n in n_all:
            for m in n_both:
                if m < n:
                    lows.append(n * lo_all - m * hi_both)
                    highs.append(n * hi_all - m * lo_both)
        widths.append(min(max(highs), 5) - max(min(lows), 1))
    assert widths and min(widths) >= 3.5  # the leaver's mean could be almost anything from 1 to 5
    # the same attack on exact numbers pins it down
    r = cohort.ratings
    person = r.groupby(["framework", "area", "timepoint", "pseudonym"], observed=True)[
        "rating"
    ].mean()
    pre_exact = person.xs("pre", level="timepoint").groupby(level=[0, 1]).agg(["mean", "size"])
    both = set(r[r["timepoint"] == "post"]["pseudonym"])
    before = person.xs("pre", level="timepoint").reset_index()
    before = (
        before[before["pseudonym"].isin(both)]
        .groupby(["framework", "area"])["rating"]
        .agg(["mean", "size"])
    )
    key = before.index[0]
    leaver = pre_exact.at[key, "mean"] * pre_exact.at[key, "size"] - (
        before.at[key, "mean"] * before.at[key, "size"]
    )
    truth = person.xs("pre", level="timepoint").loc[key]
    assert truth[truth.index.isin(both) == False].iloc[0] == pytest.approx(leaver)  # noqa: E712
    with capsys.disabled():
        print(
            f"\n[attack] pre n=20 / post n=19: narrowest feasible range for the leaver's area "
            f"mean {min(widths):.1f} scale points over {len(widths)} areas (exact numbers: 0)"
        )


def feasible_vectors(counts: list[object], n_published: object, mean: tuple | None) -> np.ndarray:
    """Every true distribution (counts at 1..5) the published numbers allow."""
    ranges = [sorted(candidates(c) or range(0, 60)) for c in counts]
    grid = np.array(list(itertools.product(*ranges)), dtype=int)
    totals = grid.sum(axis=1)
    ok = np.isin(totals, sorted(candidates(n_published) or range(THRESHOLD, 60)))
    if mean is not None:
        lo, hi, _ = mean
        sums = grid @ np.arange(1, 6)
        with np.errstate(divide="ignore", invalid="ignore"):
            means = np.where(totals > 0, sums / np.maximum(totals, 1), 0)
        ok &= (means >= lo - 1e-9) & (means <= hi + 1e-9)
    return grid[ok]


def test_no_distribution_can_be_rebuilt_from_counts_and_means(runs, capsys) -> None:
    """The 321-of-454 attack: rounded counts, the statement's mean and its n together still leave
    many distributions possible for every statement, and always include the true one. (In the
    small council everyone rated both times, so the change chart's 'before' mean is the mean of
    the very people in the distribution.)"""
    rebuilt = checked = 0
    smallest = 10**9
    for run, use_mean in (("A", False), ("small", True)):
        out, cohort = runs[run], runs[f"cohort {'A' if run == 'A' else 'small'}"]
        change = out.get("change-item-trust-pre-post").set_index("item")
        dist = out.get("distribution-trust-pre")
        r = cohort.ratings
        for item, part in dist.groupby("item"):
            part = part.sort_values("rating")
            if part["people"].isna().any():
                continue
            n = part.iloc[0]["people rating the statement"]
            mean = None
            if use_mean and not pd.isna(change.at[item, "before"]):
                mean = mean_interval(change.at[item, "before"], change.at[item, "people"], 4)
            vectors = feasible_vectors(list(part["people"]), n, mean)
            true = r[(r["framework"] == "trust") & (r["timepoint"] == "pre") & (r["item"] == item)]
            truth = [int((true["rating"] == v).sum()) for v in range(1, 6)]
            assert any((v == truth).all() for v in vectors), (run, item)  # honest bounds
            checked += 1
            rebuilt += len(vectors) == 1
            smallest = min(smallest, len(vectors))
    assert checked >= 8 and rebuilt == 0
    with capsys.disabled():
        print(
            f"\n[attack] rebuilding distributions: {rebuilt}/{checked} rebuilt; at least "
            f"{smallest} distributions fit each statement's published numbers"
        )


def test_a_hidden_group_cannot_be_worked_out_from_its_neighbours(runs) -> None:
    """Fife: 6 councillors and 4 officers. The officers' count and means are hidden, and
    total minus councillors does not pin them down."""
    out = runs["small"]
    roles = out.get("councillors-and-officers").set_index("role")
    assert pd.isna(roles.at["officer", "people"]) and roles.at["officer", "note"] == HIDDEN
    people = candidates(out.get("people-in-each-cohort").set_index("cohort").at["Fife", "people"])
    councillors = candidates(roles.at["councillor", "people"])
    officers = {t - c for t in people for c in councillors if t - c >= 0}
    assert len(officers) > 5 and max(officers) >= THRESHOLD  # could be a safe group or none
    framework = out.get("area-means-pre")
    skills = framework[framework["framework"] == "councillor_skills"]
    for value in skills["people"].dropna():  # the councillor-only framework's n
        leaked = {t - c for t in people for c in candidates(value)}
        assert len(leaked) > 5
    comparison = out.get("roles-pre")
    officer_rows = comparison[comparison["role"] == "officer"]
    assert officer_rows["mean"].isna().all() and officer_rows["people"].isna().all()


def test_everyone_answering_alike_is_not_shown_and_hidden_groups_show_no_zero(runs) -> None:
    out = runs["small"]
    dist = out.get("distribution-trust-pre")
    assert dist[dist["item"] == "TB1"]["note"].eq(HIDDEN).all()
    change = out.get("change-item-trust-pre-post").set_index("item")
    assert pd.isna(change.at["TB1", "before"]) and pd.isna(change.at["TB1", "after"])
    roles = out.get("roles-pre")
    assert roles[roles["item"] == "HC-O1"]["mean"].isna().all()
    for name, frame in out.csv.items():
        hidden = frame[frame["note"] == HIDDEN]
        numbers = hidden.select_dtypes("number")
        sizes = [c for c in numbers.columns if c.startswith("people")]
        # a group's own size may stand beside its hidden statistics only if the group is safe
        assert (numbers[sizes].fillna(BASE) >= BASE).all().all(), name
        rest = numbers.drop(columns=[*sizes, "rating", "challenge"], errors="ignore")
        assert rest.isna().all().all(), name  # no zero, no count inside a hidden group
        for column in [c for c in frame.columns if c == "percent"]:
            assert not (frame[column] >= 100).any(), name  # never "everyone"
    assert out.html is None or "(100%)" not in out.html


@pytest.mark.parametrize("run", ["A", "A+1", "small"])
def test_the_exports_carry_the_pages_numbers_at_its_precision_and_no_reasons(runs, run) -> None:
    out = runs[run]
    assert not re.search(r"\d\.\d\d", out.csv_text)  # one decimal at most, as on the page
    for name, frame in out.csv.items():
        assert set(frame["note"].dropna()) <= {HIDDEN}, name
        assert not {"hidden", "reason", "n", "sd", "std", "pseudonym"} & set(frame.columns), name
    xlsx = out.xlsx or {}
    if out.html is not None:
        assert set(xlsx) and len(xlsx) == len(out.csv)
    for frame in xlsx.values():
        for column in frame.select_dtypes("number"):
            values = frame[column].dropna()
            assert ((values * 10).round() == values * 10).all()
    everything = (
        (out.html or "") + out.csv_text + json.dumps({k: v.to_csv() for k, v in xlsx.items()})
    )
    for secret in ("person-0", "late-submitter", "small-", "secret role", "p-", ".json"):
        if secret == "p-":
            assert not re.search(r"p-[0-9a-f]{16}", everything)
        else:
            assert secret not in everything, secret
    # the rare path (two people) is never named, on the page or in the exports
    from widgets.logic.scenario import load_scenario

    scenario = load_scenario("challenge5")
    for choice_id in RARE_PATH:
        label = scenario.choice(choice_id).label
        assert label[:30] not in everything
    if out.html is None:
        return
    # the page shows the export's numbers
    dist = out.get("distribution-trust-pre")
    for row in dist.dropna(subset=["people"]).itertuples(index=False):
        assert f"<td>{int(row.people)} ({int(row.percent)}%)</td>" in out.html


def test_the_analysis_notebook_displays_only_protected_aggregates() -> None:
    """Run the notebook's code cells as Jupyter would and look at what each one displays."""
    notebook = json.loads(
        (Path(__file__).parents[2] / "notebooks" / "cohort_analysis.ipynb").read_text()
    )
    namespace: dict = {}
    shown = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        *body, last = source.strip().splitlines()
        exec("\n".join(body), namespace)
        try:
            value = eval(last, namespace)
        except SyntaxError:
            exec(last, namespace)
            continue
        if value is not None:
            shown.append(value._repr_html_() if hasattr(value, "_repr_html_") else repr(value))
    assert len(shown) >= 10
    images = r"data:image/png;base64,[A-Za-z0-9+/=]+"
    assert len(re.findall(images, "\n".join(shown))) >= 10
    # Searched without the embedded PNGs: base64 has '/' in its alphabet, so about one run in
    # twenty held '/tmp' by chance inside an image (a chart's pixels, not a path).
    text = re.sub(images, "", "\n".join(shown))
    assert not re.search(r"p-[0-9a-f]{16}", text)
    assert "commonground_answers.json" not in text and "/tmp" not in text
    assert tempfile.gettempdir() not in text and "commonground-synthetic-" not in text
    assert not re.search(r"synth-\d{5}", text)  # no participant id


# new attacks (afternoon audit): the page's sentences and the two export formats -----------------
def visible_text(page: str) -> str:
    """What a reader (or a screen reader) gets from the page: the text, the alt text and the
    captions, without the embedded images and the style sheet."""
    page = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", page)
    page = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    alts = " ".join(re.findall(r'alt="([^"]*)"', page))
    return re.sub(r"<[^>]+>", " ", page) + " " + alts


def sentences(page: str) -> list[str]:
    """The key findings and every alt text: the words an analyst can difference across runs."""
    findings = re.search(r'<section class="cg-findings".*?</section>', page, re.S)
    found = re.findall(r"<li>(.*?)</li>", findings[0]) if findings else []
    return found + re.findall(r'alt="([^"]*)"', page)


def export_numbers(out: Outputs) -> set[float]:
    numbers: set[float] = set()
    for frame in out.csv.values():
        for column in frame.select_dtypes("number"):
            numbers |= {round(float(v), 1) for v in frame[column].dropna()}
    return numbers


def test_the_findings_and_alt_text_hold_no_number_the_exports_do_not(runs) -> None:
    """A hostile analyst with two runs (A, A plus a late submitter) differences the key-finding
    sentences and the alt text instead of the tables: every mean or change they state must be one
    of the run's published (protected) numbers, so differencing them gives no more than the
    tables' differencing attack, which recovers nothing; shares are whole numbers that never say
    everyone or no one; nothing on the page (text or alt text) is finer than one decimal."""
    if runs["A"].html is None:
        pytest.skip("the HTML is written under the first key only (the others are CSV sweeps)")
    for run in ("A", "A+1", "small"):
        out = runs[run]
        published = {abs(v) for v in export_numbers(out)}
        said = [html_unescape(s) for s in sentences(out.html)]
        assert said, run
        for sentence in said:
            for number in re.findall(r"(?<![\w.])\d+\.\d+(?![\w.])", sentence):
                assert re.fullmatch(r"\d+\.\d", number), (run, number, sentence)
                assert float(number) in published, (run, number, sentence)
            for share in re.findall(r"(\d+(?:\.\d+)?)%( or more| or fewer)?", sentence):
                assert "." not in share[0], (run, sentence)
                if not share[1]:
                    assert 0 < int(share[0]) < 100, (run, sentence)
        text = html_unescape(visible_text(out.html))
        assert not re.search(r"(?<![\w.])\d+\.\d\d(?!\w)", text), run


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


def test_the_excel_sheets_and_the_csv_files_agree_cell_for_cell(runs) -> None:
    """Comparing the two export formats must not give a finer number or a reason: each Excel
    sheet is its CSV file, cell for cell (same hidden cells, same one-decimal values)."""
    if runs["A"].xlsx is None:
        pytest.skip("the Excel file is written under the first key only")
    for run in ("A", "A+1", "small"):
        out = runs[run]
        assert len(out.xlsx) == len(out.csv), run
        csv_frames = list(out.csv.values())
        for sheet_name, sheet in out.xlsx.items():
            matches = [
                f
                for f in csv_frames
                if list(f.columns) == list(sheet.columns)
                and f.shape == sheet.shape
                and f.isna().equals(sheet.isna())
            ]
            assert matches, (run, sheet_name)
            numeric = sheet.select_dtypes("number")
            assert any(
                np.allclose(
                    m[numeric.columns].astype(float).fillna(-1),
                    numeric.astype(float).fillna(-1),
                    atol=1e-9,
                )
                for m in matches
            ), (run, sheet_name)
