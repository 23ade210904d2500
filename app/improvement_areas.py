"""The eleven things the Ofsted focused visit letter says need to improve, in its own words.

The improvement tracker carries these titles too; the app keeps them so that the overview and
the definitions can be grouped by area before the tracker is published. Area 0 holds the
context volumes, which belong to no area.
"""

AREA_TITLES = {
    1: "The timeliness and quality of assessments, including assessments of disabled children.",
    2: "The voice of children in assessments.",
    3: "The focus and detail of plans.",
    4: "The help offered to children and families to ensure that they receive the right help at the right time.",
    5: "Multi-agency engagement in strategy discussions in open cases.",
    6: "Thresholds for holding an initial child protection conference.",
    7: "Managers' oversight of frontline practice.",
    8: "Recognition of the impact of domestic abuse on children.",
    9: "Identification and understanding of long-term neglect.",
    10: "The response to children vulnerable to radicalisation.",
    11: "The approach to 16- and 17-year-old young people who present as homeless.",
}
CONTEXT_AREA = 0
CONTEXT_TITLE = "Context: volumes of work"


def area_title(area: int) -> str:
    if area == CONTEXT_AREA:
        return CONTEXT_TITLE
    try:
        return AREA_TITLES[area]
    except KeyError:
        raise ValueError(f"improvement area {area!r} is not one of the letter's 1 to 11, or 0 for context") from None


def area_heading(area: int) -> str:
    """'6. Thresholds for holding ...' or the context title."""
    return area_title(area) if area == CONTEXT_AREA else f"{area}. {area_title(area)}"
