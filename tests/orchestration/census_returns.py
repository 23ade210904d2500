"""Hand-made CIN census returns for the tests: a return's XML from its children's elements."""

from __future__ import annotations

from pathlib import Path


def census_return(
    lea: str,
    reference_date: str,
    children: list[str],
    *,
    year: str | None = None,
    collection: str = "CIN",
    prologue: str = '<?xml version="1.0" encoding="UTF-8"?>\n',
) -> str:
    """A return of the authority `lea` for the collection year ending `reference_date`."""
    return (
        f"{prologue}<Message>\n"
        "  <Header>\n"
        f"    <CollectionDetails><Collection>{collection}</Collection>"
        f"<Year>{year or reference_date[:4]}</Year>"
        f"<ReferenceDate>{reference_date}</ReferenceDate></CollectionDetails>\n"
        f"    <Source><SourceLevel>L</SourceLevel><LEA>{lea}</LEA><SoftwareCode>CaseSys</SoftwareCode>"
        "<Release>5.1</Release><SerialNo>7</SerialNo><DateTime>2024-05-02T09:30:00</DateTime></Source>\n"
        "  </Header>\n"
        "  <Children>\n"
        + "".join(children)
        + "  </Children>\n</Message>\n"
    )


def child(child_id: str | None, *episodes: str, sex: str = "<Sex>2</Sex>", birth: str = "2016-02-03",
          ethnicity: str = "WBRI", disabilities: tuple[str, ...] = ("NONE",)) -> str:
    identifier = f"<LAchildID>{child_id}</LAchildID>" if child_id is not None else ""
    listed = "".join(f"<Disability>{code}</Disability>" for code in disabilities)
    return (
        "    <Child>\n"
        f"      <ChildIdentifiers>{identifier}<UPN>A123456789012</UPN>"
        f"<PersonBirthDate>{birth}</PersonBirthDate>{sex}</ChildIdentifiers>\n"
        f"      <ChildCharacteristics><Ethnicity>{ethnicity}</Ethnicity>"
        f"<Disabilities>{listed}</Disabilities></ChildCharacteristics>\n"
        + "".join(episodes)
        + "    </Child>\n"
    )


def episode(referral_date: str | None, *blocks: str, closure: str = "", closure_reason: str = "",
            source: str = "1A", need: str = "N1", nfa: str = "false", icpc: str = "") -> str:
    referral = f"<CINreferralDate>{referral_date}</CINreferralDate>" if referral_date else ""
    return (
        "      <CINdetails>\n"
        f"        {referral}<ReferralSource>{source}</ReferralSource>"
        f"<PrimaryNeedCode>{need}</PrimaryNeedCode>"
        + (f"<CINclosureDate>{closure}</CINclosureDate>" if closure else "")
        + (f"<ReasonForClosure>{closure_reason}</ReasonForClosure>" if closure_reason else "")
        + (f"<DateOfInitialCPC>{icpc}</DateOfInitialCPC>" if icpc else "")
        + f"<ReferralNFA>{nfa}</ReferralNFA>\n"
        + "".join(f"        {block}\n" for block in blocks)
        + "      </CINdetails>\n"
    )


def assessment(start: str, authorised: str = "", factors: tuple[str, ...] = (), *,
               wrapped: bool = True) -> str:
    listed = "".join(f"<AssessmentFactors>{code}</AssessmentFactors>" for code in factors)
    if wrapped and factors:
        listed = f"<FactorsIdentifiedAtAssessment>{listed}</FactorsIdentifiedAtAssessment>"
    return (
        f"<Assessments><AssessmentActualStartDate>{start}</AssessmentActualStartDate>"
        + (f"<AssessmentAuthorisationDate>{authorised}</AssessmentAuthorisationDate>" if authorised else "")
        + f"{listed}</Assessments>"
    )


def cin_plan(start: str, end: str = "") -> str:
    return (
        f"<CINPlanDates><CINPlanStartDate>{start}</CINPlanStartDate>"
        + (f"<CINPlanEndDate>{end}</CINPlanEndDate>" if end else "")
        + "</CINPlanDates>"
    )


def section_47(start: str, icpc: str = "", target: str = "", not_required: str = "false") -> str:
    return (
        f"<Section47><S47ActualStartDate>{start}</S47ActualStartDate>"
        + (f"<InitialCPCtarget>{target}</InitialCPCtarget>" if target else "")
        + (f"<DateOfInitialCPC>{icpc}</DateOfInitialCPC>" if icpc else "")
        + f"<ICPCnotRequired>{not_required}</ICPCnotRequired></Section47>"
    )


def cp_plan(start: str, end: str = "", initial: str = "NEG", latest: str = "NEG",
            reviews: tuple[str, ...] = (), previous: str = "0") -> str:
    listed = "".join(f"<CPPreviewDate>{day}</CPPreviewDate>" for day in reviews)
    return (
        f"<ChildProtectionPlans><CPPstartDate>{start}</CPPstartDate>"
        + (f"<CPPendDate>{end}</CPPendDate>" if end else "")
        + f"<InitialCategoryOfAbuse>{initial}</InitialCategoryOfAbuse>"
        f"<LatestCategoryOfAbuse>{latest}</LatestCategoryOfAbuse>"
        f"<NumberOfPreviousCPP>{previous}</NumberOfPreviousCPP>"
        + (f"<Reviews>{listed}</Reviews>" if reviews else "")
        + "</ChildProtectionPlans>"
    )


def deliver_return(landing: Path, la: str, day: str, text: str | bytes) -> Path:
    """Write the return into its snapshot folder, then _SUCCESS."""
    folder = landing / la / day
    folder.mkdir(parents=True, exist_ok=True)
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    (folder / "cin_census.xml").write_bytes(data)
    (folder / "_SUCCESS").write_bytes(b"")
    return folder
