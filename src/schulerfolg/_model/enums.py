"""The model's enumerations; their values are the stable wire format."""

from __future__ import annotations

from enum import StrEnum


class DistrictKind(StrEnum):
    """Landkreis or kreisfreie Stadt."""

    RURAL_DISTRICT = "rural_district"
    URBAN_DISTRICT = "urban_district"


class SponsorKind(StrEnum):
    """What kind of body a sponsor (Träger) is."""

    PUBLIC_YOUTH_WELFARE = "public_youth_welfare"
    FREE_YOUTH_WELFARE = "free_youth_welfare"
    SCHOOL_AUTHORITY = "school_authority"
    MUNICIPALITY = "municipality"
    SCHOOL_SUPPORT_ASSOCIATION = "school_support_association"
    NON_PROFIT_LEGAL_PERSON = "non_profit_legal_person"


class ApplicantKind(StrEnum):
    """Who applies for an educational offer: a school, or a body of one of the sponsor kinds."""

    SCHOOL = "school"
    PUBLIC_YOUTH_WELFARE = "public_youth_welfare"
    FREE_YOUTH_WELFARE = "free_youth_welfare"
    SCHOOL_AUTHORITY = "school_authority"
    MUNICIPALITY = "municipality"
    SCHOOL_SUPPORT_ASSOCIATION = "school_support_association"
    NON_PROFIT_LEGAL_PERSON = "non_profit_legal_person"


class PartnerKind(StrEnum):
    """Kinds of cooperation partner (Kooperationspartner) named by the network offices."""

    SCHOOL = "school"
    SCHOOL_SUPERVISION = "school_supervision"
    SCHOOL_AUTHORITY = "school_authority"
    PUBLIC_YOUTH_WELFARE = "public_youth_welfare"
    FREE_YOUTH_WELFARE = "free_youth_welfare"
    COUNSELLING_CENTRE = "counselling_centre"
    SCHOOL_SUPPORT_ASSOCIATION = "school_support_association"
    MUNICIPALITY = "municipality"
    HEALTH_OFFICE = "health_office"
    YOUTH_EMPLOYMENT_AGENCY = "youth_employment_agency"
    PARENTS_COUNCIL = "parents_council"
    POLITICS = "politics"
    OTHER = "other"


class SchoolType(StrEnum):
    """Schulform."""

    PRIMARY_SCHOOL = "primary_school"  # Grundschule
    SECONDARY_SCHOOL = "secondary_school"  # Sekundarschule
    COMMUNITY_SCHOOL = "community_school"  # Gemeinschaftsschule
    COMPREHENSIVE_SCHOOL = "comprehensive_school"  # Gesamtschule
    GRAMMAR_SCHOOL = "grammar_school"  # Gymnasium
    SPECIAL_SCHOOL = "special_school"  # Förderschule
    VOCATIONAL_SCHOOL = "vocational_school"  # Berufsbildende Schule


class TargetGroup(StrEnum):
    """Zielgruppe of an educational offer."""

    PUPILS = "pupils"
    PARENTS = "parents"
    TEACHERS = "teachers"


class Module(StrEnum):
    """Programme module; co-financing differs per module and cycle."""

    SCHOOL_SOCIAL_WORK = "school_social_work"
    NETWORK_OFFICE = "network_office"
    STATE_COORDINATION = "state_coordination"


class FundingSource(StrEnum):
    """Where a part of a grant's money comes from."""

    EU = "eu"
    STATE = "state"
    MUNICIPAL = "municipal"
    OWN_CONTRIBUTION = "own_contribution"


class Audience(StrEnum):
    """Whom a network office (or one of its contacts) is the contact for: „Die Netzwerkstelle
    ist Ansprechperson für …“ as the offices publish it."""

    PUPILS = "pupils"  # Kinder und Jugendliche, Schüler:innen
    PARENTS = "parents"  # Eltern, Sorgeberechtigte
    TEACHERS = "teachers"  # Lehrkräfte an Schulen aller Schulformen
    SCHOOLS = "schools"  # Schulen (as institutions)
    SCHOOL_SOCIAL_WORKERS = "school_social_workers"  # Schulsozialarbeiter:innen
    YOUTH_WELFARE = "youth_welfare"  # Fachkräfte und Träger der Jugendhilfe
    SCHOOL_SUPPORT_ASSOCIATIONS = "school_support_associations"  # Schulfördervereine
    REPRESENTATIVES = "representatives"  # Eltern- und Schülervertretungen
    COUNSELLING_SERVICES = (
        "counselling_services"  # Beratungs-, Hilfs- und Unterstützungseinrichtungen
    )
    COMMITTEES = "committees"  # Gremien und Entscheidungsträger
    VOLUNTEERS = "volunteers"  # Ehrenamtliche Helfer
