"""A council project like the Welsh council's scorecard the product owner holds: 47 indicators in four
priorities, short commentary on most rows (as in /work/shared/reference/), 13 months of monthly data and
SN and England benchmarks, written into a temporary folder. It is 3 pages in the council's own layout."""

from __future__ import annotations

import textwrap
from pathlib import Path

TITLES = [
    "Referrals received (annual rate per 10,000 children)",
    "Referrals within 12 months of a previous referral (%)",
    "Assessments completed (annual rate per 10,000 children)",
    "Assessments completed within 45 working days (%)",
    "Children subject to section 47 enquiries (rate per 10,000)",
    "Agency social workers in the workforce (%)",
    "Children in unregulated or unregistered placements (%)",
    "Initial child protection conferences (rate per 10,000)",
    "Initial conferences within 15 working days of the strategy discussion (%)",
    "Children in need (snapshot rate per 10,000 children)",
    "Children subject of a child protection plan (rate per 10,000)",
    "Child protection plans for a second or subsequent time (%)",
    "Child protection plans lasting two years or more (%)",
    "Children looked after (snapshot rate per 10,000 children)",
    "Children looked after who went missing in the period (%)",
    "Children looked after away without authorisation (%)",
    "Children looked after with teeth checked by a dentist (%)",
    "Children looked after with an annual health assessment (%)",
    "Children who ceased to be looked after who were adopted (%)",
    "Children who ceased to be looked after through a special guardianship order (%)",
    "Care leavers who stayed looked after until their 18th birthday (%)",
    "Care leavers aged 19-21 in suitable accommodation (%)",
    "Care leavers aged 19-21 in education, employment or training (%)",
    "Children seen within 5 days of referral (%)",
    "Children seen within 10 days of the assessment starting (%)",
    "Assessments completed within 15 days (%)",
    "Assessments completed within 35 days (%)",
    "Assessments audited as good or better (%)",
    "Assessments ending in no further action (%)",
    "Children looked after with an assessment in the last 12 months (%)",
    "Disabled children with an assessment in the last 12 months (%)",
    "Supervisions meeting the practice standard for frequency (%)",
    "Supervisions judged good and reflective (%)",
    "Cases judged good for decision making (%)",
    "Plans judged good or better (%)",
    "Children with an up to date plan (%)",
    "Statutory visits to children looked after within timescale (%)",
    "Statutory child protection visits within timescale (%)",
    "Children looked after with three or more placements in a year (%)",
    "Children placed at home on a care order (%)",
    "Looked after children persistently absent from school (%)",
    "Initial health assessments within 20 working days (%)",
    "Children under 5 with a health check in the last year (%)",
    "Social workers with more than 20 cases (%)",
    "Independent reviewing officers' caseloads within 70 (%)",
    "Children placed for adoption within 12 months of a decision (%)",
    "Young people aged 16-17 presenting as homeless who were assessed (%)",
]
COMMENT = ("The rate has moved by a little over the quarter and remains close to the target. Managers review the "
           "cases each month with team leaders and the service expects the position to hold through the winter.")  # fmt: skip
PRIORITIES = ["Front door and assessment", "Child protection", "Children looked after", "Care leavers and quality"]


def project(root: Path, layout: str = "compact", other: str | None = None) -> Path:
    """The project folder; its one pack, ``board``, in ``layout`` (and the pack's default ``other_commentary``
    unless ``other`` is given)."""
    registry, rows, comments, benchmarks = [], ["series,period,value,note"], ["period: Q2 2026-27", "indicators:"], []
    for n, title in enumerate(TITLES):
        priority = n * len(PRIORITIES) // len(TITLES)
        reference = f"W{n + 1}"
        registry.append((priority, f'  - {{reference: {reference}, title: "{title}", unit: percentage, polarity: high, '
                         f"calculation: {{numerator: n{n}, denominator: d{n}, window: rolling_12m}}, "
                         f"targets: {{'2026-27': 70}}, rag: {{rule: target_tolerance, tolerance: 5}}, key: {str(n % 3 == 0).lower()}}}"))  # fmt: skip
        for m in range(24):
            year, month = divmod(2024 * 12 + 9 + m, 12)  # Oct 2024 to Sep 2026
            rows.append(f"n{n},{year}-{month + 1:02d},{66 + (n * 5) % 12 + m * (n % 4 - 1) // 4},")
            rows.append(f"d{n},{year}-{month + 1:02d},100,")
        if n % 6:  # short commentary on most rows
            comments += [f"  {reference}:", "    author: Head of Service", "    date: 2026-10-10", f"    text: {COMMENT}"]
        benchmarks += [f"{reference},sn,2024-25,{68 + n % 7},DfE (fixture)", f"{reference},england,2024-25,70.0,DfE (fixture)"]
    files = {
        "publisher.yaml": "council: Cyngor Sir Enghraifft (fixture)\nbenchmarks: data/benchmarks.csv\n",
        "data/observations.csv": "\n".join(rows) + "\n",
        "data/population.csv": "year,population\n2026-27,30000\n",
        "data/benchmarks.csv": "reference,comparator,year,value,source\n" + "\n".join(benchmarks) + "\n",
        "commentary/2026-27-Q2.yaml": "\n".join(comments) + "\n",
        "packs/board.yaml": textwrap.dedent(f"""\
            committee: Social Care Scrutiny Committee
            title: Children's services performance scorecard
            meeting_date: 2026-11-20
            period: Q2 2026-27
            layout: {layout}
            {f'other_commentary: {other}' if other else ''}
            priorities: [{", ".join(f"{{priority: p{p}}}" for p in range(len(PRIORITIES)))}]
            columns: {{recent_periods: 4, benchmarks: [sn, england]}}
            """),
    }
    for p, name in enumerate(PRIORITIES):
        lines = [f"priority: {{id: p{p}, title: '{name}', order: {p}, lead: Lead {p}}}", "indicators:"]
        files[f"indicators/p{p}.yaml"] = "\n".join(lines + [line for q, line in registry if q == p]) + "\n"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root
