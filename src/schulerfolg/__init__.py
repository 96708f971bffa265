"""schulerfolg: Sachsen-Anhalt's ESF+ programme „Schulerfolg sichern“ in code.

Everything public is importable from this one module; the underscored modules behind it are
private.  See ``docs/`` for the model, the JSON format, the rules and the plugin API.
"""

from importlib.metadata import PackageNotFoundError, version

from schulerfolg._converter import from_dict, from_json, to_dict, to_json
from schulerfolg._dates import CalendarYear, DateError, DateRange, SchoolYear, parse_date
from schulerfolg._errors import (
    DocumentError,
    InvariantError,
    NotFoundError,
    Problem,
    SchulerfolgError,
)
from schulerfolg._model import (
    Address,
    Applicant,
    ApplicantKind,
    Application,
    CoFinancing,
    Contact,
    CooperationPartner,
    CostPlanError,
    CostPlanLine,
    District,
    DistrictKind,
    FundingAmount,
    FundingCycle,
    FundingSource,
    GrantNotice,
    Module,
    NetworkOffice,
    PartnerKind,
    Programme,
    School,
    SchoolSocialWorkProject,
    SchoolType,
    Source,
    Sponsor,
    SponsorKind,
    TargetGroup,
    normalise_email,
    split_cost_plan_by_calendar_year,
    split_cost_plan_by_school_year,
)
from schulerfolg._money import (
    Money,
    MoneyError,
    format_money,
    money_sum,
    parse_money,
    round_to_cent,
)
from schulerfolg._reference import (
    district,
    districts,
    example_application,
    network_office,
    network_offices,
    programme,
)

try:
    __version__ = version("schulerfolg")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

__all__ = [
    "Address",
    "Applicant",
    "ApplicantKind",
    "Application",
    "CalendarYear",
    "CoFinancing",
    "Contact",
    "CooperationPartner",
    "CostPlanError",
    "CostPlanLine",
    "DateError",
    "DateRange",
    "District",
    "DistrictKind",
    "DocumentError",
    "FundingAmount",
    "FundingCycle",
    "FundingSource",
    "GrantNotice",
    "InvariantError",
    "Module",
    "Money",
    "MoneyError",
    "NetworkOffice",
    "NotFoundError",
    "PartnerKind",
    "Problem",
    "Programme",
    "School",
    "SchoolSocialWorkProject",
    "SchoolType",
    "SchoolYear",
    "SchulerfolgError",
    "Source",
    "Sponsor",
    "SponsorKind",
    "TargetGroup",
    "__version__",
    "district",
    "districts",
    "example_application",
    "format_money",
    "from_dict",
    "from_json",
    "money_sum",
    "network_office",
    "network_offices",
    "normalise_email",
    "parse_date",
    "parse_money",
    "programme",
    "round_to_cent",
    "split_cost_plan_by_calendar_year",
    "split_cost_plan_by_school_year",
    "to_dict",
    "to_json",
]
